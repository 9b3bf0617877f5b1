import { describe, expect, it } from 'vitest';
import { notHere, slowDown } from '../../src/core/answers/copy.js';
import { createGuard } from '../../src/ops/guard.js';

describe('the guard', () => {
  it('lets everything through without an allowlist, up to the rate limit', () => {
    let t = 0;
    const guard = createGuard({ perMinute: 3, now: () => t });
    expect([1, 2, 3].map(() => guard.check('U1', 'C1'))).toEqual([undefined, undefined, undefined]);
    expect(guard.check('U1', 'C1')).toBe(slowDown(3));
    expect(guard.check('U2', 'C1')).toBeUndefined();
    t = 61_000;
    expect(guard.check('U1', 'C1')).toBeUndefined();
  });

  it('answers only in allowed channels, and always in DMs', () => {
    const guard = createGuard({ allowedChannels: ['C1'], perMinute: 100, now: () => 0 });
    expect(guard.check('U1', 'C1')).toBeUndefined();
    expect(guard.check('U1', 'D1')).toBeUndefined();
    expect(guard.check('U1', 'C2')).toBe(notHere(['C1']));
    expect(notHere(['C1'])).toContain('<#C1>');
  });
});
