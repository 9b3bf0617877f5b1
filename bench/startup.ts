import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FakeSlack } from '../tests/e2e/fake-slack.js';

const ROOT = path.join(import.meta.dirname, '..');

/** Milliseconds from spawning `npm start`'s entry point (HTTP mode) to a 200 from /readyz. */
export async function startToReady(
  fake: FakeSlack,
  knowledgeDir: string,
  dataDir: string,
  /** Keep the bot running until this file exists (the caches a cold start writes in the background). */
  waitForFile?: string,
): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      DOTENV_CONFIG_PATH: '/nonexistent/.env',
      SLACK_BOT_TOKEN: 'xoxb-bench-startup',
      SLACK_SIGNING_SECRET: 'bench-startup-secret',
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      KNOWLEDGE_DIR: knowledgeDir,
      DATA_DIR: dataDir,
      KNOWLEDGE_WATCH: 'false',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d;
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`bot exited before it was ready:\n${out}`);
      const line = out.split('\n').find((l) => l.includes('kubecon-bot is running'));
      if (line) {
        const { port } = JSON.parse(line) as { port: number };
        const ready = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
        if (ready?.status === 200) {
          const ms = performance.now() - started;
          for (let i = 0; waitForFile !== undefined && !existsSync(waitForFile) && i < 1200; i++) {
            await new Promise((r) => setTimeout(r, 100));
          }
          return ms;
        }
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('close', r));
  }
}
