import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

/**
 * Logging: structured JSON lines (pino), readable in a terminal (pino-pretty). Every line passes through a
 * scrubber before it is written, so tokens, secrets and signing material never reach the output, whatever
 * logged them (our code, Bolt, the Web API client, an error's stack).
 */

export type { Logger };

export interface LoggerOptions {
  readonly level: string;
  /** Exact values that must never be written (the configured tokens and signing secret). */
  readonly secrets: readonly string[];
  /** Human-readable output instead of JSON. */
  readonly pretty: boolean;
  /** Where lines go; standard output by default. */
  readonly destination?: { write(line: string): unknown };
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

/** A logger whose every line is scrubbed of secrets. */
export function createLogger(options: LoggerOptions): Logger {
  const target = options.destination ?? process.stdout;
  const sink = options.pretty ? pretty({ colorize: true, destination: 1, sync: true }) : target;
  const stream = { write: (line: string) => sink.write(scrub(line, options.secrets)) };
  return pino(
    { level: options.level, base: { app: 'kubecon-bot' }, timestamp: pino.stdTimeFunctions.isoTime },
    stream,
  );
}

/** Bolt's logger interface over a pino logger, so Bolt's own lines are structured and scrubbed too. */
export function toBoltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  const text = (msg: unknown[]) =>
    msg
      .map((m) =>
        typeof m === 'string' ? m : m instanceof Error ? (m.stack ?? m.message) : JSON.stringify(m),
      )
      .join(' ');
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
    getLevel: () => (logger.level as LogLevel) ?? LogLevel.INFO,
    setName: () => {},
  };
}
