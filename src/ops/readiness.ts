/**
 * The readiness rules, in one place: which dependency's failure makes `/readyz` answer 503, and which only
 * degrades the bot. `/healthz` never depends on them (the process is up). The README's operations section
 * has the full table (answers, votes, gaps, the tip for each failure).
 *
 * - **Slack** unreachable: not ready. Nothing reaches the bot and no answer can be posted.
 * - **Redis** unreachable (REDIS_URL set): ready, degraded. Questions are still answered; votes, declined
 *   questions and thread registrations wait in the outbox (DATA_DIR) and reach Redis when it is back; the
 *   duplicate check and follow-ups use this replica's memory; the rate limit is off; the tip waits.
 *   Taking every replica out of the Service for it would stop the answers (HTTP mode) for no gain.
 * - **Knowledge**: always ready once started; a failed reload keeps serving the last good knowledge.
 */

export interface DependencyStates {
  /** Socket Mode: the WebSocket is open; HTTP: the server listens. */
  readonly slackConnected: boolean;
  /** ioredis's status (`ready` when usable); undefined without REDIS_URL. */
  readonly redisStatus?: string | undefined;
}

export interface ReadinessVerdict {
  readonly ready: boolean;
  /** Dependencies that are down without making the bot unready. */
  readonly degraded: readonly 'redis'[];
}

/** Whether the bot is ready, and what it is doing without. */
export function readinessOf({ slackConnected, redisStatus }: DependencyStates): ReadinessVerdict {
  const redisDown = redisStatus !== undefined && redisStatus !== 'ready';
  return { ready: slackConnected, degraded: redisDown ? ['redis'] : [] };
}
