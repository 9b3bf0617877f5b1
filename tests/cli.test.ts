import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { KNOWLEDGE_DIR, SHARED_DIR } from './helpers.js';
import { runScript } from './run.js';

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli(argv, { KNOWLEDGE_DIR }, (t) => {
    out += t;
  });
  return { code, out };
}

describe('npm run ask', () => {
  it('prints the answer as text', async () => {
    const { code, out } = await cli('ask', 'linkerd');
    expect(code).toBe(0);
    expect(out).toContain('Service Meshes');
    expect(out).toContain('Linkerd talk');
  });

  it('prints JSON with results, talks, links and the Slack message', async () => {
    const { out } = await cli('ask', '--json', 'loki');
    const json = JSON.parse(out);
    expect(json).toMatchObject({ query: 'loki', declined: false, suggestions: [] });
    expect(json.results[0]).toMatchObject({
      heading: '2. The Logging Problem',
      path: 'Observability › 2. The Logging Problem',
    });
    expect(json.results[0].talks).toEqual([
      { kind: 'talk', title: 'Loki talk', url: 'https://www.youtube.com/watch?v=CQiawXlgabQ' },
    ]);
    expect(typeof json.results[0].score).toBe('number');
    expect(json.results[0].excerpt).toContain('Loki');
    expect(json.message.blocks.length).toBeGreaterThan(0);
  });

  it('declines with suggestions and no results', async () => {
    const json = JSON.parse((await cli('ask', '--json', 'banana')).out);
    expect(json.declined).toBe(true);
    expect(json.results).toEqual([]);
    expect(json.suggestions.length).toBeGreaterThan(0);
  });
});

describe('npm run eval', () => {
  it('scores the shared relevance set with --json', async () => {
    const json = JSON.parse((await cli('eval', '--json', path.join(SHARED_DIR, 'eval/queries.json'))).out);
    expect(json.summary).toMatchObject({ cases: 24, top1: 1, correctDeclines: 1 });
    expect(json.results[0]).toEqual(
      expect.objectContaining({ q: 'service meshes', top: 'Service Meshes', declined: false }),
    );
    expect(json.results[0].headings.length).toBeLessThanOrEqual(3);
  });

  it('defaults to the project’s own set and lists misses in text mode', async () => {
    const { out } = await cli('eval');
    expect(out).toMatch(/tests\/eval\/queries\.json: \d+ cases/);
    expect(out).toMatch(/top-1 \d+\.\d%/);
  });
});

describe('npm run check', () => {
  it('passes on the shipped knowledge', async () => {
    expect((await cli('check')).out).toMatch(/^ok: 1 notes, \d+ sections, \d+ topics/);
  });

  it('exits non-zero with file:line errors on a broken folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kubecon-check-'));
    await writeFile(path.join(dir, 'broken.md'), '---\ntitle: Broken\nurl: nope\n---\n# Broken\n');
    const result = await runScript('src/cli.ts', ['check'], { env: { KNOWLEDGE_DIR: dir } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^broken\.md:3: frontmatter url/m);
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
