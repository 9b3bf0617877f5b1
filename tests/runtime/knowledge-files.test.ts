import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnowledgeErrors } from '../../src/core/errors.js';
import { loadKnowledge, READ_BATCH } from '../../src/runtime/knowledge-files.js';

/** A knowledge folder in a temporary directory, from a map of relative path to content. */
async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kubecon-knowledge-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

async function loadErrors(files: Record<string, string>): Promise<string[]> {
  try {
    await loadKnowledge(await folder(files));
  } catch (error) {
    if (error instanceof KnowledgeErrors) return error.errors.map((e) => e.message);
    throw error;
  }
  throw new Error('expected the load to fail');
}

const TOPICS = '- id: tracing\n  label: Tracing\n  aliases: [jaeger]\n';

describe('loadKnowledge', () => {
  it('reads every note below the folder, in nested folders too, without code changes', async () => {
    const dir = await folder({
      'a.md': '---\ntitle: A\n---\n## One\n\nText one.\n',
      'conferences/2024/b.md': '---\ntitle: B\n---\n## Two\n\nJaeger here, Jaeger there.\n',
      'topics.yml': TOPICS,
    });
    const knowledge = await loadKnowledge(dir);
    expect(knowledge.notes.map((n) => n.id)).toEqual(['a', 'conferences/2024/b']);
    expect(knowledge.sections.get('conferences/2024/b#two')?.topics).toEqual(['tracing']);
  });

  it.each([
    [
      'invalid YAML',
      { 'bad.md': '---\ntitle: A\ntopics: [unclosed\n---\nText.\n' },
      /^bad\.md:3: frontmatter is not valid YAML/,
    ],
    [
      'a value of a nested field',
      { 'bad.md': '---\ntitle: A\n# the trip\ndates:\n  start: 2019-05-20\n  end: soon\n---\n' },
      /^bad\.md:6: frontmatter dates\.end: expected a date/,
    ],
    [
      'an unknown topic of one section',
      {
        'bad.md':
          '---\nsection_topics:\n  Intro: [tracing]\n  Wrap Up:\n    - tracing\n    - nope\n---\n## Intro\n\n## Wrap Up\n',
        'topics.yml': TOPICS,
      },
      /^bad\.md:6: .*unknown topic "nope"/,
    ],
    [
      'frontmatter that is code, not YAML',
      { 'bad.md': '---js\n{ title: "A" }\n---\n' },
      /^bad\.md:1: frontmatter must be YAML/,
    ],
    [
      'a field of the wrong type',
      { 'bad.md': '---\ntitle: A\nurl: not a url\n---\nText.\n' },
      /^bad\.md:3: frontmatter url: /,
    ],
    [
      'a frontmatter list that is not a list',
      { 'bad.md': '---\ntitle: A\n\ntopics: tracing\n---\n' },
      /^bad\.md:4: frontmatter topics: /,
    ],
    [
      'an unknown topic',
      { 'bad.md': '---\ntitle: A\ntopics: [nope]\n---\n', 'topics.yml': TOPICS },
      /^bad\.md:3: .*unknown topic "nope"/,
    ],
    [
      'a topic without a label',
      { 'a.md': '# A\n', 'topics.yml': '- id: ok\n  label: OK\n- id: bad\n' },
      /^topics\.yml:3: topic "bad": label/,
    ],
    [
      'a duplicate topic',
      { 'a.md': '# A\n', 'topics.yml': `${TOPICS}${TOPICS}` },
      /^topics\.yml:4: duplicate topic id "tracing"/,
    ],
    [
      'a tip pointing nowhere',
      {
        'a.md': '## S\n\nText.\n',
        'tips.yml': '- id: t1\n  section: a#nope\n  text: A tip that is long enough to count.\n',
      },
      /^tips\.yml:2: tip "t1" points at unknown section "a#nope"/,
    ],
    [
      'a tip too long for a chat message',
      { 'a.md': '## S\n\nText.\n', 'tips.yml': `- id: t1\n  section: a#s\n  text: ${'x'.repeat(700)}\n` },
      /^tips\.yml:3: tip "t1": text: /,
    ],
  ])('names the file and line of %s', async (_, files, pattern) => {
    const errors = await loadErrors(files as Record<string, string>);
    expect(errors[0]).toMatch(pattern);
  });

  it('rejects every broken note on its own, all at once, and keeps the rest', async () => {
    const knowledge = await loadKnowledge(
      await folder({
        'one.md': '---\ntitle: [\n---\n',
        'two.md': '---\nurl: 12\n---\n',
        'fine.md': '# Fine\n',
      }),
    );
    expect(knowledge.rejected?.map((e) => e.message.split(':')[0])).toEqual(['one.md', 'two.md']);
    expect(knowledge.notes.map((n) => n.id)).toEqual(['fine']);
  });

  it('leaves out the tips about a rejected note instead of failing the tips file', async () => {
    const knowledge = await loadKnowledge(
      await folder({
        'gone.md': '# Gone\n\n\0\n',
        'fine.md': '## S\n\nText.\n',
        'tips.yml':
          '- id: t1\n  section: gone#gone\n  text: A tip that is long enough to count.\n' +
          '- id: t2\n  section: fine#s\n  text: Another tip that is long enough.\n',
      }),
    );
    expect(knowledge.rejected?.map((e) => e.message)).toEqual([
      'gone.md:3: a binary file (a NUL byte), not a note',
    ]);
    expect(knowledge.tips.map((t) => t.id)).toEqual(['t2']);
  });

  it('fails as a whole when no note can be used', async () => {
    expect(await loadErrors({ 'empty.md': '', 'binary.md': '\0' })).toEqual([
      'binary.md:1: a binary file (a NUL byte), not a note',
      'empty.md:1: empty note: no text after the frontmatter',
    ]);
  });

  it('rejects a file over the size limit without reading all of it', async () => {
    const dir = await folder({ 'fine.md': '# Fine\n', 'huge.md': `# Huge\n\n${'word '.repeat(300_000)}` });
    expect((await loadKnowledge(dir)).rejected?.map((e) => e.message)).toEqual([
      'huge.md:1: larger than 1 MB, the limit for a note',
    ]);
  });

  it('rejects a pipe or a folder named like a note, without waiting on it, and reads the rest', async () => {
    const dir = await folder({ 'fine.md': '# Fine\n' });
    execFileSync('mkfifo', [path.join(dir, 'pipe.md')]);
    await mkdir(path.join(dir, 'folder.md'));
    const knowledge = await loadKnowledge(dir);
    expect(knowledge.rejected?.map((e) => e.message)).toEqual([
      'folder.md:1: cannot read the file: not a regular file',
      'pipe.md:1: cannot read the file: not a regular file',
    ]);
    expect(knowledge.notes.map((n) => n.id)).toEqual(['fine']);
  });

  it('reads a folder of more notes than one batch between event-loop turns', async () => {
    const files = Object.fromEntries(
      Array.from({ length: READ_BATCH * 2 + 3 }, (_, i) => [`n${i}.md`, `# Note ${i}\n\nText ${i}.\n`]),
    );
    const knowledge = await loadKnowledge(await folder(files));
    expect(knowledge.notes).toHaveLength(READ_BATCH * 2 + 3);
    expect(knowledge.rejected).toEqual([]);
  });

  it('fails clearly on an empty or missing folder', async () => {
    expect((await loadErrors({}))[0]).toMatch(/no notes/);
    await expect(loadKnowledge('/nonexistent/knowledge')).rejects.toThrow(/cannot read the knowledge folder/);
  });
});
