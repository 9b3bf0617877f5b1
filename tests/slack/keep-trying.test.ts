import type { WebAPIPlatformError } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { SlackFatalError } from '../../src/slack/fatal-error.js';
import { backoffDelay, keepTrying, RETRY } from '../../src/slack/keep-trying.js';
import { missingScopes, slackProblem } from '../../src/slack/problems.js';

/** A Web API platform error as @slack/web-api throws it. */
const platform = (error: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`An API error occurred: ${error}`), {
    code: 'slack_webapi_platform_error',
    data: { ok: false, error, ...extra },
  }) as unknown as WebAPIPlatformError;

/** An unreachable Slack as fetch reports it. */
const refused = () =>
  Object.assign(new Error('A request error occurred: fetch failed'), {
    code: 'slack_webapi_request_error',
    original: Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } }),
  });

describe('backoffDelay', () => {
  it('doubles from the first delay and never passes the cap, a minute at most', () => {
    const top = (n: number) => backoffDelay(n, () => 0);
    expect([1, 2, 3, 4].map(top)).toEqual([1000, 2000, 4000, 8000]);
    expect(top(50)).toBe(RETRY.maxDelayMs);
    expect(RETRY.maxDelayMs).toBeLessThanOrEqual(60_000);
  });

  it('takes up to half of each wait off at random, so replicas spread out', () => {
    expect(backoffDelay(3, () => 1)).toBe(2000);
    expect(backoffDelay(3, () => 0.5)).toBe(3000);
  });
});

describe('slackProblem', () => {
  it.each([
    ['invalid_auth', 'fatal', /SLACK_BOT_TOKEN was rejected by Slack \(invalid_auth\): set it to/],
    ['token_revoked', 'fatal', /SLACK_BOT_TOKEN was revoked .*reinstall the app/],
    ['not_allowed_token_type', 'fatal', /SLACK_BOT_TOKEN is not the kind of token/],
    ['internal_error', 'outage', /Slack answered internal_error: retrying/],
  ])('reads %s as %s, in one line naming the variable', (code, kind, line) => {
    const problem = slackProblem(platform(code), 'SLACK_BOT_TOKEN');
    expect(problem).toMatchObject({ kind, code });
    expect(problem.line).toMatch(line);
    expect(problem.line).not.toContain('\n');
  });

  it('names the scope an app-level token lacks', () => {
    const problem = slackProblem(
      platform('missing_scope', { needed: 'connections:write' }),
      'SLACK_APP_TOKEN',
    );
    expect(problem).toMatchObject({ kind: 'fatal', code: 'missing_scope' });
    expect(problem.line).toContain('SLACK_APP_TOKEN lacks the connections:write scope');
  });

  it('reads a refused connection as an outage, naming the network error', () => {
    const problem = slackProblem(refused(), 'SLACK_BOT_TOKEN');
    expect(problem).toMatchObject({ kind: 'outage', code: 'unreachable' });
    expect(problem.line).toContain('Slack is unreachable (ECONNREFUSED)');
  });
});

describe('missingScopes', () => {
  it('lists the wanted scopes Slack did not grant, and none when Slack did not say', () => {
    expect(missingScopes(['chat:write'], ['chat:write', 'commands'])).toEqual(['commands']);
    expect(missingScopes(undefined, ['commands'])).toEqual([]);
  });
});

describe('keepTrying', () => {
  const quick = { ...RETRY, firstDelayMs: 5, maxDelayMs: 20 };
  const logged = () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({
      level: 'info',
      secrets: [],
      destination: { write: (l: string) => lines.push(JSON.parse(l)) },
    });
    return { lines, logger };
  };

  it('waits an outage out: one warning when it starts, one info line with its length when it ends', async () => {
    const { lines, logger } = logged();
    const codes: (string | null)[] = [];
    const tries = keepTrying({ logger, options: quick, report: (c) => codes.push(c) });
    let calls = 0;
    await tries.until(
      async () => {
        calls += 1;
        if (calls < 5) throw platform('internal_error');
      },
      (e) => slackProblem(e, 'SLACK_BOT_TOKEN'),
    );
    expect(calls).toBe(5);
    expect(lines.map((l) => l.level)).toEqual([40, 30]);
    expect(lines[1]).toMatchObject({ msg: expect.stringContaining('Slack is reachable again after') });
    expect(lines[1]?.downForMs).toEqual(expect.any(Number));
    expect(codes).toEqual(['internal_error', null]);
    expect(tries.failing).toBe(false);
  });

  it('stops at a problem no retry fixes, with that problem', async () => {
    const { lines, logger } = logged();
    const tries = keepTrying({ logger, options: quick });
    const failing = tries.until(
      () => Promise.reject(platform('invalid_auth')),
      (e) => slackProblem(e, 'SLACK_BOT_TOKEN'),
    );
    await expect(failing).rejects.toBeInstanceOf(SlackFatalError);
    await expect(failing).rejects.toMatchObject({ problem: { code: 'invalid_auth' } });
    expect(lines).toEqual([]);
  });

  it('ends every wait quietly when stopped, one per connection', async () => {
    const { lines, logger } = logged();
    const tries = keepTrying({ logger, options: { ...quick, firstDelayMs: 60_000, maxDelayMs: 60_000 } });
    const wait = () =>
      tries.until(
        () => Promise.reject(platform('internal_error')),
        (e) => slackProblem(e, 'SLACK_BOT_TOKEN'),
      );
    const waiting = [wait(), wait()];
    await new Promise((r) => setTimeout(r, 20));
    tries.stop();
    await expect(Promise.all(waiting)).resolves.toEqual([undefined, undefined]);
    expect(lines).toHaveLength(1); // one outage, told once, though two connections met it
  });
});
