import type { SlackProblem } from './problems.js';

/**
 * A fatal problem, carried out of the trying (keep-trying.ts) to whoever decides to exit. A file of its own,
 * without Bolt or the Web API client, so main.ts can know it before it loads them.
 */
export class SlackFatalError extends Error {
  override readonly name = 'SlackFatalError';
  constructor(readonly problem: SlackProblem) {
    super(problem.line);
  }
}
