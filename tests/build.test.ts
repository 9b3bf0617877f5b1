import { execFile } from 'node:child_process';
import {
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSlack } from '../src/local-slack/local-slack.js';
import { cleanEnv, ROOT, startBotProcess } from './run.js';

/**
 * The production build, in a temporary copy of the repository (never in it): `scripts/build.mjs` compiles
 * src/ to dist/ only when dist/ is stale, and the Dockerfile's steps (package files, `npm ci --omit=dev`,
 * dist/ and the knowledge, `node dist/main.js`) give a bot that starts and answers /healthz with no
 * TypeScript tooling installed. Compiling and installing take a while on a small machine: generous timeouts.
 */

const run = promisify(execFile);
const BUILD_INPUTS = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'scripts',
  'src',
];
const SLOW = 240_000;

let work: string;
/** The copy that is built: the build inputs, the knowledge, and the repository's node_modules linked in. */
let repo: string;
let firstBuild: { code: number; stdout: string; stderr: string };

/** Runs `node scripts/build.mjs` in the copy; never throws, returns the exit code and output. */
async function build(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['scripts/build.mjs', ...args], { cwd: repo });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The build's JavaScript files, by their path in dist/, with their text. */
async function builtModules(): Promise<{ file: string; text: string }[]> {
  const files = (await readdir(path.join(repo, 'dist'), { recursive: true })).filter((f) =>
    f.endsWith('.js'),
  );
  return Promise.all(
    files.map(async (file) => ({ file, text: await readFile(path.join(repo, 'dist', file), 'utf8') })),
  );
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kubecon-build-'));
  repo = path.join(work, 'repo');
  await mkdir(repo);
  for (const input of [...BUILD_INPUTS, 'knowledge'])
    await cp(path.join(ROOT, input), path.join(repo, input), { recursive: true });
  await symlink(await realpath(path.join(ROOT, 'node_modules')), path.join(repo, 'node_modules'));
  await writeFile(path.join(repo, 'src/extra.ts'), 'export const extra = 1;\n');
  firstBuild = await build('--if-stale');
}, SLOW);

afterAll(() => rm(work, { recursive: true, force: true }));

describe('scripts/build.mjs --if-stale', () => {
  it('compiles src/ to dist/ when there is no build yet, keeping standard output clean', async () => {
    expect(firstBuild.stderr).toContain('compiling src/ to dist/');
    expect(firstBuild).toMatchObject({ code: 0, stdout: '' });
    expect(await exists(path.join(repo, 'dist/main.js'))).toBe(true);
    expect(await exists(path.join(repo, 'dist/cli.js'))).toBe(true);
  });

  it('joins the program into its entries and their shared chunks, not a file per module', async () => {
    const files = await readdir(path.join(repo, 'dist'), { recursive: true });
    const modules = files.filter((f) => f.endsWith('.js'));
    for (const entry of ['main.js', 'cli.js', 'runtime/parse-worker.js', 'runtime/answer-worker.js'])
      expect(modules).toContain(entry);
    // tsc alone lays out a file per source module (about 130); the bundle has its entries and chunks.
    expect(await exists(path.join(repo, 'dist/core'))).toBe(false);
    expect(modules.length).toBeLessThan(80);
  });

  it("bundles only the parts of zod the schemas use, with zod's English messages and no other language", async () => {
    const text = (await builtModules()).map((m) => m.text).join('\n');
    // esbuild marks each bundled module with its path: full zod (classic) or a second locale means a
    // namespace import kept every export, and every command compiles ~0.8 MB more at start-up.
    expect(text).toContain('node_modules/zod/v4/locales/en.js');
    expect(text).not.toContain('node_modules/zod/v4/classic/');
    expect(text).not.toContain('node_modules/zod/v4/locales/de.js');
  });

  it('writes files Node reads as one-byte text, and leaves out js-yaml 3’s load of esprima', async () => {
    for (const { file, text } of await builtModules()) {
      expect({ file, nonAscii: text.match(/[^\p{ASCII}]/gu) ?? [] }).toEqual({ file, nonAscii: [] });
      expect(text).not.toContain('_require("esprima")');
    }
  });

  it('names no function as it is made, and keeps every class of src/ under its own name', async () => {
    const text = (await builtModules()).map((m) => m.text).join('\n');
    // esbuild's keepNames wraps each function and closure in a \`__name\` call, run whenever one is made.
    expect(text).not.toContain('__name(');
    const sources = await readdir(path.join(ROOT, 'src'), { recursive: true });
    const classes = new Set<string>();
    for (const file of sources.filter((f) => f.endsWith('.ts')))
      for (const [, name] of (await readFile(path.join(ROOT, 'src', file), 'utf8')).matchAll(
        /^(?:export )?class (\w+)/gm,
      ))
        if (name !== undefined) classes.add(name);
    expect(classes.size).toBeGreaterThan(5);
    for (const name of classes)
      expect(text, name).toMatch(new RegExp(`(?:class ${name}\\b|var ${name} = class\\b)`));
  });

  it('does nothing, quietly, when no source changed', async () => {
    const before = (await stat(path.join(repo, 'dist/main.js'))).mtimeMs;
    expect(await build('--if-stale')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await stat(path.join(repo, 'dist/main.js'))).mtimeMs).toBe(before);
  });

  it(
    'keeps the last good dist/ when tsc fails, and rebuilds it whole once the sources compile',
    async () => {
      // A file only the last good build has: it stays when a build fails, and goes when one succeeds.
      await writeFile(path.join(repo, 'dist/left-over.js'), '');
      await writeFile(path.join(repo, 'src/extra.ts'), 'export const extra: number = "one";\n');
      const failed = await build('--if-stale');
      expect(failed.code).not.toBe(0);
      expect(failed.stdout).toBe('');
      expect(failed.stderr).toContain('src/extra.ts');
      expect(await exists(path.join(repo, 'dist/left-over.js'))).toBe(true);
      expect(await exists(path.join(repo, 'dist/main.js'))).toBe(true);

      await rm(path.join(repo, 'src/extra.ts'));
      expect((await build('--if-stale')).code).toBe(0);
      expect(await exists(path.join(repo, 'dist/main.js'))).toBe(true);
      expect(await exists(path.join(repo, 'dist/left-over.js'))).toBe(false);
      expect((await readdir(repo)).filter((f) => f.startsWith('.dist'))).toEqual([]);
    },
    SLOW,
  );
});

describe("the production image's steps", () => {
  let fake: LocalSlack;
  let app: string;
  beforeAll(async () => {
    fake = await new LocalSlack().start();
    app = path.join(work, 'app');
    await mkdir(app);
    for (const file of ['package.json', 'package-lock.json'])
      await cp(path.join(repo, file), path.join(app, file));
    // npm ci as the Dockerfile runs it; npm's own variables from a surrounding `npm test` stay out.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_')));
    await run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: app, env });
    await cp(path.join(repo, 'dist'), path.join(app, 'dist'), { recursive: true });
    await cp(path.join(repo, 'knowledge'), path.join(app, 'knowledge'), { recursive: true });
  }, SLOW);
  afterAll(() => fake?.stop());

  it('install production dependencies only: no TypeScript, tsx, pino-pretty or test tools', async () => {
    for (const dev of ['typescript', 'tsx', 'pino-pretty', 'vitest', '@biomejs/biome'])
      expect(await exists(path.join(app, 'node_modules', dev)), dev).toBe(false);
    expect(await exists(path.join(app, 'node_modules/@slack/bolt'))).toBe(true);
  });

  it('start `node dist/main.js`, which answers /healthz and /readyz and stops cleanly on SIGTERM', async () => {
    const bot = await startBotProcess(
      {
        SLACK_BOT_TOKEN: 'xoxb-build-test-token-123',
        SLACK_SIGNING_SECRET: 'build-test-signing-secret',
        SLACK_API_URL: fake.apiUrl,
        PORT: '0',
        HOST: '127.0.0.1',
      },
      { script: 'dist/main.js', cwd: app },
    );
    try {
      const base = `http://127.0.0.1:${bot.port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({ ready: true });
    } finally {
      expect(await bot.stop()).toBe(0);
    }
  });

  it('run the command line from dist/, with JSON on standard output', async () => {
    const { stdout } = await run(process.execPath, ['dist/cli.js', 'ask', '--json', 'loki'], {
      cwd: app,
      env: cleanEnv(),
    });
    expect(JSON.parse(stdout)).toMatchObject({ query: 'loki', declined: false });
  });

  it('check the knowledge from dist/ in the compiled parse workers, without tsx', async () => {
    const { stdout } = await run(process.execPath, ['dist/cli.js', 'check'], { cwd: app, env: cleanEnv() });
    expect(stdout).toMatch(/^ok: 1 notes, 10 sections/);
  });
});
