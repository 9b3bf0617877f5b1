import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseCommand, runCli, USAGE, UsageError } from '../src/cli.js';
import { type CachedNote, memoryNoteCache } from '../src/core/knowledge/note-cache.js';
import { LocalSlack } from '../src/local-slack/local-slack.js';
import { loadKnowledge } from '../src/runtime/knowledge-files.js';
import { NOTES_CACHE, saveNoteCache } from '../src/runtime/note-cache-file.js';
import { KNOWLEDGE_DIR, SHARED_DIR } from './helpers.js';
import { cleanEnv, ROOT, runScript } from './run.js';

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli(argv, { KNOWLEDGE_DIR }, (t) => {
    out += t;
  });
  return { code, out };
}

describe('parseCommand', () => {
  it.each([
    [['ask', 'service', 'mesh'], { kind: 'ask', question: 'service mesh', json: false }],
    [['ask', '--json', 'loki'], { kind: 'ask', question: 'loki', json: true }],
    [['ask', 'what', 'about', '--json', 'loki?'], { kind: 'ask', question: 'what about loki?', json: true }],
    [['ask', '--', '--verbose flag'], { kind: 'ask', question: '--verbose flag', json: false }],
    [['eval'], { kind: 'eval', files: [], json: false }],
    [['eval', '--json', 'a.json', 'b.json'], { kind: 'eval', files: ['a.json', 'b.json'], json: true }],
    [['check'], { kind: 'check' }],
    [['tip', '--next'], { kind: 'tip', post: false }],
    [['tip', '--post'], { kind: 'tip', post: true }],
    [['gaps', '--json'], { kind: 'gaps', json: true }],
    [['manifest'], { kind: 'manifest', options: { mentionsOnly: false, noAssistant: false }, json: false }],
    [
      ['manifest', '--socket'],
      { kind: 'manifest', options: { mentionsOnly: false, noAssistant: false }, json: false },
    ],
    [
      ['manifest', '--http', 'https://bot.example.com', '--mentions-only', '--no-assistant', '--json'],
      {
        kind: 'manifest',
        options: { httpBase: 'https://bot.example.com', mentionsOnly: true, noAssistant: true },
        json: true,
      },
    ],
    [['ask', '--help'], { kind: 'help' }],
    [['tip', '-h'], { kind: 'help' }],
    [['--help'], { kind: 'help' }],
  ])('reads %j', (argv, command) => {
    expect(parseCommand(argv)).toEqual(command);
  });

  it.each([
    [[], /no command/],
    [['ask'], /ask needs a question/],
    [['ask', '   '], /ask needs a question/],
    [['ask', '--jsno', 'loki'], /Unknown option '--jsno'/],
    [['tip'], /tip needs one of --next or --post/],
    [['tip', '--pots'], /Unknown option '--pots'/],
    [['tip', '--next', '--post'], /tip needs one of --next or --post/],
    [['tip', '--next', 'tomorrow'], /tip takes no arguments/],
    [['check', '--json'], /check does not take --json/],
    [['gaps', '--post'], /gaps does not take --post/],
    [['ask', '--json=yes', 'loki'], /--json/],
    [['serve'], /unknown command "serve"/],
    [['manifest', '--http'], /argument missing/],
    [['manifest', '--http', 'http://bot.example.com'], /^--http needs the bot's https base URL/],
    [['manifest', '--http', 'https://bot.example.com/slack/events'], /--http needs/],
    [['manifest', '--socket', '--http', 'https://bot.example.com'], /one of --socket or --http/],
    [['manifest', 'http'], /manifest takes no arguments/],
    [['ask', '--mentions-only', 'loki'], /ask does not take --mentions-only/],
  ])('refuses %j', (argv, reason) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
    expect(() => parseCommand(argv)).toThrow(reason);
  });
});

describe('usage errors', () => {
  it('exit 2 with the reason and the usage line, on standard error, before loading anything', async () => {
    const out: string[] = [];
    const errors: string[] = [];
    const code = await runCli(
      ['tip', '--pots'],
      { KNOWLEDGE_DIR: '/nonexistent' },
      (t) => out.push(t),
      (t) => errors.push(t),
    );
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(errors).toEqual([`cli.ts: Unknown option '--pots'\n${USAGE}`]);
  });

  it('npm run ask without a question exits 2; npm run ask -- --help prints the usage and exits 0', async () => {
    const missing = await runScript('src/cli.ts', ['ask']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe(`cli.ts: ask needs a question\n${USAGE}\n`);
    const help = await runScript('src/cli.ts', ['ask', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe(`${USAGE}\n`);
  });

  it('stops quietly when its reader closes the pipe early (npm run eval | head -1)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'eval'], {
      cwd: ROOT,
      env: cleanEnv({ KNOWLEDGE_DIR }),
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    // The reader is gone before the first line: every write the CLI makes meets a closed pipe.
    child.stdout.destroy();
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

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

  it("takes an unchanged note from the bot's note cache in DATA_DIR instead of parsing it again", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'kubecon-cli-cache-'));
    const cache = memoryNoteCache();
    await loadKnowledge(KNOWLEDGE_DIR, cache);
    // A cached note marked, so the answer shows which one was served.
    const marked = cache.entries().map(([key, note]): [string, CachedNote] => {
      if (!('sections' in note)) return [key, note];
      const sections = note.sections.map((s) => ({ ...s, heading: `${s.heading} (cached)` }));
      return [key, { ...note, sections }];
    });
    await saveNoteCache(path.join(dataDir, 'cache', NOTES_CACHE), memoryNoteCache(marked));
    let out = '';
    await runCli(['ask', '--json', 'loki'], { KNOWLEDGE_DIR, DATA_DIR: dataDir }, (t) => {
      out += t;
    });
    expect(JSON.parse(out).results[0].heading).toBe('2. The Logging Problem (cached)');
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

  it('defaults to every set, reporting the tuning and held-back parts separately', async () => {
    const { out } = await cli('eval');
    expect(out).toMatch(/tests\/eval\/queries\.json \(tuning\): \d+ cases/);
    expect(out).toMatch(/tests\/eval\/held-back-a\.json \(held back, never tuned on\): \d+ cases/);
    expect(out).toMatch(/top-1 \d+\.\d%/);
    expect(out).toMatch(/wrong answers \d+ {2}false declines \d+/);
  });

  it('keeps --json FILE’s shape: summary, and results with q, top and declined', async () => {
    const { out } = await cli('eval', '--json', path.join(import.meta.dirname, 'eval/queries.json'));
    const parsed = JSON.parse(out) as { summary: { top1: number }; results: Record<string, unknown>[] };
    expect(parsed.summary.top1).toBeGreaterThan(0.9);
    expect(parsed.results[0]).toMatchObject({ q: expect.any(String), declined: expect.any(Boolean) });
    expect(parsed.results[0]).toHaveProperty('top');
  });
});

describe('npm run tip', () => {
  it('shows the next tip and when it will be posted', async () => {
    let out = '';
    const code = await runCli(
      ['tip', '--next'],
      { KNOWLEDGE_DIR, DATA_DIR: await mkdtemp(path.join(tmpdir(), 'tip-')), TIP_CHANNEL: 'C0TIPNEXT' },
      (t) => {
        out += `${t}\n`;
      },
    );
    expect(code).toBe(0);
    expect(out).toMatch(/^next tip: [a-z0-9-]+\n/);
    expect(out).toMatch(/posts \w+day, \d+ \w+ \d{4} at 09:30 \(Europe\/London\) to C0TIPNEXT/);
  });

  it('posts today’s tip once with --post; a second call the same day does nothing and says so', async () => {
    const fake = await new LocalSlack().start();
    try {
      const env = {
        KNOWLEDGE_DIR,
        DATA_DIR: await mkdtemp(path.join(tmpdir(), 'tip-')),
        TIP_CHANNEL: 'C0TIPPOST',
        SLACK_BOT_TOKEN: 'xoxb-cli-tip-test',
        SLACK_SIGNING_SECRET: 'cli-tip-signing-secret',
        SLACK_API_URL: fake.apiUrl,
      };
      const outputs: string[] = [];
      for (let i = 0; i < 2; i++)
        expect(await runCli(['tip', '--post'], env, (t) => outputs.push(t))).toBe(0);
      expect(outputs).toEqual([
        "posted today's tip to C0TIPPOST",
        "today's tip was already posted to C0TIPPOST; nothing to do",
      ]);
      expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    } finally {
      await fake.stop();
    }
  });
});

describe('npm run manifest', () => {
  it('prints the committed manifest by default, and with --socket', async () => {
    const committed = await readFile(path.join(ROOT, 'manifest.yml'), 'utf8');
    for (const args of [['manifest'], ['manifest', '--socket']]) {
      const result = await runScript('src/cli.ts', args);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(committed);
    }
  });

  it('prints the HTTP manifest, as YAML or JSON, with every request URL at <base>/slack/events', async () => {
    const url = 'https://bot.example.com/slack/events';
    const yaml = await runScript('src/cli.ts', ['manifest', '--http', 'https://bot.example.com']);
    expect(yaml.code).toBe(0);
    const json = await cli('manifest', '--http', 'https://bot.example.com', '--json', '--mentions-only');
    expect(json.code).toBe(0);
    for (const manifest of [parse(yaml.stdout), JSON.parse(json.out)]) {
      expect(manifest.settings.socket_mode_enabled).toBe(false);
      expect(manifest.settings.event_subscriptions.request_url).toBe(url);
      expect(manifest.settings.interactivity.request_url).toBe(url);
      expect(manifest.features.slash_commands[0].url).toBe(url);
    }
    expect(JSON.parse(json.out).oauth_config.scopes.bot).not.toContain('channels:history');
  });

  it('exits 2 with one line naming --http when the URL is not an https base URL', async () => {
    const result = await runScript('src/cli.ts', ['manifest', '--http', 'http://bot.example.com']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const [reason, usage] = result.stderr.split('\n');
    expect(reason).toMatch(
      /^cli\.ts: --http needs the bot's https base URL, like https:\/\/bot\.example\.com/,
    );
    expect(usage).toBe(USAGE);
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

  it('lists every problem of every file at once, each once, in file and line order', async () => {
    const fixture = path.join(ROOT, 'tests/fixtures/check/every-file');
    const result = await runScript('src/cli.ts', ['check'], {
      env: { KNOWLEDGE_DIR: path.join(fixture, 'knowledge') },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(await readFile(path.join(fixture, 'expected.txt'), 'utf8'));
  });

  it('names every hostile note file with file:line, exits non-zero, and checks the rest', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kubecon-check-'));
    await cp(KNOWLEDGE_DIR, dir, { recursive: true });
    await writeFile(path.join(dir, 'quote.md'), `# Quote\n\n${'>'.repeat(5000)} deep\n`);
    await writeFile(path.join(dir, 'elf.md'), Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0]));
    await writeFile(path.join(dir, 'empty.md'), '');
    await writeFile(path.join(dir, 'latin1.md'), Uint8Array.from([0x23, 0x20, 0x43, 0x61, 0x66, 0xe9, 0x0a]));
    const result = await runScript('src/cli.ts', ['check'], {
      env: { KNOWLEDGE_DIR: dir },
      timeoutMs: 120_000,
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'elf.md:1: a binary file (a NUL byte), not a note',
      'empty.md:1: empty note: no text after the frontmatter',
      'latin1.md:1: not valid UTF-8 text',
      'quote.md:3: lists or quotes nested 5000 levels deep; the limit is 32',
    ]);
    expect(result.stdout).toMatch(/^not ok: 4 note files rejected; the rest: 1 notes, 10 sections/);
  }, 150_000);
});
