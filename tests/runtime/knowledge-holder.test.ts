import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/core/answers/answer.js';
import { memoryNoteCache } from '../../src/core/knowledge/note-cache.js';
import { buildIndex } from '../../src/core/search/search-index.js';
import { createLogger } from '../../src/logger.js';
import { loadKnowledge } from '../../src/runtime/knowledge-files.js';
import { createKnowledgeHolder, watchKnowledge } from '../../src/runtime/knowledge-holder.js';
import { KNOWLEDGE_DIR, waitUntil } from '../helpers.js';

async function setup() {
  const dir = await mkdtemp(path.join(tmpdir(), 'kubecon-live-'));
  await cp(KNOWLEDGE_DIR, dir, { recursive: true });
  const lines: string[] = [];
  const logger = createLogger({
    level: 'info',
    secrets: [],
    destination: { write: (l) => lines.push(l) },
  });
  const cache = memoryNoteCache();
  const holder = createKnowledgeHolder({
    dir,
    initial: buildIndex(await loadKnowledge(dir, cache)),
    cache,
    logger,
    now: () => new Date(),
  });
  return { dir, holder, lines };
}

const KAFKA_NOTE =
  '---\ntitle: Kafka Summit\n---\n## Kafka streams\n\nWe learned that Kafka streams need care.\n';

describe('live knowledge reload', () => {
  it('swaps in a good change atomically; a question in flight keeps the index it started with', async () => {
    const { dir, holder } = await setup();
    const before = holder.index();
    expect(answerQuestion(before, 'kafka streams').declined).toBe(true);
    await writeFile(path.join(dir, 'kafka.md'), KAFKA_NOTE);
    const outcome = await holder.reload();
    expect(outcome.ok).toBe(true);
    expect(holder.index().knowledge.version).not.toBe(before.knowledge.version);
    expect(answerQuestion(holder.index(), 'kafka streams').results[0]?.heading).toBe('Kafka streams');
    expect(answerQuestion(before, 'kafka streams').declined).toBe(true);
  });

  it('rejects a broken new note by file:line, logs it in one line and serves everything else', async () => {
    const { dir, holder, lines } = await setup();
    await writeFile(path.join(dir, 'kafka.md'), KAFKA_NOTE);
    await writeFile(path.join(dir, 'broken.md'), '---\ntitle: Broken\nurl: [not, a, url]\n---\n# Broken\n');
    const outcome = await holder.reload();
    expect(outcome).toEqual({
      ok: true,
      version: holder.index().knowledge.version,
      rejected: [expect.stringMatching(/^broken\.md:3: frontmatter url/)],
    });
    expect(answerQuestion(holder.index(), 'kafka streams').results[0]?.heading).toBe('Kafka streams');
    expect(answerQuestion(holder.index(), 'istio').declined).toBe(false);
    const logged = lines.filter((l) => l.includes('broken.md:3'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/left out/);
  });

  it('keeps the last good version of a note that turns bad', async () => {
    const { dir, holder, lines } = await setup();
    await writeFile(path.join(dir, 'kafka.md'), KAFKA_NOTE);
    await holder.reload();
    await writeFile(path.join(dir, 'kafka.md'), `${KAFKA_NOTE}\n${'>'.repeat(5000)} deep\n`);
    const outcome = await holder.reload();
    expect(outcome).toMatchObject({
      ok: true,
      rejected: [expect.stringMatching(/^kafka\.md:8: .*nested 5000 levels/)],
    });
    expect(answerQuestion(holder.index(), 'kafka streams').results[0]?.heading).toBe('Kafka streams');
    expect(lines.some((l) => l.includes('kafka.md:8') && l.includes('last good version'))).toBe(true);
    const version = holder.index().knowledge.version;
    expect(await holder.reload()).toMatchObject({ ok: true, version });
  });

  it('keeps the old index when the tips file breaks, and logs file:line and the reason', async () => {
    const { dir, holder, lines } = await setup();
    const before = holder.index();
    await writeFile(
      path.join(dir, 'tips.yml'),
      '- id: t1\n  section: nowhere#at-all\n  text: A tip that is long enough.\n',
    );
    const outcome = await holder.reload();
    expect(outcome).toEqual({
      ok: false,
      errors: [expect.stringMatching(/^tips\.yml:2: tip "t1" points at unknown/)],
    });
    expect(holder.index()).toBe(before);
    expect(lines.some((l) => l.includes('tips.yml:2') && l.includes(before.knowledge.version))).toBe(true);
  });

  it('reloads by itself when a file in the folder changes', async () => {
    const { dir, holder } = await setup();
    const watcher = watchKnowledge(
      dir,
      holder,
      createLogger({ level: 'error', secrets: [], destination: { write: () => true } }),
      50,
    );
    try {
      const before = holder.index().knowledge.version;
      await writeFile(path.join(dir, 'kafka.md'), KAFKA_NOTE);
      await waitUntil('the watcher reloads', () => holder.index().knowledge.version !== before);
      expect(holder.index().knowledge.notes.map((n) => n.id)).toContain('kafka');
    } finally {
      watcher.close();
    }
  });
});
