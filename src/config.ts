import * as z from 'zod/mini';
import './core/schema.js';
import { ConfigError } from './core/errors.js';
import { createSchedule, firesWithinAYear, scheduleProblem } from './core/tips/schedule.js';

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
  /** Answer in Slack's assistant side panel (Agents & AI Apps): register Bolt's Assistant middleware. */
  readonly assistantPanel: boolean;
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
  /** Make questions' replies in a worker thread holding a copy of the index (ANSWER_WORKER). */
  readonly answerWorker: boolean;
  readonly access: {
    /** Channel ids where the bot answers (DMs always); undefined: any channel it is in. */
    readonly allowedChannels?: readonly string[];
    /** Answer only mentions in channels, never reading a channel's history (no channels:history scope). */
    readonly mentionsOnly: boolean;
    readonly adminUserIds: readonly string[];
    readonly questionsPerMinute: number;
    /** Keep declined questions for the knowledge gaps report (GAPS_RECORD). */
    readonly recordGaps: boolean;
    readonly recordUsersInGaps: boolean;
  };
  readonly tips: {
    readonly channel?: string;
    readonly schedule: string;
    readonly timezone: string;
    readonly graceMinutes: number;
  };
}

/** A whole number from min to max, written in digits. */
const wholeNumber = (min: number, max: number) =>
  z.pipe(
    z.pipe(z.string().check(z.regex(/^\d+$/)), z.transform(Number)),
    z.number().check(z.gte(min), z.lte(max)),
  );

/** true/false, yes/no, 1/0. */
const flag = z.pipe(
  z.enum(['true', 'false', '1', '0', 'yes', 'no']),
  z.transform((v) => v === 'true' || v === '1' || v === 'yes'),
);

/** A comma-separated list of Slack ids. */
const idList = (pattern: RegExp) =>
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      ),
    ),
    z.array(z.string().check(z.regex(pattern))),
  );

const CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;
const USER_ID = /^[UW][A-Z0-9]{2,}$/;

/**
 * Every variable, in the order .env.example documents them (the order problems are listed in). Values arrive
 * trimmed, and a blank value as undefined, so a default applies to `PORT=` exactly as to no PORT at all.
 */
const EnvSchema = z.object({
  SLACK_BOT_TOKEN: z.optional(z.string().check(z.regex(/^xox[bp]-/))),
  SLACK_APP_TOKEN: z.optional(z.string().check(z.regex(/^xapp-/))),
  SLACK_SIGNING_SECRET: z.optional(z.string().check(z.minLength(8))),
  SLACK_API_URL: z.optional(z.string().check(z.regex(/^https?:\/\/\S+$/))),
  ASSISTANT_PANEL: z._default(flag, true),
  PORT: z._default(wholeNumber(0, 65535), 3000),
  HOST: z._default(z.string(), '0.0.0.0'),
  HEALTH_PORT: z._default(wholeNumber(0, 65535), 3001),
  KNOWLEDGE_DIR: z._default(z.string(), 'knowledge'),
  DATA_DIR: z._default(z.string(), 'data'),
  REDIS_URL: z.optional(z.string().check(z.regex(/^rediss?:\/\/\S+$/))),
  KNOWLEDGE_WATCH: z._default(flag, true),
  ANSWER_WORKER: z._default(flag, false),
  ALLOWED_CHANNELS: z.optional(idList(CHANNEL_ID)),
  MENTIONS_ONLY: z._default(flag, false),
  RATE_LIMIT_PER_MINUTE: z._default(wholeNumber(1, 10_000), 20),
  ADMIN_USER_IDS: z._default(idList(USER_ID), []),
  GAPS_RECORD: z._default(flag, true),
  GAPS_RECORD_USERS: z._default(flag, false),
  LOG_LEVEL: z._default(z.enum(['debug', 'info', 'warn', 'error']), 'info'),
  TIP_CHANNEL: z.optional(z.string().check(z.regex(CHANNEL_ID))),
  // The pattern is checked in UTC: whether it parses does not depend on the zone, so a bad zone hides nothing.
  TIP_SCHEDULE: z._default(
    z.string().check(z.refine((v) => scheduleProblem(v, 'UTC') === undefined)),
    '30 9 * * 1-5',
  ),
  TIP_TIMEZONE: z._default(z.string().check(z.refine(isTimezone)), 'Europe/London'),
  TIP_GRACE: z._default(wholeNumber(0, 24 * 60), 120),
});

type Variable = keyof typeof EnvSchema.shape;
/** The variables that are set, trimmed. */
type Values = Partial<Record<Variable, string>>;

/**
 * What a valid value of each variable looks like: the whole of what a problem says after the variable's name.
 * Never the value given (it may be a secret) and never the validator's own wording.
 */
const EXPECTED: Readonly<Record<Variable, string>> = {
  SLACK_BOT_TOKEN: 'must be a bot token, starting xoxb-',
  SLACK_APP_TOKEN: 'must be an app-level token, starting xapp-',
  SLACK_SIGNING_SECRET:
    "must be the app's signing secret, at least 8 characters (Basic Information > App Credentials)",
  SLACK_API_URL: 'must be an http(s) URL, like https://slack-gov.com/api/',
  ASSISTANT_PANEL: 'must be true or false (or yes/no, 1/0)',
  PORT: 'must be a port number from 0 to 65535, like 3000',
  HOST: 'must be a host name or address, like 0.0.0.0',
  HEALTH_PORT: 'must be a port number from 0 to 65535, like 3001',
  KNOWLEDGE_DIR: 'must be a folder path, like knowledge',
  DATA_DIR: 'must be a folder path, like data',
  REDIS_URL: 'must be a redis:// or rediss:// URL, like redis://redis:6379/0',
  KNOWLEDGE_WATCH: 'must be true or false (or yes/no, 1/0)',
  ANSWER_WORKER: 'must be true or false (or yes/no, 1/0)',
  ALLOWED_CHANNELS: 'must be a comma-separated list of channel ids, like C0123456789,C0987654321',
  MENTIONS_ONLY: 'must be true or false (or yes/no, 1/0)',
  RATE_LIMIT_PER_MINUTE: 'must be a whole number from 1 to 10000, like 20',
  ADMIN_USER_IDS: 'must be a comma-separated list of user ids, like U0123456789,U0987654321',
  GAPS_RECORD: 'must be true or false (or yes/no, 1/0)',
  GAPS_RECORD_USERS: 'must be true or false (or yes/no, 1/0)',
  LOG_LEVEL: 'must be one of debug, info, warn, error',
  TIP_CHANNEL: 'must be a channel id, like C0123456789',
  TIP_SCHEDULE:
    'must be a cron expression of 5 fields (minute hour day month weekday) or 6 (seconds first), like 30 9 * * 1-5',
  TIP_TIMEZONE: 'must be an IANA time zone name, like Europe/London',
  TIP_GRACE: 'must be a whole number of minutes from 0 to 1440, like 120',
};

/** Every environment variable kubecon-bot reads (each is documented in .env.example, in this order). */
export const ENV_VARIABLES: readonly Variable[] = Object.keys(EnvSchema.shape) as Variable[];

/** One problem with the configuration: the variable at fault and what it should be. */
interface Problem {
  readonly variable: Variable;
  readonly text: string;
}

/** The variables kubecon-bot reads, trimmed; a blank value is unset, whatever the variable's type. */
function presentValues(env: Readonly<Record<string, string | undefined>>): Values {
  const values: Values = {};
  for (const name of ENV_VARIABLES) {
    const value = env[name]?.trim();
    if (value !== undefined && value !== '') values[name] = value;
  }
  return values;
}

/** Which credentials are present decides the transport; the problems when they do not make a whole. */
function transportOf(values: Values): { transport: Transport; problems: Problem[] } {
  const has = (name: Variable) => values[name] !== undefined;
  const transport: Transport = !has('SLACK_BOT_TOKEN') ? 'shell' : has('SLACK_APP_TOKEN') ? 'socket' : 'http';
  const problems: Problem[] = [];
  if (transport === 'http' && !has('SLACK_SIGNING_SECRET')) {
    const text = 'is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)';
    problems.push({ variable: 'SLACK_SIGNING_SECRET', text });
  }
  if (transport === 'shell' && (has('SLACK_APP_TOKEN') || has('SLACK_SIGNING_SECRET'))) {
    const text = 'is required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set';
    problems.push({ variable: 'SLACK_BOT_TOKEN', text });
  }
  return { transport, problems };
}

/**
 * Checks the environment. A ConfigError lists every missing or invalid variable at once, in .env.example
 * order, each by name with what a valid value looks like, never by value.
 */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const values = presentValues(env);
  const parsed = EnvSchema.safeParse(values);
  const { transport, problems } = transportOf(values);
  if (!parsed.success) {
    const invalid = new Set(parsed.error.issues.map((issue) => issue.path[0] as Variable));
    for (const variable of invalid) problems.push({ variable, text: EXPECTED[variable] });
  }
  if (!parsed.success || problems.length > 0) {
    const order = (p: Problem) => ENV_VARIABLES.indexOf(p.variable);
    throw new ConfigError(problems.sort((a, b) => order(a) - order(b)).map((p) => `${p.variable} ${p.text}`));
  }
  const e = parsed.data;
  return {
    transport,
    slack: {
      ...(e.SLACK_BOT_TOKEN !== undefined && { botToken: e.SLACK_BOT_TOKEN }),
      ...(e.SLACK_APP_TOKEN !== undefined && { appToken: e.SLACK_APP_TOKEN }),
      ...(e.SLACK_SIGNING_SECRET !== undefined && { signingSecret: e.SLACK_SIGNING_SECRET }),
      ...(e.SLACK_API_URL !== undefined && { apiUrl: e.SLACK_API_URL.replace(/\/?$/, '/') }),
    },
    assistantPanel: e.ASSISTANT_PANEL,
    port: e.PORT,
    host: e.HOST,
    healthPort: e.HEALTH_PORT,
    watchKnowledge: e.KNOWLEDGE_WATCH,
    answerWorker: e.ANSWER_WORKER,
    access: {
      // A list of separators only (`ALLOWED_CHANNELS=,`) is empty too: any channel, not none.
      ...(e.ALLOWED_CHANNELS !== undefined &&
        e.ALLOWED_CHANNELS.length > 0 && { allowedChannels: e.ALLOWED_CHANNELS }),
      mentionsOnly: e.MENTIONS_ONLY,
      adminUserIds: e.ADMIN_USER_IDS,
      questionsPerMinute: e.RATE_LIMIT_PER_MINUTE,
      recordGaps: e.GAPS_RECORD,
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

/**
 * What is valid but probably not meant, as sentences for the start-up log (no values, like the errors).
 * `now` is when the bot starts: a schedule is judged by the year that follows.
 */
export function configWarnings(config: Config, now: Date): string[] {
  const schedule = createSchedule(config.tips.schedule, config.tips.timezone);
  if (firesWithinAYear(schedule, now)) return [];
  return [
    'TIP_SCHEDULE does not fire in the coming year, so no daily tip will be posted: check its day and month fields (there is no 31 February), like 30 9 * * 1-5',
  ];
}

/** An IANA time zone name that this runtime knows. */
function isTimezone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
