import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { LocalSlack } from '../src/local-slack/local-slack.js';
import { slashCommand } from '../tests/fixtures/slack/payloads.js';
import { startBotProcess } from '../tests/run.js';
import { percentile } from './stats.js';

/** Slack path benchmark: signed /kubecon requests over HTTP at a fixed rate, against the bot or a bare Bolt app. */
export interface SlackFigures {
  readonly target: 'kubecon-bot' | 'bare Bolt';
  readonly rate: number;
  readonly requests: number;
  /** Acks received per second of the run. */
  readonly throughput: number;
  readonly under3s: number;
  readonly ackP50Ms: number;
  readonly ackP99Ms: number;
  /** Bot only: share of requests answered, in the ack or through the response URL. */
  readonly answered?: number;
  /** Bot only: from sending the request until the answer was back (in the ack, or at the response URL). */
  readonly answerP50Ms?: number;
  readonly answerP99Ms?: number;
  /** The target's CPU time (user + system, all threads) per measured request, in µs (Linux only). */
  readonly cpuUsPerRequest?: number;
}

const SECRET = 'bench-signing-secret-0123456789';

/**
 * Starts the app under test in its own process (as in production, and so it does not share an event loop
 * with the load generator and the fake Slack): `npm start`'s entry point (dist/, built first when stale), or
 * the bare Bolt baseline.
 * BENCH_EXEC_ARGV gives both node flags (`--cpu-prof --cpu-prof-dir=DIR` for a profile of each).
 */
async function startTarget(target: SlackFigures['target'], fake: LocalSlack, knowledgeDir: string) {
  const bot = await startBotProcess(
    {
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      KNOWLEDGE_DIR: knowledgeDir,
      KNOWLEDGE_WATCH: 'false',
      RATE_LIMIT_PER_MINUTE: '10000',
      // The bot's answer worker, on or off as the bench's own environment says (its default otherwise).
      ...(target === 'kubecon-bot' &&
        process.env.ANSWER_WORKER !== undefined && { ANSWER_WORKER: process.env.ANSWER_WORKER }),
    },
    {
      // Both as production runs them: compiled JavaScript, no tsx (its loader and the function names it
      // keeps cost the bot's TypeScript an allocation per call that dist/ does not have).
      script: target === 'bare Bolt' ? 'bench/bare-bolt.mjs' : 'dist/main.js',
      execArgv: process.env.BENCH_EXEC_ARGV?.split(' ').filter(Boolean) ?? [],
    },
  );
  return { port: bot.port, pid: bot.child.pid, stop: () => bot.stop() };
}

/**
 * A process's CPU time so far (user + system, every thread) in ms, from /proc (fields 14 and 15, in Linux's
 * clock ticks of 10 ms); undefined where there is no /proc.
 */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/**
 * The response URLs' own process (bench/response-sink.ts): the bot posts its answers there, so the load
 * generator's event loop, which times the acks, takes none of those posts.
 */
async function startSink() {
  const sink = await startBotProcess({}, { script: 'bench/response-sink.ts' });
  const url = `http://127.0.0.1:${sink.port}`;
  return {
    responseUrl: (id: string) => `${url}/response/${id}`,
    /** What arrived since the last call: [id, epoch ms, carried an answer]. */
    taken: async () => (await (await fetch(`${url}/taken`)).json()) as [string, number, boolean][],
    stop: () => sink.stop(),
  };
}
type Sink = Awaited<ReturnType<typeof startSink>>;

/** performance.now() on the clock every process shares (epoch ms), to compare with the sink's times. */
const now = () => performance.timeOrigin + performance.now();

/** POSTs one signed /kubecon request as Slack does; resolves when the ack (the HTTP response) is in. */
async function send(port: number, id: string, query: string, sink: Sink): Promise<string> {
  const body = new URLSearchParams(slashCommand(query, sink.responseUrl(id))).toString();
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signature,
    },
    body,
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  return text;
}

/** One target's latencies as they come in. */
interface Tally {
  readonly acks: number[];
  readonly answers: number[];
  /** When each request was sent (epoch ms), by its response URL's id, until its answer is in. */
  readonly sentAt: Map<string, number>;
  sent: number;
}

/** Sends one request to a target and records its ack (and whether the ack carried an answer). */
function timedSend(port: number, tally: Tally, queries: readonly string[], sink: Sink): Promise<void> {
  const i = tally.sent++;
  const id = `b${port}-${i}`;
  const t0 = now();
  tally.sentAt.set(id, t0);
  return send(port, id, queries[i % queries.length] ?? 'istio', sink).then(
    (ack) => {
      const ms = now() - t0;
      tally.acks.push(ms);
      // An answer in the ack itself; else it comes through the response URL (answersByUrl).
      if (ack.includes('"blocks"')) {
        tally.answers.push(ms);
        tally.sentAt.delete(id);
      }
    },
    () => {
      tally.acks.push(Number.POSITIVE_INFINITY);
    },
  );
}

/** Requests in flight while warming up, and how many times each question is asked then. */
const WARM_UP = { inFlight: 4, rounds: 3 } as const;

/**
 * Warm-up: the first requests pay for compiling the code paths (a fresh bot's first second at 200/s had a
 * p99 of several hundred ms while V8 compiled its search), so every question of the mix is asked a few
 * times, the same for both targets, before anything is measured.
 */
async function warmUp(port: number, queries: readonly string[], sink: Sink): Promise<void> {
  const total = queries.length * WARM_UP.rounds;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < total; i = next++)
      await send(port, `warm${i}`, queries[i % queries.length] ?? '', sink);
  };
  await Promise.all(Array.from({ length: WARM_UP.inFlight }, worker));
}

/** How long each target gets the load before the other takes over (see benchSlashCommands). */
const SLICE_MS = 1000;

/**
 * Sends signed slash commands at `rate` per second for `seconds` to each target, open loop, and measures the
 * latencies. Both targets run at once but take the load in turns, one second each (bot, bare, bare, bot…),
 * so a burst of other work on the machine falls on both alike; each target gets the same questions in the
 * same order. Throughput is a target's acks over the time it held the load.
 */
export async function benchSlashCommands(
  fake: LocalSlack,
  knowledgeDir: string,
  queries: readonly string[],
  rate: number,
  seconds: number,
): Promise<{ bot: SlackFigures; bare: SlackFigures }> {
  fake.reset();
  const sink = await startSink();
  const targets = [
    { target: 'kubecon-bot' as const, ...(await startTarget('kubecon-bot', fake, knowledgeDir)) },
    { target: 'bare Bolt' as const, ...(await startTarget('bare Bolt', fake, knowledgeDir)) },
  ].map((t) => ({ ...t, tally: { acks: [], answers: [], sentAt: new Map(), sent: 0 } as Tally }));
  for (const { port } of targets) await warmUp(port, queries, sink);
  await new Promise((r) => setTimeout(r, 500)); // the warm-up's last answers
  await sink.taken();
  const cpuBefore = targets.map((t) => cpuMs(t.pid));
  const perSlice = Math.round((rate * SLICE_MS) / 1000);
  const slices = Math.round((seconds * 1000) / SLICE_MS) * 2;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  for (let slice = 0; slice < slices; slice++) {
    const turn = targets[(slice + (slice >> 1)) % 2];
    if (turn === undefined) break;
    const { port, tally } = turn;
    for (let i = 0; i < perSlice; i++) {
      const wait = start + slice * SLICE_MS + (i * 1000) / rate - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      pending.push(timedSend(port, tally, queries, sink));
    }
  }
  await Promise.all(pending);
  const held = (performance.now() - start) / 1000 / 2;
  const bot = targets[0];
  if (bot) await answersByUrl(sink, bot.tally);
  const cpu = targets.map((t, i) => cpuPerRequest(cpuBefore[i], cpuMs(t.pid), t.tally.sent));
  await Promise.all([...targets.map((t) => t.stop()), sink.stop()]);
  const [botFigures, bare] = targets.map(({ target, tally }, i) =>
    figures(target, rate, tally, held, cpu[i]),
  );
  return { bot: botFigures as SlackFigures, bare: bare as SlackFigures };
}

/** CPU µs per request between two readings, when both were had. */
function cpuPerRequest(before: number | undefined, after: number | undefined, requests: number) {
  return before === undefined || after === undefined ? undefined : ((after - before) * 1000) / requests;
}

/** How long to wait, after the last ack, for answers still on their way to the response URLs. */
const ANSWER_GRACE_MS = 5000;

/**
 * Answers that came through the response URL (acked first, answered after): from sending the request to
 * the answer's arrival, for each request whose ack did not carry its answer.
 */
async function answersByUrl(sink: Sink, tally: Tally): Promise<void> {
  const deadline = Date.now() + ANSWER_GRACE_MS;
  while (tally.sentAt.size > 0) {
    for (const [id, at, answer] of await sink.taken()) {
      const t0 = tally.sentAt.get(id);
      if (t0 === undefined || !answer) continue;
      tally.answers.push(at - t0);
      tally.sentAt.delete(id);
    }
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A target's figures from its tally. */
function figures(
  target: SlackFigures['target'],
  rate: number,
  tally: Tally,
  held: number,
  cpuUsPerRequest: number | undefined,
): SlackFigures {
  const { acks, answers } = tally;
  return {
    target,
    rate,
    requests: acks.length,
    throughput: acks.filter(Number.isFinite).length / held,
    under3s: acks.filter((a) => a < 3000).length / acks.length,
    ackP50Ms: percentile(acks, 50),
    ackP99Ms: percentile(acks, 99),
    ...(answers.length > 0 && {
      answered: answers.length / acks.length,
      answerP50Ms: percentile(answers, 50),
      answerP99Ms: percentile(answers, 99),
    }),
    ...(cpuUsPerRequest !== undefined && { cpuUsPerRequest }),
  };
}
