import { describe, expect, it } from 'vitest';
import {
  advance,
  peekTip,
  rebuildRotation,
  reconcile,
  seededRandom,
  shuffle,
} from '../../../src/core/tips/rotation.js';
import type { Rotation } from '../../../src/core/types.js';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `tip-${i}`);

/** Posts `days` tips through the rotation, returning the ids in posting order. */
function post(
  pool: string[],
  days: number,
  start?: Rotation,
): { posted: string[]; rotation: Rotation | undefined } {
  let rotation = start;
  const posted: string[] = [];
  for (let day = 0; day < days; day++) {
    const current = reconcile(rotation, pool, seededRandom(`day-${day}`));
    posted.push(peekTip(current) ?? '');
    rotation = advance(current);
  }
  return { posted, rotation };
}

describe('the tip rotation', () => {
  it('posts N distinct tips over N days', () => {
    const pool = ids(14);
    const { posted } = post(pool, 14);
    expect(new Set(posted).size).toBe(14);
    expect([...posted].sort()).toEqual([...pool].sort());
  });

  it('never repeats a tip before every tip was posted, cycle after cycle', () => {
    const pool = ids(5);
    const { posted } = post(pool, 20);
    for (let cycle = 0; cycle < 4; cycle++) {
      expect(new Set(posted.slice(cycle * 5, cycle * 5 + 5)).size).toBe(5);
    }
    for (let i = 1; i < posted.length; i++) expect(posted[i]).not.toBe(posted[i - 1]);
  });

  it('shuffles each cycle differently', () => {
    const { posted } = post(ids(8), 16);
    expect(posted.slice(0, 8)).not.toEqual(posted.slice(8, 16));
  });

  it('fits new tips into the current cycle and forgets removed ones', () => {
    const first = post(ids(4), 2);
    const removed = ids(4).find((id) => !first.posted.includes(id)) ?? '';
    const pool = [...ids(4).filter((id) => id !== removed), 'new-a', 'new-b'];
    const rest = post(pool, 3, first.rotation);
    const cycle = [...first.posted, ...rest.posted];
    expect(new Set(cycle).size).toBe(5);
    expect(cycle).not.toContain(removed);
    expect(cycle).toEqual(expect.arrayContaining(['new-a', 'new-b']));
  });

  it('shuffles the same way from the same seed, so a preview shows what will be posted', () => {
    expect(shuffle(ids(10), seededRandom('x'))).toEqual(shuffle(ids(10), seededRandom('x')));
    expect(shuffle(ids(10), seededRandom('x'))).not.toEqual(shuffle(ids(10), seededRandom('y')));
  });

  it('has nothing to post from an empty pool', () => {
    expect(peekTip(reconcile(undefined, [], Math.random))).toBeUndefined();
  });
});

describe('rebuildRotation', () => {
  const pool = ids(6);
  const random = seededRandom('rebuild');

  it('counts the tips of the newest post’s cycle as posted, and no older cycle’s', () => {
    const posts = [
      { tipId: 'tip-4', cycle: 2 },
      { tipId: 'tip-1', cycle: 2 },
      { tipId: 'tip-3', cycle: 1 },
      { tipId: 'tip-0', cycle: 1 },
    ];
    const rotation = rebuildRotation(posts, undefined, pool, random);
    expect(rotation).toMatchObject({ posted: 2, cycle: 2 });
    expect(rotation.order.slice(0, 2)).toEqual(['tip-1', 'tip-4']);
    expect(new Set(rotation.order)).toEqual(new Set(pool));
  });

  it('joins the copy and the posts of the same cycle, and keeps the newer of two cycles', () => {
    const copy: Rotation = {
      order: ['tip-2', 'tip-5', 'tip-0', 'tip-1', 'tip-3', 'tip-4'],
      posted: 2,
      cycle: 3,
    };
    const same = rebuildRotation([{ tipId: 'tip-0', cycle: 3 }], copy, pool, random);
    expect(same).toEqual({ ...copy, posted: 3 });
    const older = rebuildRotation([{ tipId: 'tip-4', cycle: 2 }], copy, pool, random);
    expect(older).toEqual(copy);
    const newer = rebuildRotation([{ tipId: 'tip-4', cycle: 4 }], copy, pool, random);
    expect(newer).toMatchObject({ posted: 1, cycle: 4, order: expect.arrayContaining(pool) });
    expect(newer.order[0]).toBe('tip-4');
  });

  it('reads posts from before cycles were recorded back to the first repeat', () => {
    const posts = ['tip-2', 'tip-0', 'tip-5', 'tip-2', 'tip-1'].map((tipId) => ({ tipId }));
    const rotation = rebuildRotation(posts, undefined, pool, random);
    expect(rotation.order.slice(0, rotation.posted)).toEqual(['tip-5', 'tip-0', 'tip-2']);
  });

  it('starts a new cycle, not with the last tip posted, when every tip was posted', () => {
    const posts = [...pool].reverse().map((tipId) => ({ tipId, cycle: 0 }));
    const rotation = rebuildRotation(posts, undefined, pool, random);
    expect(rotation).toMatchObject({ posted: 0, cycle: 1 });
    expect(rotation.order[0]).not.toBe('tip-5'); // the newest post ended the cycle
  });
});
