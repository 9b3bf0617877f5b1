import { Cron } from 'croner';

/**
 * The tip schedule: when tips are due. A cron expression (5 fields, or 6 with seconds) read in an IANA time
 * zone by croner, which handles daylight-saving changes. Time is always a parameter: nothing here reads
 * the clock.
 */

export interface TipSchedule {
  /** The first scheduled time strictly after `after`, or null if there is none. */
  next(after: Date): Date | null;
  /**
   * The scheduled time a tip is due for at `now`: the latest scheduled time at or before now, on the same local
   * day, no more than `graceMinutes` ago. Undefined when nothing is due (a weekend, or too late).
   */
  due(now: Date, graceMinutes: number): Date | undefined;
  /** The local calendar day (YYYY-MM-DD in the schedule's time zone) of a time. */
  day(at: Date): string;
  /** The first instant of that local day (midnight in the schedule's time zone, or later on a DST day). */
  dayStart(at: Date): Date;
}

/** Parses a schedule; throws a readable error for a bad expression or time zone. */
export function createSchedule(pattern: string, timezone: string): TipSchedule {
  const cron = new Cron(pattern, { timezone, paused: true });
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const day = (at: Date) => format.format(at);
  const clock = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const dayStart = (at: Date) => {
    const [h = 0, m = 0, s = 0] = clock.format(at).split(':').map(Number);
    let start = at.getTime() - ((h * 60 + m) * 60 + s) * 1000 - at.getUTCMilliseconds();
    // A daylight-saving change earlier that day moves local midnight by up to an hour either way.
    const hour = 60 * 60_000;
    if (day(new Date(start)) !== day(at)) start += hour;
    else if (day(new Date(start - hour)) === day(at)) start -= hour;
    return new Date(start);
  };
  return {
    dayStart,
    next: (after) => cron.nextRun(after),
    due: (now, graceMinutes) => {
      let latest: Date | undefined;
      for (
        let t = cron.nextRun(new Date(now.getTime() - graceMinutes * 60_000 - 1));
        t && t <= now;
        t = cron.nextRun(t)
      ) {
        latest = t;
      }
      return latest && day(latest) === day(now) ? latest : undefined;
    },
    day,
  };
}

/** Checks a cron expression without scheduling anything: the reason it is invalid, or undefined. */
export function scheduleProblem(pattern: string, timezone: string): string | undefined {
  try {
    const fields = pattern.trim().split(/\s+/).length;
    if (fields !== 5 && fields !== 6) return `needs 5 or 6 fields, has ${fields}`;
    createSchedule(pattern, timezone);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Whether a schedule fires at least once in the year after `now` (a 31 February never comes). */
export function firesWithinAYear(schedule: TipSchedule, now: Date): boolean {
  const yearLater = new Date(now);
  yearLater.setUTCFullYear(now.getUTCFullYear() + 1);
  const next = schedule.next(now);
  return next !== null && next <= yearLater;
}
