import { existsSync } from 'node:fs';
import type { LocalSlack } from '../src/local-slack/local-slack.js';
import { startBotProcess } from '../tests/run.js';

/** Milliseconds from spawning `npm start`'s entry point (HTTP mode) to a 200 from /readyz. */
export async function startToReady(
  fake: LocalSlack,
  knowledgeDir: string,
  dataDir: string,
  /** Keep the bot running until this file exists (the caches a cold start writes in the background). */
  waitForFile?: string,
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
    { timeoutMs: 600_000 },
  );
  try {
    while ((await fetch(`http://127.0.0.1:${bot.port}/readyz`).catch(() => undefined))?.status !== 200) {
      await new Promise((r) => setTimeout(r, 20));
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
