import type { TipSchedule } from '../core/tips/schedule.js';
import type { Clock } from '../core/types.js';
import type { Logger } from '../logger.js';
import type { DailyTip, TipOutcome } from '../slack/daily-tip.js';

/**
 * The timer loop around the daily tip: one attempt at start (a bot that was down at the scheduled time
 * posts late, within the grace window), then one at every scheduled time, and retries every few minutes
 * while a failed day is still within its grace window. Timers never sleep longer than MAX_SLEEP_MS, so a
 * suspended machine or a clock change is noticed.
 */

export const SCHEDULER_OPTIONS = {
  retryMs: 5 * 60_000,
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
    if (retrying && options.schedule.due(now, options.graceMinutes))
      delay = Math.min(delay, options.retryMs ?? SCHEDULER_OPTIONS.retryMs);
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
