import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { ROOT, startBotProcess } from '../run.js';

/**
 * Browser tests' parts: a headless Chromium (Debian's when CHROMIUM_PATH names it, else the one
 * @sparticuz/chromium ships inside its npm package, so a fresh clone needs no download), and the
 * playground started as `npm start` starts it, on a copy of the knowledge the test may edit.
 */

/** Where screenshots of each state go (git-ignored). */
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'playground');

/** Launches headless Chromium; throws (the tests fail, they never skip) when none can be launched. */
export async function launchChromium(): Promise<Browser> {
  const executable = process.env.CHROMIUM_PATH?.trim();
  if (executable)
    return chromium.launch({ executablePath: executable, headless: true, args: ['--no-sandbox'] });
  const { default: packaged } = await import('@sparticuz/chromium');
  return chromium.launch({
    executablePath: await packaged.executablePath(),
    args: packaged.args,
    headless: true,
  });
}

/** A playground process, its page's URL and its knowledge folder. */
export interface PlaygroundProcess {
  readonly url: string;
  readonly knowledgeDir: string;
  /** Everything it printed so far. */
  output(): string;
  stop(): Promise<number | null>;
}

/**
 * Starts `src/main.ts --playground` on a free port with the shipped knowledge plus `extraNotes`, copied
 * to a temporary folder; resolves once the first line printed the URL.
 */
export async function startPlayground(extraNotes: readonly string[] = []): Promise<PlaygroundProcess> {
  const knowledgeDir = mkdtempSync(path.join(tmpdir(), 'kubecon-playground-knowledge-'));
  cpSync(path.join(ROOT, 'knowledge'), knowledgeDir, { recursive: true });
  for (const note of extraNotes) cpSync(note, path.join(knowledgeDir, path.basename(note)));
  // The daily tip posts only when the test presses the button (a schedule due now would post at start).
  const bot = await startBotProcess(
    { PORT: '0', KNOWLEDGE_DIR: knowledgeDir, TIP_SCHEDULE: '0 0 1 1 *', TIP_GRACE: '0' },
    { args: ['--playground'] },
  );
  // The page's URL is the first line, printed before the bot's "running" line.
  const url = /^kubecon-bot playground: (http:\/\/\S+)/m.exec(bot.output())?.[1] ?? '';
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    url,
    knowledgeDir,
    output: bot.output,
    stop: async () => {
      const code = await bot.stop();
      rmSync(knowledgeDir, { recursive: true, force: true });
      return code;
    },
  };
}
