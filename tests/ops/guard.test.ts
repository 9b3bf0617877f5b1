import { describe, expect, it } from 'vitest';
import { notHere, slowDown } from '../../src/core/answers/copy.js';
import type { TokenBuckets } from '../../src/core/stores.js';
import { createLogger } from '../../src/logger.js';
import { createGuard } from '../../src/ops/guard.js';
import { memoryTokenBuckets } from '../../src/stores/memory.js';

const logs: string[] = [];
const logger = createLogger({
  level: 'warn',
  secrets: [],
  destination: { write: (l: string) => logs.push(l) },
});

describe('the guard', () => {
  it('lets everything through without an allowlist, up to the rate limit', async () => {
    let t = 0;
    const guard = createGuard({ perMinute: 3, buckets: memoryTokenBuckets(100), now: () => t, logger });
    const three = [
      await guard.check('U1', 'C1'),
      await guard.check('U1', 'C1'),
      await guard.check('U1', 'C1'),
    ];
    expect(three).toEqual([undefined, undefined, undefined]);
    expect(await guard.check('U1', 'C1')).toBe(slowDown(3));
    expect(await guard.check('U2', 'C1')).toBeUndefined();
    t = 21_000; // a third of a minute: one token back
    expect(await guard.check('U1', 'C1')).toBeUndefined();
    expect(await guard.check('U1', 'C1')).toBe(slowDown(3));
    t = 81_000;
    expect(await guard.check('U1', 'C1')).toBeUndefined();
  });

  it('answers only in allowed channels, and always in DMs', async () => {
    const guard = createGuard({
      allowedChannels: ['C1'],
      perMinute: 100,
      buckets: memoryTokenBuckets(100),
      now: () => 0,
      logger,
    });
    expect(await guard.check('U1', 'C1')).toBeUndefined();
    expect(await guard.check('U1', 'D1')).toBeUndefined();
    expect(await guard.check('U1', 'C2')).toBe(notHere(['C1']));
    expect(notHere(['C1'])).toContain('<#C1>');
  });

  it('answers, and logs it, when the shared buckets cannot be reached', async () => {
    const down: TokenBuckets = { take: () => Promise.reject(new Error('redis down')) };
    const guard = createGuard({ perMinute: 1, buckets: down, now: () => 0, logger });
    expect(await guard.check('U1', 'C1')).toBeUndefined();
    expect(logs.some((l) => l.includes('rate limit store unavailable'))).toBe(true);
  });
});
