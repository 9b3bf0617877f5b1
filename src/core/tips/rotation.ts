import type { Rotation } from '../types.js';

/**
 * The tip rotation: every tip once, in a shuffled order, before any tip repeats; then a new shuffled cycle.
 * Pure: randomness comes in as a parameter, state goes out as a value to be stored.
 */

/** Fisher-Yates shuffle with the given source of randomness. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * The rotation brought in line with the current pool: tips that no longer exist are dropped from what is
 * left to post, new tips join the rest of this cycle (shuffled in), and a finished cycle starts a new one.
 */
export function reconcile(
  rotation: Rotation | undefined,
  pool: readonly string[],
  random: () => number,
): Rotation {
  const current = new Set(pool);
  const done = (rotation?.order.slice(0, rotation.posted) ?? []).filter((id) => current.has(id));
  const planned = new Set(rotation?.order ?? []);
  const left = (rotation?.order.slice(rotation.posted) ?? []).filter((id) => current.has(id));
  const added = shuffle(
    pool.filter((id) => !planned.has(id)),
    random,
  );
  const remaining = [...left, ...added];
  if (remaining.length > 0)
    return { order: [...done, ...remaining], posted: done.length, cycle: rotation?.cycle ?? 0 };
  const last = done.at(-1);
  let order = shuffle(pool, random);
  // A new cycle never starts with the tip that ended the last one.
  if (order.length > 1 && order[0] === last) order = [...order.slice(1), order[0] as string];
  return { order, posted: 0, cycle: (rotation?.cycle ?? -1) + 1 };
}

/** The next tip to post, without advancing. */
export function peekTip(rotation: Rotation): string | undefined {
  return rotation.order[rotation.posted];
}

/** The rotation after the next tip was posted. */
export function advance(rotation: Rotation): Rotation {
  return { ...rotation, posted: Math.min(rotation.posted + 1, rotation.order.length) };
}

/**
 * A deterministic source of randomness from a seed (mulberry32 over a string hash), so every process that
 * reads the same rotation state shuffles the same way: `npm run tip -- --next` shows what will be posted.
 */
export function seededRandom(seed: string): () => number {
  let state = 2166136261;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 16777619);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A daily tip post read back from the channel: its tip, and its rotation cycle when the post says. */
export interface PostedTip {
  readonly tipId: string;
  readonly cycle?: number;
}

/**
 * The rotation rebuilt after its state was lost (a Redis without persistence), from what says what was
 * posted: the channel's daily tip posts (newest first) and a durable copy of the rotation, either of them
 * missing or behind. Every tip of the latest cycle either one knows of counts as posted, so none repeats
 * before the cycle is through; the rest keep the copy's order when it is of that cycle.
 */
export function rebuildRotation(
  posts: readonly PostedTip[],
  copy: Rotation | undefined,
  pool: readonly string[],
  random: () => number,
): Rotation {
  const seen = latestCycle(posts);
  const copied = copy?.order.slice(0, copy.posted) ?? [];
  const copyCycle = copy?.cycle ?? 0;
  const cycle = Math.max(seen.cycle ?? copyCycle, copyCycle);
  const fromCopy = copy !== undefined && copyCycle === cycle ? copied : [];
  const fromPosts = seen.cycle === undefined || seen.cycle === cycle ? seen.ids : [];
  const posted = [...new Set([...fromCopy, ...fromPosts])];
  const done = new Set(posted);
  const rest =
    copy !== undefined && copyCycle === cycle
      ? copy.order.filter((id) => !done.has(id))
      : shuffle(
          pool.filter((id) => !done.has(id)),
          random,
        );
  return reconcile({ order: [...posted, ...rest], posted: posted.length, cycle }, pool, random);
}

/**
 * The tips of the newest cycle among the posts (newest first), oldest first: the posts of the newest
 * post's cycle, or, for posts from before cycles were recorded, the newest run of distinct tips.
 */
function latestCycle(posts: readonly PostedTip[]): { cycle?: number; ids: string[] } {
  const cycle = posts[0]?.cycle;
  const ids: string[] = [];
  for (const post of posts) {
    if (post.cycle !== cycle || (cycle === undefined && ids.includes(post.tipId))) break;
    ids.push(post.tipId);
  }
  return { ...(cycle !== undefined && { cycle }), ids: [...new Set(ids.reverse())] };
}
