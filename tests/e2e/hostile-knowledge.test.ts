import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSlack } from '../../src/local-slack/local-slack.js';
import * as slack from '../fixtures/slack/payloads.js';
import { KNOWLEDGE_DIR, waitUntil } from '../helpers.js';
import { type BotProcess, startBotProcess } from '../run.js';
import { form, postToBot, SECRETS } from './harness.js';

/**
 * A knowledge author's worst day, on a running bot: hostile files land in its live knowledge folder next to
 * a large, valid note. The notes parse in the parse pool's workers, so the bot keeps answering and
 * `/healthz` keeps responding during the reload; the hostile files are rejected by name and the rest serves.
 */

/** A list nested `levels` deep, one level per line. */
const deepList = (levels: number) =>
  `# Deep\n\n${Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n')}\n`;
/** A valid note large enough that parsing it takes a while (about 200 KB of prose). */
const largeNote = () =>
  `---\ntitle: Quorum field notes\n---\n## Zanzibar quorum\n\n${Array.from(
    { length: 1500 },
    (_, i) =>
      `Paragraph ${i}: the Zanzibar quorum keeps [replica ${i}](https://example.com/${i}) *consistent* under load.\n`,
  ).join('\n')}`;

let fake: LocalSlack;
let bot: BotProcess;
let dir: string;
beforeAll(async () => {
  fake = await new LocalSlack().start();
  dir = await mkdtemp(path.join(tmpdir(), 'kubecon-hostile-'));
  await cp(KNOWLEDGE_DIR, dir, { recursive: true });
  bot = await startBotProcess(
    {
      SLACK_BOT_TOKEN: SECRETS.botToken,
      SLACK_SIGNING_SECRET: SECRETS.signingSecret,
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      KNOWLEDGE_DIR: dir,
      KNOWLEDGE_WATCH: 'false',
      RATE_LIMIT_PER_MINUTE: '10000',
    },
    { timeoutMs: 120_000 },
  );
}, 150_000);
afterAll(async () => {
  await bot?.stop();
  await fake?.stop();
});

const base = () => `http://127.0.0.1:${bot.port}`;
/** A /kubecon question, answered in the ack: the answer's text. */
async function ask(text: string): Promise<string> {
  const fields = slack.slashCommand(text, fake.responseUrl(`hostile-${Date.now()}-${Math.random()}`));
  const ack = await postToBot(bot.port, form(fields), 'form');
  expect(ack.status).toBe(200);
  return ack.text;
}

describe('a hostile knowledge file on a running bot', () => {
  it('is rejected by name while /healthz and /kubecon keep answering, and the rest keeps working', async () => {
    await writeFile(path.join(dir, 'deep.md'), deepList(700));
    await writeFile(path.join(dir, 'quote.md'), `# Quote\n\n${'>'.repeat(5000)} deep\n`);
    await writeFile(path.join(dir, 'large.md'), largeNote());
    bot.child.kill('SIGHUP');
    const probes = { health: 0, answers: 0 };
    const reloaded = () => bot.output().includes('knowledge reloaded');
    while (!reloaded()) {
      const health = await fetch(`${base()}/healthz`, { signal: AbortSignal.timeout(5000) });
      expect(health.status).toBe(200);
      expect(await ask('istio')).toMatch(/Service Meshes/);
      if (!reloaded()) {
        probes.health++;
        probes.answers++;
      }
      await waitUntil('a moment passes', () => true, { everyMs: 100 });
    }
    expect(probes.health).toBeGreaterThan(0); // answered while the reload was still going on
    const rejections = bot
      .output()
      .split('\n')
      .filter((l) => l.includes('knowledge file rejected'));
    expect(rejections).toEqual([
      expect.stringMatching(/deep\.md:35: lists or quotes nested 33 levels deep; the limit is 32; left out/),
      expect.stringMatching(
        /quote\.md:3: lists or quotes nested 5000 levels deep; the limit is 32; left out/,
      ),
    ]);
    const ready = (await (await fetch(`${base()}/readyz`)).json()) as { knowledge: { notes: number } };
    expect(ready.knowledge.notes).toBe(2);
    const quorum = await ask('zanzibar quorum');
    expect(quorum).toMatch(/Zanzibar quorum/);
    expect(quorum).not.toMatch(/couldn.t find/);
    expect(await ask('linkerd')).toMatch(/Service Meshes/);
  }, 180_000);
});
