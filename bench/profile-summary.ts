import { readFileSync } from 'node:fs';

/**
 * `node --import tsx bench/profile-summary.ts FILE.cpuprofile [TITLE]`: a markdown summary of the bot's
 * main-thread profile from a Slack-path run (`BENCH_EXEC_ARGV="--cpu-prof --cpu-prof-dir=DIR" npm run bench
 * -- --only slack --rate 500`; the bot's main thread is its `*.0.001.cpuprofile`). Only samples from the
 * first answer on count, so start-up is left out. Shares are of the main thread's busy time.
 */

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The parts of a request, each the functions whose time (with their callees) it counts. */
const PARTS: readonly (readonly [string, readonly string[]])[] = [
  ['answerQuestion (search and answer)', ['answerQuestion']],
  ['… of which the answer made from the hits (excerpts, suggestions)', ['sectionsAnswer', 'declined']],
  ['renderAnswer (blocks)', ['renderAnswer']],
  ["Bolt's dispatch (processEvent, up to its first await)", ['processEvent']],
  ["Bolt's signature check", ['verifySlackRequest']],
  ["Bolt's ack response (JSON, socket write)", ['buildContentResponse']],
  ['garbage collector', ['(garbage collector)']],
];

/** How many functions the self-time table lists. */
const TOP = 12;

function summarize(profile: Profile, title: string): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stack = (id: number | undefined) => {
    const names = new Set<string>();
    for (let at = id; at !== undefined; at = parent.get(at))
      names.add(byId.get(at)?.callFrame.functionName ?? '');
    return names;
  };
  const self = new Map<string, number>();
  const parts = new Map<string, number>();
  let busy = 0;
  let started = false;
  profile.samples.forEach((id, i) => {
    const names = stack(id);
    started ||= names.has('replyTo');
    const frame = byId.get(id)?.callFrame;
    if (!started || frame === undefined || frame.functionName === '(idle)') return;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    busy += dt;
    const where = frame.url.split('/').slice(-2).join('/') || 'native';
    const key = `${frame.functionName || '(anonymous)'} (${where})`;
    self.set(key, (self.get(key) ?? 0) + dt);
    for (const [label, fns] of PARTS)
      if (fns.some((f) => names.has(f))) parts.set(label, (parts.get(label) ?? 0) + dt);
  });
  const share = (us: number) => `${((100 * us) / busy).toFixed(1)}%`;
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP);
  return [
    `### ${title}`,
    '',
    `Main thread busy ${(busy / 1e6).toFixed(2)} s from the first answer on.`,
    '',
    '| part (with its callees) | share of busy |',
    '|---|---:|',
    ...PARTS.map(([label]) => `| ${label} | ${share(parts.get(label) ?? 0)} |`),
    '',
    '| self time | share of busy |',
    '|---|---:|',
    ...top.map(([key, us]) => `| ${key.replace(/\|/g, '\\|')} | ${share(us)} |`),
  ].join('\n');
}

const [file, title = file] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: node --import tsx bench/profile-summary.ts FILE.cpuprofile [TITLE]\n');
  process.exit(2);
}
process.stdout.write(`${summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile, title ?? file)}\n`);
