import { createHash } from 'node:crypto';
import type { Logger as BoltLogger, LogLevel } from '@slack/bolt';
import pino, { type Logger } from 'pino';

/**
 * Logging: structured JSON lines (pino), readable in a terminal (pino-pretty). Every line passes through a
 * scrubber before it is written, so tokens, secrets and signing material never reach the output, whatever
 * logged them (our code, Bolt, the Web API client, an error's stack). What people write never reaches it
 * either: the Slack libraries' payloads (envelopes, request bodies, acks) are logged as their length and a
 * hash, and an error keeps its message and Slack's error code, not the request it was about.
 */

export type { Logger };

/** Where log lines are written. */
export interface LogDestination {
  write(line: string): unknown;
}

export interface LoggerOptions {
  readonly level: string;
  /** Exact values that must never be written (the configured tokens and signing secret). */
  readonly secrets: readonly string[];
  /** Where lines go; standard output by default. `prettyDestination()` gives a human-readable one. */
  readonly destination?: LogDestination;
}

/** The part of pino-pretty's module that is used. */
interface PrettyModule {
  default(options: { colorize: boolean; destination: number; sync: boolean }): LogDestination;
}

/**
 * Human-readable lines on standard output (pino-pretty), for a terminal. pino-pretty is a development
 * dependency, imported only when asked for: without it (a production install) this is undefined, and the
 * logger writes JSON lines.
 */
export async function prettyDestination(
  load: () => Promise<PrettyModule> = () => import('pino-pretty'),
): Promise<LogDestination | undefined> {
  try {
    const { default: pretty } = await load();
    return pretty({ colorize: true, destination: 1, sync: true });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

/** The configured values that must never be logged. */
export function secretsOf(config: {
  slack: { botToken?: string; appToken?: string; signingSecret?: string };
  redisUrl?: string;
}): string[] {
  const { botToken, appToken, signingSecret } = config.slack;
  const redisPassword = config.redisUrl ? decodeURIComponent(new URL(config.redisUrl).password) : undefined;
  return [botToken, appToken, signingSecret, redisPassword].filter(
    (s): s is string => s !== undefined && s !== '',
  );
}

/** Anything that looks like a Slack token or a request signature, even one we were not told about. */
const SECRET_PATTERNS = [
  /xox[abeoprs]-[A-Za-z0-9-]+/g,
  /xapp-[A-Za-z0-9-]+/g,
  /v0=[a-f0-9]{64}/g,
  /(authorization"?\s*[:=]\s*"?)(Bearer\s+)?[^",\s}]+/gi,
];

/** Removes secrets from a line of output. */
export function scrub(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match, prefix?: string) =>
      typeof prefix === 'string' && match.toLowerCase().startsWith('authorization')
        ? `${prefix}[redacted]`
        : '[redacted]',
    );
  }
  return out;
}

/**
 * A library's log message with each payload in it (from a `{` to its last `}`: an envelope, a request or
 * response body, an ack) replaced by its length and a short hash, so a question or answer is never written,
 * while two lines about the same payload still match.
 */
export function summarisePayloads(text: string): string {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start === -1 || end < start) return text;
  const payload = text.slice(start, end + 1);
  const hash = createHash('sha256').update(payload).digest('hex').slice(0, 12);
  return `${text.slice(0, start)}{payload: ${payload.length} chars, sha256 ${hash}}${text.slice(end + 1)}`;
}

/** What a logged error keeps: what went wrong and Slack's error code, never the request it carried. */
const ERROR_FIELDS = ['type', 'message', 'stack', 'code', 'statusCode', 'retryAfter'] as const;

/**
 * An error as a log field: its ERROR_FIELDS, Slack's `data.error` and its cause. HTTP clients' errors carry
 * the request (its body: an answer, a question) in enumerable fields; those are left out.
 */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const full = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  for (const field of ERROR_FIELDS) if (full[field] !== undefined) kept[field] = full[field];
  const data = (error as { data?: { error?: unknown } }).data;
  if (typeof data?.error === 'string') kept.data = { error: data.error };
  if (error.cause !== undefined) kept.cause = serializeError(error.cause);
  return kept;
}

/** A logger whose every line is scrubbed of secrets, and whose errors carry no request. */
export function createLogger(options: LoggerOptions): Logger {
  const sink = options.destination ?? process.stdout;
  const stream = { write: (line: string) => sink.write(scrub(line, options.secrets)) };
  return pino(
    {
      level: options.level,
      base: { app: 'kubecon-bot' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: serializeError },
    },
    stream,
  );
}

/** Bolt's logger interface over a pino logger, so Bolt's own lines are structured and scrubbed too. */
export function toBoltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  const text = (msg: unknown[]) =>
    summarisePayloads(
      msg
        .map((m) =>
          typeof m === 'string' ? m : m instanceof Error ? (m.stack ?? m.message) : JSON.stringify(m),
        )
        .join(' '),
    );
  // Bolt logs at debug on every request: build the text only when the level is on.
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...msg: unknown[]) => {
      if (child.isLevelEnabled(level)) child[level](text(msg));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: () => {},
    // pino's level names are Bolt's (debug, info, warn, error); a type-only import keeps Bolt out of the CLI.
    getLevel: () => logger.level as LogLevel,
    setName: () => {},
  };
}
