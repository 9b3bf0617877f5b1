/** Web API retries: rate limits and transient errors are retried, with backoff, a handful of times. */
export const RETRY_CONFIG = { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 15_000, randomize: true };
