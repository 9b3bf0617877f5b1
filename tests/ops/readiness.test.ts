import { describe, expect, it } from 'vitest';
import { readinessOf } from '../../src/ops/readiness.js';

describe('readinessOf', () => {
  it.each([
    [{ slackConnected: true }, { ready: true, degraded: [] }],
    [{ slackConnected: false }, { ready: false, degraded: [] }],
    [
      { slackConnected: true, redisStatus: 'ready' },
      { ready: true, degraded: [] },
    ],
    [
      { slackConnected: true, redisStatus: 'reconnecting' },
      { ready: true, degraded: ['redis'] },
    ],
    [
      { slackConnected: false, redisStatus: 'connecting' },
      { ready: false, degraded: ['redis'] },
    ],
  ])('with %j says %j', (states, verdict) => {
    expect(readinessOf(states)).toEqual(verdict);
  });
});
