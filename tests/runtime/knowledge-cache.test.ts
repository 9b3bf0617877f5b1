import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/core/answers/answer.js';
import { memoryNoteCache } from '../../src/core/knowledge/note-cache.js';
import { buildIndex, INDEX_FORMAT } from '../../src/core/search/search-index.js';
import { createLogger } from '../../src/logger.js';
import { loadIndex } from '../../src/runtime/knowledge-cache.js';
import { loadKnowledge } from '../../src/runtime/knowledge-files.js';
import { asciiJson, NOTES_CACHE, readNoteCache } from '../../src/runtime/note-cache-file.js';
import { KNOWLEDGE_DIR, waitUntil } from '../helpers.js';

const quiet = createLogger({
  level: 'error',
  secrets: [],
  destination: { write: () => true },
});
const copy = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'kubecon-cache-'));
  await cp(KNOWLEDGE_DIR, dir, { recursive: true });
  return dir;
};
const waitForFile = (dir: string, prefix: string) =>
  waitUntil(`${prefix} is written`, async () =>
    (await readdir(dir).catch(() => [] as string[])).some((f) => f.startsWith(prefix)),
  );

describe('the knowledge caches', () => {
  it('parse only the notes whose files changed', async () => {
    const dir = await copy();
    await writeFile(path.join(dir, 'other.md'), '---\ntitle: Other\n---\n## Other\n\nText.\n');
    const cache = memoryNoteCache();
    const first = await loadKnowledge(dir, cache);
    await writeFile(path.join(dir, 'other.md'), '---\ntitle: Other\n---\n## Other\n\nChanged text.\n');
    const second = await loadKnowledge(dir, cache);
    const report = (k: typeof first) => k.notes.find((n) => n.id === 'kubecon-2019-barcelona');
    expect(report(second)).toBe(report(first)); // the same object: not parsed again
    expect(second.notes.find((n) => n.id === 'other')).not.toBe(first.notes.find((n) => n.id === 'other'));
    expect(second.version).not.toBe(first.version);
  });

  it('save the index and the parsed notes, and start from them next time', async () => {
    const dir = await copy();
    const cacheDir = await mkdtemp(path.join(tmpdir(), 'kubecon-cache-dir-'));
    const cold = await loadIndex(dir, memoryNoteCache(), cacheDir, quiet);
    await waitForFile(cacheDir, NOTES_CACHE);
    expect((await readdir(cacheDir)).sort()).toEqual(
      [`index-v${INDEX_FORMAT}-${cold.knowledge.version}.json`, NOTES_CACHE].sort(),
    );
    const warmCache = await readNoteCache(path.join(cacheDir, NOTES_CACHE));
    expect(warmCache.entries()).toHaveLength(1);
    // Read back equal to what was parsed, though each text is saved once (not as the section's text, the
    // passage's text and its mrkdwn).
    expect(warmCache.entries()[0]?.[1]).toEqual(cold.knowledge.notes[0]);
    const saved = await readFile(path.join(cacheDir, NOTES_CACHE), 'utf8');
    expect(saved.length).toBeLessThan(0.75 * JSON.stringify(cold.knowledge.notes[0]).length);
    const warm = await loadIndex(dir, warmCache, cacheDir, quiet);
    for (const q of ['linkerd', 'tracing', 'banana'])
      expect(answerQuestion(warm, q)).toEqual(answerQuestion(cold, q));
  });

  it('rebuild from a corrupt cache without failing', async () => {
    const dir = await copy();
    const cacheDir = await mkdtemp(path.join(tmpdir(), 'kubecon-cache-dir-'));
    const version = (await loadKnowledge(dir)).version;
    await writeFile(path.join(cacheDir, `index-v${INDEX_FORMAT}-${version}.json`), '{"not": "an index"');
    await writeFile(path.join(cacheDir, NOTES_CACHE), 'garbage');
    const index = await loadIndex(
      dir,
      await readNoteCache(path.join(cacheDir, NOTES_CACHE)),
      cacheDir,
      quiet,
    );
    expect(answerQuestion(index, 'linkerd').results[0]?.heading).toBe('Service Meshes');
  });
});

describe('caches written by an older version', () => {
  it('are not used: an older notes cache is ignored, an older index is neither loaded nor kept', async () => {
    const dir = await copy();
    const cacheDir = await mkdtemp(path.join(tmpdir(), 'kubecon-cache-old-'));
    const knowledge = await loadKnowledge(dir);
    const stale = { ...knowledge.notes[0], title: 'stale' };
    await writeFile(path.join(cacheDir, NOTES_CACHE), JSON.stringify({ format: 1, entries: [['x', stale]] }));
    expect((await readNoteCache(path.join(cacheDir, NOTES_CACHE))).entries()).toEqual([]);
    const oldIndex = `index-${knowledge.version}.json`;
    await writeFile(path.join(cacheDir, oldIndex), '{"not": "an index of this version"');
    const index = await loadIndex(dir, memoryNoteCache(), cacheDir, quiet);
    expect(answerQuestion(index, 'sérvice mésh').results[0]?.heading).toBe('Service Meshes');
    await waitForFile(cacheDir, `index-v${INDEX_FORMAT}-`);
    for (let i = 0; i < 100 && (await readdir(cacheDir)).includes(oldIndex); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await readdir(cacheDir)).not.toContain(oldIndex);
  });
});

describe('near-duplicate sections', () => {
  it('show once in an answer, saying how many copies there are', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kubecon-dups-'));
    for (const version of ['2.14', '2.15', '2.16']) {
      await writeFile(
        path.join(dir, `${version}.md`),
        `---\ntitle: Docs ${version}\n---\n## Retries\n\nLinkerd ${version} retries failed requests.\n`,
      );
    }
    await writeFile(
      path.join(dir, 'other.md'),
      '---\ntitle: Blog\n---\n## Retry budgets\n\nRetries need a budget.\n',
    );
    const answer = answerQuestion(buildIndex(await loadKnowledge(dir)), 'retries');
    expect(answer.results.map((r) => [r.heading, r.copies])).toEqual([
      ['Retries', 3],
      ['Retry budgets', 1],
    ]);
  });
});

describe('the caches’ files', () => {
  it('are ASCII, and parse back to the same values', () => {
    const value = { text: 'café — “quoted” 🚀 naïve', keys: ['Ünïcode', 'plain'] };
    const json = asciiJson(JSON.stringify(value));
    expect(json).toMatch(/^[\x20-\x7e]*$/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
