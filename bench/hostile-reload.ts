import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LocalSlack } from '../src/local-slack/local-slack.js';
import { startBotProcess } from '../tests/run.js';
import { percentile } from './stats.js';

/** `/healthz` latency while a reload parses hostile files (issue 20's target: p99 under 100 ms). */
export interface HostileReloadFigures {
  readonly probes: number;
  readonly reloadMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Note files the reload rejected. */
  readonly rejected: number;
}

/** A list nested `levels` deep, one level per line. */
const nestedList = (levels: number) =>
  Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n');

/**
 * The files of a bad day: the 700-level list and 5,000 `>` (rejected before parsing), a binary, and
 * a note of 60 lists nested just under the limit, which passes the screening and keeps a worker busy.
 */
const HOSTILE: Record<string, string | Uint8Array> = {
  'deep.md': `# Deep\n\n${nestedList(700)}\n`,
  'quote.md': `# Quote\n\n${'>'.repeat(5000)} deep\n`,
  'elf.md': Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(4096).fill(0)]),
  'nested.md': `# Nested\n\n${Array.from({ length: 60 }, (_, i) => `## Part ${i}\n\n${nestedList(31)}\n`).join('\n')}`,
};

/** Starts the bot on a copy of `knowledgeDir`, drops the hostile files in, sends SIGHUP and probes /healthz until the reload ends. */
export async function healthDuringHostileReload(
  fake: LocalSlack,
  knowledgeDir: string,
  everyMs = 10,
): Promise<HostileReloadFigures> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kubecon-bench-hostile-'));
  await cp(knowledgeDir, dir, { recursive: true });
  const bot = await startBotProcess(
    {
      SLACK_BOT_TOKEN: 'xoxb-bench-hostile',
      SLACK_SIGNING_SECRET: 'bench-hostile-secret',
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      KNOWLEDGE_DIR: dir,
      KNOWLEDGE_WATCH: 'false',
    },
    { timeoutMs: 600_000 },
  );
  try {
    const url = `http://127.0.0.1:${bot.port}/healthz`;
    for (let i = 0; i < 20; i++) await fetch(url); // warm-up
    for (const [name, content] of Object.entries(HOSTILE)) await writeFile(path.join(dir, name), content);
    const done = () => /knowledge reload(ed| failed)/.test(bot.output());
    const latencies: number[] = [];
    const started = performance.now();
    bot.child.kill('SIGHUP');
    while (!done()) {
      const t0 = performance.now();
      const response = await fetch(url);
      await response.text();
      latencies.push(response.status === 200 ? performance.now() - t0 : Number.POSITIVE_INFINITY);
      await new Promise((r) => setTimeout(r, everyMs));
    }
    return {
      probes: latencies.length,
      reloadMs: performance.now() - started,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: Math.max(...latencies),
      rejected: bot
        .output()
        .split('\n')
        .filter((l) => l.includes('knowledge file rejected')).length,
    };
  } finally {
    await bot.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
