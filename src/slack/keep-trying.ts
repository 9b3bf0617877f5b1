import type { Logger } from '../logger.js';
import { SlackFatalError } from './fatal-error.js';
import { PROBLEM_TEXT, type SlackProblem } from './problems.js';

/**
 * Waiting out Slack: an attempt (authenticate, open the Socket Mode connection) is repeated until it works,
 * with capped exponential backoff and jitter. An outage is logged once when it starts (a warning naming
 * what to check) and once when it ends (with its length); a fatal problem stops the trying at once.
 */

export interface RetryOptions {
  /** The wait after the first failure; doubled (`factor`) after each further one, up to `maxDelayMs`. */
  readonly firstDelayMs: number;
  readonly factor: number;
  readonly maxDelayMs: number;
  /** Up to this share of each wait is taken off at random, so replicas don't retry in step. */
  readonly jitter: number;
  /** Socket Mode turned off in the app's settings (link_disabled): only a person can fix it; check rarely. */
  readonly socketModeOffDelayMs: number;
}

export const RETRY: RetryOptions = {
  firstDelayMs: 1000,
  factor: 2,
  maxDelayMs: 30_000,
  jitter: 0.5,
  socketModeOffDelayMs: 120_000,
};

/** The wait before the next attempt after `failures` failures in a row (1 or more). */
export function backoffDelay(failures: number, random: () => number, options: RetryOptions = RETRY): number {
  const full = Math.min(
    options.maxDelayMs,
    options.firstDelayMs * options.factor ** Math.max(0, failures - 1),
  );
  return Math.round(full * (1 - options.jitter * random()));
}

export interface KeepTrying {
  /**
   * Runs `attempt` until it succeeds; each failure becomes a problem (`explain`). Resolves once it worked;
   * rejects with SlackFatalError on a fatal problem; resolves quietly when stopped.
   */
  until(
    attempt: () => Promise<void>,
    explain: (error: unknown) => SlackProblem,
    /** A problem already met (a connection Slack closed on purpose): told, and waited for, first. */
    already?: SlackProblem,
  ): Promise<void>;
  /** Stops waiting (shutdown): every trying in progress ends after its current attempt. */
  stop(): void;
  /** Whether an outage is going on (a failure not yet followed by a success). */
  readonly failing: boolean;
}

export interface KeepTryingDeps {
  readonly logger: Logger;
  readonly options?: RetryOptions;
  readonly random?: () => number;
  /** performance-style milliseconds, for the outage's length. */
  readonly now?: () => number;
  /** Told the problem's code when an outage starts or changes, and null when it ends (for /readyz). */
  readonly report?: (code: string | null) => void;
}

/** One place that tries, waits and tells; shared by start-up and reconnects so an outage is told once. */
export function keepTrying({
  logger,
  options = RETRY,
  random = Math.random,
  now = () => performance.now(),
  report = () => {},
}: KeepTryingDeps): KeepTrying {
  let stopped = false;
  /** Every wait in progress (each connection tries on its own), so `stop` ends them all. */
  const wakers = new Set<() => void>();
  let outage: { since: number; code: string } | undefined;

  /** Sleeps, unless stopped first. */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      wakers.add(wake);
    });

  /** The first failure of an outage, or a different one during it, is told; repeats are not. */
  const tell = (problem: SlackProblem, delayMs: number) => {
    if (outage?.code === problem.code) return;
    outage = { since: outage?.since ?? now(), code: problem.code };
    report(problem.code);
    logger.warn({ slack: problem.code, retryInMs: delayMs }, problem.line);
  };

  /** The wait after `failures` failures with this problem. */
  const delayFor = (problem: SlackProblem, failures: number) =>
    problem.code === 'link_disabled' ? options.socketModeOffDelayMs : backoffDelay(failures, random, options);

  const recovered = () => {
    if (!outage) return;
    const downForMs = Math.round(now() - outage.since);
    outage = undefined;
    report(null);
    logger.info({ downForMs }, PROBLEM_TEXT.back(downForMs));
  };

  return {
    async until(attempt, explain, already) {
      if (already) {
        const delayMs = delayFor(already, 1);
        tell(already, delayMs);
        await sleep(delayMs);
      }
      for (let failures = already ? 2 : 1; !stopped; failures += 1) {
        try {
          await attempt();
          recovered();
          return;
        } catch (error) {
          if (stopped) return;
          const problem = explain(error);
          if (problem.kind === 'fatal') throw new SlackFatalError(problem);
          const delayMs = delayFor(problem, failures);
          tell(problem, delayMs);
          await sleep(delayMs);
        }
      }
    },
    stop() {
      stopped = true;
      for (const wake of [...wakers]) wake();
    },
    get failing() {
      return outage !== undefined;
    },
  };
}
