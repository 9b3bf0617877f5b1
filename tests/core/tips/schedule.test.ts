import { describe, expect, it } from 'vitest';
import { createSchedule, scheduleProblem } from '../../../src/core/tips/schedule.js';

const london = createSchedule('30 9 * * 1-5', 'Europe/London');
const at = (iso: string) => new Date(iso);

describe('the tip schedule', () => {
  it.each([
    // Before and after the spring change (Sunday 29 March 2026): 09:30 GMT, then 09:30 BST (08:30 UTC).
    ['2026-03-27T00:00:00Z', '2026-03-27T09:30:00.000Z'],
    ['2026-03-27T09:30:00Z', '2026-03-30T08:30:00.000Z'],
    // Before and after the autumn change (Sunday 25 October 2026).
    ['2026-10-23T00:00:00Z', '2026-10-23T08:30:00.000Z'],
    ['2026-10-23T08:30:00Z', '2026-10-26T09:30:00.000Z'],
  ])('after %s the next post is at %s (weekdays, 09:30 London time)', (after, next) => {
    expect(london.next(at(after))?.toISOString()).toBe(next);
  });

  it('is due from the scheduled time until the grace window ends, on the same day only', () => {
    expect(london.due(at('2026-03-30T08:29:59Z'), 120)).toBeUndefined();
    expect(london.due(at('2026-03-30T08:30:00Z'), 120)?.toISOString()).toBe('2026-03-30T08:30:00.000Z');
    expect(london.due(at('2026-03-30T10:29:00Z'), 120)?.toISOString()).toBe('2026-03-30T08:30:00.000Z');
    expect(london.due(at('2026-03-30T10:31:00Z'), 120)).toBeUndefined();
  });

  it('is never due at weekends', () => {
    for (const iso of [
      '2026-03-28T09:30:00Z',
      '2026-03-28T10:00:00Z',
      '2026-03-29T08:30:00Z',
      '2026-03-29T09:45:00Z',
    ]) {
      expect(london.due(at(iso), 120)).toBeUndefined();
    }
  });

  it('names the local day, not the UTC one', () => {
    const tokyo = createSchedule('30 9 * * 1-5', 'Asia/Tokyo');
    expect(tokyo.day(at('2026-03-29T23:30:00Z'))).toBe('2026-03-30');
  });

  it('accepts 5 and 6 fields and explains a bad expression', () => {
    expect(scheduleProblem('*/2 * * * * *', 'UTC')).toBeUndefined();
    expect(scheduleProblem('30 9 * *', 'UTC')).toMatch(/5 or 6 fields/);
    expect(scheduleProblem('61 9 * * *', 'UTC')).toBeDefined();
  });
});

describe('the start of a tip day', () => {
  it.each([
    ['Europe/London', '2026-03-30T14:00:00Z', '2026-03-29T23:00:00.000Z'],
    ['Europe/London', '2026-03-29T12:00:00Z', '2026-03-29T00:00:00.000Z'],
    ['America/New_York', '2026-11-01T20:00:00Z', '2026-11-01T04:00:00.000Z'],
    ['Asia/Kolkata', '2026-12-01T06:00:00.123Z', '2026-11-30T18:30:00.000Z'],
    // Havana moves its clocks at midnight: 8 March 2026 starts at 01:00 local.
    ['America/Havana', '2026-03-08T15:00:00Z', '2026-03-08T05:00:00.000Z'],
  ])('in %s, for %s, is %s', (zone, at, start) => {
    expect(createSchedule('30 9 * * *', zone).dayStart(new Date(at)).toISOString()).toBe(start);
  });
});
