import { mkdtempSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSlack } from '../../src/local-slack/local-slack.js';
import { clickButton, postMessage, runCommand } from '../../src/local-slack/people.js';
import { WORKSPACE } from '../../src/local-slack/workspace.js';
import { KNOWLEDGE_DIR, waitUntil } from '../helpers.js';
import { type BotProcess, startBotProcess } from '../run.js';

/**
 * What the bot keeps of what people ask: with GAPS_RECORD=false, a question it declines is written
 * nowhere, not under DATA_DIR and not in the log, even at debug level, whichever way it was asked; with
 * it on, only in the gaps file. A vote on an answer keeps the question only when GAPS_RECORD is on. The real
 * bot runs as a process against the local Slack.
 */

const you = WORKSPACE.you;
/** Words no note has, so every one of these is declined; each is unique, to be found if it leaks. */
const QUESTIONS = {
  command: 'how do quokkas groom marmalade zeppelins',
  mention: 'are xylophone badgers compatible with origami',
  dm: 'which walrus prefers tangerine hammocks',
};

/** A question the notes answer, voted on: its words are the notes' own, so it is found by its whole. */
const ANSWERED = 'opa gatekeeper';

/** Every file under `dir`, recursively, as text. */
async function filesUnder(dir: string): Promise<{ file: string; text: string }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  return Promise.all(files.map(async (file) => ({ file, text: await readFile(file, 'latin1') })));
}

/** Everything the knowledge folder says, lower-cased: the caches under DATA_DIR hold it, rightly. */
const knowledgeText = async () =>
  (await filesUnder(KNOWLEDGE_DIR)).map((f) => f.text.toLowerCase()).join('\n');

/** What would give a question away: the whole, and each word of four letters or more the notes lack. */
function telltales(question: string, knowledge: string): string[] {
  const words = question.split(' ').filter((w) => w.length >= 4 && !knowledge.includes(w));
  expect(words.length, question).toBeGreaterThanOrEqual(2);
  return [question, ...words];
}

const RUNS = [
  { transport: 'socket', record: false },
  { transport: 'http', record: false },
  { transport: 'socket', record: true },
] as const;

for (const { transport, record } of RUNS) {
  describe(`with GAPS_RECORD=${record} (${transport === 'socket' ? 'Socket Mode' : 'HTTP'}), logging at debug`, () => {
    let slack: LocalSlack;
    let bot: BotProcess;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kubecon-private-'));

    beforeAll(async () => {
      slack = await new LocalSlack().start();
      bot = await startBotProcess({
        SLACK_BOT_TOKEN: 'xoxb-private-test-token-123',
        ...(transport === 'socket'
          ? { SLACK_APP_TOKEN: 'xapp-1-private-test-token-456', HEALTH_PORT: '0' }
          : { SLACK_SIGNING_SECRET: 'private-signing-secret-789' }),
        SLACK_API_URL: slack.apiUrl,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'debug',
        GAPS_RECORD: String(record),
        KNOWLEDGE_WATCH: 'false',
      });
      if (transport === 'http')
        slack.deliverTo({
          transport: 'http',
          url: `http://127.0.0.1:${bot.port}/slack/events`,
          signingSecret: 'private-signing-secret-789',
        });
    });
    afterAll(async () => {
      await bot?.stop();
      await slack?.stop();
    });

    const what = record
      ? 'keeps the declined questions in gaps.jsonl only, and logs none of them'
      : 'writes none of them anywhere, not even in the log';
    it(`declines a slash command, a mention and a direct message, and ${what}`, async () => {
      const channel = WORKSPACE.channel.id;
      const ack = await runCommand(slack, {
        user: you,
        channel,
        command: '/kubecon',
        text: QUESTIONS.command,
      });
      expect(ack.ok).toBe(true);
      const mention = await postMessage(slack, { user: you, channel, text: `@kubecon ${QUESTIONS.mention}` });
      await postMessage(slack, { user: you, channel: WORKSPACE.dm.id, text: QUESTIONS.dm });
      // Both replies were posted: the bot did read and decline each question.
      await slack.waitFor(() =>
        slack.callsTo('chat.postMessage').find((c) => c.body.thread_ts === mention.ts),
      );
      await slack.waitFor(() =>
        slack.callsTo('chat.postMessage').find((c) => c.body.channel === WORKSPACE.dm.id),
      );
      // An answered question, voted on.
      const asked = await postMessage(slack, { user: you, channel: WORKSPACE.dm.id, text: ANSWERED });
      const answer = await slack.waitFor(() =>
        slack.store
          .history(WORKSPACE.dm.id)
          .find((m) => m.ts > asked.ts && JSON.stringify(m.blocks ?? []).includes('feedback_helpful')),
      );
      const vote = await clickButton(slack, {
        user: you,
        at: { channel: WORKSPACE.dm.id, ts: answer.ts },
        actionId: 'feedback_helpful',
      });
      expect(vote?.ok).toBe(true);
      const feedback = path.join(dataDir, 'feedback.jsonl');
      const votes = await waitUntil('the vote is recorded', async () => {
        const lines = (await readFile(feedback, 'utf8').catch(() => '')).trim();
        return lines === '' ? undefined : lines.split('\n').map((l) => JSON.parse(l) as { query: string });
      });
      expect(votes.map((v) => v.query)).toEqual([record ? ANSWERED : '']);
      const gaps = path.join(dataDir, 'gaps.jsonl');
      if (record)
        await waitUntil('the three gaps are recorded', async () =>
          ((await readFile(gaps, 'utf8').catch(() => '')).match(/\n/g)?.length ?? 0) >= 3 ? true : undefined,
        );
      // The libraries logged their payloads at debug, as a length and a hash.
      expect(bot.output()).toContain('{payload: ');
      await bot.stop();
      const files = (await filesUnder(dataDir)).filter((f) => !(record && f.file === gaps));
      if (record) {
        const kept = (await readFile(gaps, 'utf8'))
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).query);
        expect(kept.sort()).toEqual(Object.values(QUESTIONS).sort());
      }
      expect(files.length).toBeGreaterThan(0); // the caches were written: DATA_DIR was in use
      const knowledge = await knowledgeText();
      for (const question of Object.values(QUESTIONS))
        for (const telltale of telltales(question, knowledge)) {
          for (const { file, text } of files) expect(text, `${telltale} in ${file}`).not.toContain(telltale);
          const lines = bot
            .output()
            .split('\n')
            .filter((l) => l.includes(telltale));
          expect(lines, telltale).toEqual([]);
        }
    });
  });
}
