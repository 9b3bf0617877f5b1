import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { redisStores } from '../../src/stores/redis.js';
import { client, describeRedis, uniquePrefix } from '../redis-env.js';

describeRedis('the Redis stores', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = client();
  });
  afterAll(() => redis.quit());
  const stores = () => redisStores(redis, uniquePrefix(), () => {});

  it('remember event ids once, with an expiry', async () => {
    const { seenEvents } = stores();
    expect(await seenEvents.add('Ev1')).toBe(true);
    expect(await seenEvents.add('Ev1')).toBe(false);
    expect(await seenEvents.has('Ev1')).toBe(true);
    expect(await seenEvents.has('Ev2')).toBe(false);
    const keys = await redis.keys('test:*:event:Ev1');
    expect(await redis.ttl(keys[0] ?? '')).toBeGreaterThan(0);
  });

  it('let exactly one of many simultaneous claims of a day win', async () => {
    const { tips } = stores();
    const at = new Date('2026-03-30T08:30:00Z');
    const wins = await Promise.all(Array.from({ length: 20 }, () => tips.claim('C1', '2026-03-30', at)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await tips.record('C1', '2026-03-30')).toMatchObject({ status: 'claimed' });
    await tips.update('C1', '2026-03-30', { status: 'posted', tipId: 't1', ts: '1.2', at: at.toISOString() });
    expect(await tips.record('C1', '2026-03-30')).toMatchObject({ status: 'posted', tipId: 't1' });
    await tips.release('C1', '2026-03-31');
    expect(await tips.claim('C1', '2026-03-31', at)).toBe(true);
  });

  it('keep the rotation, and set a corrupt one aside', async () => {
    const prefix = uniquePrefix();
    const corrupt: string[] = [];
    const { tips } = redisStores(redis, prefix, (key) => corrupt.push(key));
    await tips.saveRotation({ order: ['a', 'b'], posted: 1, cycle: 0 });
    expect(await tips.rotation()).toEqual({ order: ['a', 'b'], posted: 1, cycle: 0 });
    await redis.set(`${prefix}tips:rotation`, '{"order": [tru');
    expect(await tips.rotation()).toBeUndefined();
    expect(corrupt).toHaveLength(1);
    expect(await tips.rotation()).toBeUndefined();
  });

  it('share feedback and gaps as lists', async () => {
    const { feedback, gaps } = stores();
    await feedback.record({ sectionId: 's', query: 'q', value: 'unhelpful', at: 'now' });
    await gaps.record({ query: 'kafka', source: 'command', at: 'now' });
    expect(await feedback.list()).toEqual([{ sectionId: 's', query: 'q', value: 'unhelpful', at: 'now' }]);
    expect(await gaps.list()).toEqual([{ query: 'kafka', source: 'command', at: 'now' }]);
  });
});
