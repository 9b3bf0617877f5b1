import { z } from 'zod';
import { ConfigError } from './errors.js';
import { scheduleProblem } from './tips/schedule.js';

/**
 * Configuration: the environment, checked once into a typed Config. Which Slack variables are set
 * picks the transport: none, the local shell; SLACK_APP_TOKEN, Socket Mode; otherwise HTTP.
 * Every variable is documented in .env.example.
 */

export type Transport = 'shell' | 'socket' | 'http';

export interface Config {
  readonly transport: Transport;
  readonly slack: {
    readonly botToken?: string;
    readonly appToken?: string;
    readonly signingSecret?: string;
    /** Web API base URL, ending in `/` (GovSlack, or the tests' fake Slack). */
    readonly apiUrl?: string;
  };
  readonly port: number;
  readonly host: string;
  /** Socket Mode only: where /healthz, /readyz and /metrics are served (HTTP mode serves them on PORT). */
  readonly healthPort: number;
  readonly knowledgeDir: string;
  readonly dataDir: string;
  /** Shared state for several replicas; without it, files under dataDir. */
  readonly redisUrl?: string;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Reload the knowledge when its files change. */
  readonly watchKnowledge: boolean;
  readonly access: {
    /** Channel ids where the bot answers (DMs always); undefined: any channel it is in. */
    readonly allowedChannels?: readonly string[];
    readonly adminUserIds: readonly string[];
    readonly questionsPerMinute: number;
    readonly recordUsersInGaps: boolean;
  };
  readonly tips: {
    readonly channel?: string;
    readonly schedule: string;
    readonly timezone: string;
    readonly graceMinutes: number;
  };
}

const optional = (schema: z.ZodString) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

/** true/false, yes/no, 1/0; empty means unset. */
const flag = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .optional(),
);

/** A comma-separated list of Slack ids; empty means unset. */
function idList(pattern: RegExp, what: string) {
  return z.preprocess(
    (v) =>
      typeof v === 'string' && v.trim() !== ''
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '')
        : undefined,
    z.array(z.string().regex(pattern, `must be a comma-separated list of ${what}`)).optional(),
  );
}

const EnvSchema = z.object({
  SLACK_BOT_TOKEN: optional(z.string().regex(/^xox[bp]-/, 'must be a bot token (xoxb-…)')),
  SLACK_APP_TOKEN: optional(z.string().regex(/^xapp-/, 'must be an app-level token (xapp-…)')),
  SLACK_SIGNING_SECRET: optional(z.string().min(8, 'is too short to be a signing secret')),
  SLACK_API_URL: optional(z.string().regex(/^https?:\/\/\S+$/, 'must be an http(s) URL')),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  KNOWLEDGE_WATCH: flag.default(true),
  ALLOWED_CHANNELS: idList(/^[CG][A-Z0-9]{2,}$/, 'channel ids like C0123456789'),
  ADMIN_USER_IDS: idList(/^[UW][A-Z0-9]{2,}$/, 'user ids like U0123456789').default([]),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  GAPS_RECORD_USERS: flag.default(false),
  HOST: optional(z.string()).default('0.0.0.0'),
  KNOWLEDGE_DIR: optional(z.string()).default('knowledge'),
  DATA_DIR: optional(z.string()).default('data'),
  REDIS_URL: optional(z.string().regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  TIP_CHANNEL: optional(z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a channel id like C0123456789')),
  TIP_SCHEDULE: optional(z.string()).default('30 9 * * 1-5'),
  TIP_TIMEZONE: optional(z.string()).default('Europe/London'),
  TIP_GRACE: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(120),
});

/** Every environment variable kubecon-bot reads (each is documented in .env.example). */
export const ENV_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape);

/** Checks the environment; a ConfigError lists every missing or invalid variable by name, never by value. */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = EnvSchema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
  const e = parsed.success ? parsed.data : undefined;
  // The schedule and its zone are checked on the raw values, so they are reported with any other problem.
  const timezone = (env.TIP_TIMEZONE ?? '').trim() || 'Europe/London';
  const schedule = (env.TIP_SCHEDULE ?? '').trim() || '30 9 * * 1-5';
  if (!isTimezone(timezone)) problems.push('TIP_TIMEZONE is not an IANA time zone name');
  const cronProblem = isTimezone(timezone) ? scheduleProblem(schedule, timezone) : undefined;
  if (cronProblem !== undefined)
    problems.push(`TIP_SCHEDULE is not a valid cron expression (${cronProblem})`);
  // Which credentials are present decides the transport; checked on the raw values so that one error
  // lists these problems together with any invalid variable.
  const has = (name: string) => (env[name] ?? '').trim() !== '';
  const transport: Transport = !has('SLACK_BOT_TOKEN') ? 'shell' : has('SLACK_APP_TOKEN') ? 'socket' : 'http';
  if (transport === 'http' && !has('SLACK_SIGNING_SECRET')) {
    problems.push('SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  if (transport === 'shell' && (has('SLACK_APP_TOKEN') || has('SLACK_SIGNING_SECRET'))) {
    problems.push('SLACK_BOT_TOKEN is required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set');
  }
  if (!e || problems.length > 0) throw new ConfigError(problems);
  return {
    transport,
    slack: {
      ...(e.SLACK_BOT_TOKEN !== undefined && { botToken: e.SLACK_BOT_TOKEN }),
      ...(e.SLACK_APP_TOKEN !== undefined && { appToken: e.SLACK_APP_TOKEN }),
      ...(e.SLACK_SIGNING_SECRET !== undefined && { signingSecret: e.SLACK_SIGNING_SECRET }),
      ...(e.SLACK_API_URL !== undefined && { apiUrl: e.SLACK_API_URL.replace(/\/?$/, '/') }),
    },
    port: e.PORT,
    host: e.HOST,
    healthPort: e.HEALTH_PORT,
    watchKnowledge: e.KNOWLEDGE_WATCH,
    access: {
      ...(e.ALLOWED_CHANNELS !== undefined && { allowedChannels: e.ALLOWED_CHANNELS }),
      adminUserIds: e.ADMIN_USER_IDS,
      questionsPerMinute: e.RATE_LIMIT_PER_MINUTE,
      recordUsersInGaps: e.GAPS_RECORD_USERS,
    },
    knowledgeDir: e.KNOWLEDGE_DIR,
    dataDir: e.DATA_DIR,
    ...(e.REDIS_URL !== undefined && { redisUrl: e.REDIS_URL }),
    logLevel: e.LOG_LEVEL,
    tips: {
      ...(e.TIP_CHANNEL !== undefined && { channel: e.TIP_CHANNEL }),
      schedule: e.TIP_SCHEDULE,
      timezone: e.TIP_TIMEZONE,
      graceMinutes: e.TIP_GRACE,
    },
  };
}

function isTimezone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
