import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { LocalSlack } from '../src/local-slack/local-slack.js';
import { cleanEnv, ROOT, startBotProcess } from '../tests/run.js';
import { median } from './stats.js';

/**
 * Start-up as production runs it: compiled JavaScript (`node dist/main.js`, what `npm start` runs once
 * `scripts/build.mjs --if-stale` has built dist/) and the command line (`node dist/cli.js …`).
 */

/** Which build runs: this repository's dist/ by default; another folder's for a before/after comparison. */
export interface Build {
  /** The folder holding package.json, dist/ and the knowledge. */
  readonly root: string;
}

export const THIS_BUILD: Build = { root: ROOT };

/** Builds dist/ when the sources changed since the last build (what `npm start` does first). */
export function buildIfStale(): void {
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('bench: the build failed');
}

/** Milliseconds from spawning `node dist/main.js` (HTTP mode) to a 200 from /readyz. */
export async function startToReady(
  fake: LocalSlack,
  knowledgeDir: string,
  dataDir: string,
  /** Keep the bot running until this file exists (the caches a cold start writes in the background). */
  waitForFile?: string,
  build: Build = THIS_BUILD,
): Promise<number> {
  const started = performance.now();
  const bot = await startBotProcess(
    {
      SLACK_BOT_TOKEN: 'xoxb-bench-startup',
      SLACK_SIGNING_SECRET: 'bench-startup-secret',
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      KNOWLEDGE_DIR: knowledgeDir,
      DATA_DIR: dataDir,
      KNOWLEDGE_WATCH: 'false',
    },
    { script: 'dist/main.js', cwd: build.root, timeoutMs: 600_000 },
  );
  try {
    while ((await fetch(`http://127.0.0.1:${bot.port}/readyz`).catch(() => undefined))?.status !== 200) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const ms = performance.now() - started;
    for (let i = 0; waitForFile !== undefined && !existsSync(waitForFile) && i < 1200; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    return ms;
  } finally {
    await bot.stop();
  }
}

/** Cold (a new DATA_DIR each time) and warm (the caches a cold start wrote) starts, median of `runs` each. */
export async function coldAndWarm(
  fake: LocalSlack,
  knowledgeDir: string,
  runs: number,
  build: Build = THIS_BUILD,
): Promise<{ cold: number; warm: number }> {
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'kubecon-bench-data-'));
    try {
      cold.push(
        await startToReady(fake, knowledgeDir, dataDir, path.join(dataDir, 'cache', 'notes.json'), build),
      );
      warm.push(await startToReady(fake, knowledgeDir, dataDir, undefined, build));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  return { cold: median(cold), warm: median(warm) };
}

/** A folder with every corpus and the report in it: the largest knowledge the bench starts on. */
export async function largestFolder(corpora: Record<string, string>, report: string): Promise<string> {
  const big = await mkdtemp(path.join(tmpdir(), 'kubecon-bench-knowledge-'));
  for (const [name, dir] of Object.entries(corpora))
    if (name !== 'report') await cp(dir, path.join(big, name), { recursive: true });
  await cp(report, big, { recursive: true });
  return big;
}

/** The command lines timed on the report, as `npm run <name>` runs them (without npm's own 0.2 s). */
export const CLI_COMMANDS: readonly (readonly string[])[] = [
  ['ask', 'what did the team think of istio?'],
  ['eval', 'tests/eval/queries.json'],
  ['check'],
  ['tip', '--next'],
  ['gaps'],
];

const run = promisify(execFile);

/** Median milliseconds of `node dist/cli.js …` from spawn to exit, on the shipped report, fresh DATA_DIR. */
export async function cliMs(
  args: readonly string[],
  runs: number,
  build: Build = THIS_BUILD,
): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const env = cleanEnv({ KNOWLEDGE_DIR: path.join(build.root, 'knowledge') });
    const started = performance.now();
    await run(process.execPath, [path.join(build.root, 'dist/cli.js'), ...args], { cwd: ROOT, env });
    times.push(performance.now() - started);
    await rm(env.DATA_DIR ?? '', { recursive: true, force: true });
  }
  return median(times);
}
