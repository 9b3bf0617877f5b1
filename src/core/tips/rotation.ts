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
