import type { TipSchedule } from '../core/tips/schedule.js';
import type { Clock } from '../core/types.js';
import type { Logger } from '../logger.js';
import type { DailyTip, TipOutcome } from '../slack/daily-tip.js';

/**
 * The timer loop around the daily tip: one attempt at start (a bot that was down at the scheduled time
 * posts late, within the grace window), then one at every scheduled time, and retries while a failed day
 * is still within its grace window: after 5 s, then twice as long each time up to a minute, so a tip due
 * during a Redis or Slack outage goes out soon after it ends. Timers never sleep longer than MAX_SLEEP_MS, so a
 * suspended machine or a clock change is noticed.
 */

export const SCHEDULER_OPTIONS = {
  /** The first retry after a failed attempt; each further failure in a row doubles it… */
  retryMs: 5_000,
  /** …up to this. */
  maxRetryMs: 60_000,
  maxSleepMs: 15 * 60_000,
} as const;

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SchedulerOptions {
  readonly dailyTip: DailyTip;
  readonly schedule: TipSchedule;
  readonly graceMinutes: number;
  readonly now: Clock;
  readonly logger: Logger;
  readonly timers?: Timers;
  /** The first retry after a failure (SCHEDULER_OPTIONS.retryMs by default). */
  readonly retryMs?: number;
  /** Told about every attempt's outcome (metrics, tests). */
  readonly onOutcome?: (outcome: TipOutcome) => void;
}

export interface TipScheduler {
  /** Stops the timers; resolves once an attempt in flight has finished. */
  stop(): Promise<void>;
}

export function startTipScheduler(options: SchedulerOptions): TipScheduler {
  const timers: Timers = options.timers ?? {
    setTimeout,
    clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  };
  let handle: unknown;
  let stopped = false;
  let failures = 0;
  let running: Promise<void> = Promise.resolve();

  const attempt = async () => {
    let outcome: TipOutcome;
    try {
      outcome = await options.dailyTip.runAt(options.now());
    } catch (error) {
      options.logger.error({ err: error }, 'daily tip: attempt failed');
      outcome = { kind: 'failed', day: '', reason: (error as Error).message };
    }
    if (outcome.kind !== 'not-due') options.logger.info({ outcome }, `daily tip: ${outcome.kind}`);
    options.onOutcome?.(outcome);
    if (!stopped) plan(outcome);
  };

  const plan = (outcome: TipOutcome) => {
    const now = options.now();
    const next = options.schedule.next(now);
    let delay = next ? next.getTime() - now.getTime() : SCHEDULER_OPTIONS.maxSleepMs;
    const retrying = outcome.kind === 'failed' || outcome.kind === 'in-progress';
    failures = retrying ? failures + 1 : 0;
    if (retrying && options.schedule.due(now, options.graceMinutes))
      delay = Math.min(delay, retryDelay(options.retryMs ?? SCHEDULER_OPTIONS.retryMs, failures));
    handle = timers.setTimeout(
      () => {
        running = attempt();
      },
      Math.max(0, Math.min(delay, SCHEDULER_OPTIONS.maxSleepMs)),
    );
  };

  running = attempt();
  return {
    stop: async () => {
      stopped = true;
      timers.clearTimeout(handle);
      await running;
    },
  };
}

/** The wait before retry number `failures` (1, 2…): doubling from `first`, capped at maxRetryMs. */
export function retryDelay(first: number, failures: number): number {
  return Math.min(first * 2 ** Math.max(0, failures - 1), Math.max(first, SCHEDULER_OPTIONS.maxRetryMs));
}
