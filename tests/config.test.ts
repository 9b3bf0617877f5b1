import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configWarnings, ENV_VARIABLES, parseConfig } from '../src/config.js';
import { ConfigError } from '../src/core/errors.js';
import { ROOT } from './run.js';

const problems = (env: Record<string, string>): string[] => {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
};

describe('parseConfig', () => {
  it('runs the local shell on the shipped knowledge with no variables at all', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      transport: 'shell',
      knowledgeDir: 'knowledge',
      dataDir: 'data',
      port: 3000,
    });
    expect(config.tips).toEqual({ schedule: '30 9 * * 1-5', timezone: 'Europe/London', graceMinutes: 120 });
  });

  it.each([
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefgh12' }, 'http'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }, 'socket'],
    [{ SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '' }, 'shell'],
  ])('picks the transport from the credentials: %j is %s', (env, transport) => {
    expect(parseConfig(env).transport).toBe(transport);
  });

  it('lists every invalid variable at once, by name, never by value', () => {
    const found = problems({
      SLACK_BOT_TOKEN: 'not-a-token-secretvalue',
      SLACK_APP_TOKEN: 'also-wrong-secretvalue',
      PORT: 'eighty',
      TIP_CHANNEL: '#general',
      LOG_LEVEL: 'loud',
    });
    expect(found.map((p) => p.split(' ')[0]).sort()).toEqual([
      'LOG_LEVEL',
      'PORT',
      'SLACK_APP_TOKEN',
      'SLACK_BOT_TOKEN',
      'TIP_CHANNEL',
    ]);
    expect(found.join('\n')).not.toContain('secretvalue');
  });

  it('needs a signing secret for HTTP mode, and a bot token for any Slack mode', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
      expect.stringMatching(/^SLACK_SIGNING_SECRET is required/),
    ]);
    expect(problems({ SLACK_APP_TOKEN: 'xapp-1' })).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN is required/),
    ]);
  });

  it('rejects a time zone that is not an IANA name', () => {
    expect(problems({ TIP_TIMEZONE: 'Mars/Olympus' })).toEqual([
      'TIP_TIMEZONE must be an IANA time zone name, like Europe/London',
    ]);
  });

  it('reads the access settings: lists of ids, a rate limit and flags', () => {
    const config = parseConfig({
      ALLOWED_CHANNELS: 'C0AAA111, C0BBB222',
      ADMIN_USER_IDS: 'U0ADMIN01',
      RATE_LIMIT_PER_MINUTE: '7',
      GAPS_RECORD_USERS: 'yes',
      KNOWLEDGE_WATCH: 'false',
      MENTIONS_ONLY: 'true',
    });
    expect(config.access).toEqual({
      allowedChannels: ['C0AAA111', 'C0BBB222'],
      mentionsOnly: true,
      adminUserIds: ['U0ADMIN01'],
      questionsPerMinute: 7,
      recordGaps: true,
      recordUsersInGaps: true,
    });
    expect(config.watchKnowledge).toBe(false);
    expect([parseConfig({}).answerWorker, parseConfig({ ANSWER_WORKER: 'yes' }).answerWorker]).toEqual([
      false,
      true,
    ]);
    expect(parseConfig({}).access).toEqual({
      mentionsOnly: false,
      adminUserIds: [],
      questionsPerMinute: 20,
      recordGaps: true,
      recordUsersInGaps: false,
    });
    expect(
      problems({ ALLOWED_CHANNELS: '#general', GAPS_RECORD_USERS: 'maybe', TIP_SCHEDULE: 'often' })
        .map((p) => p.split(' ')[0])
        .sort(),
    ).toEqual(['ALLOWED_CHANNELS', 'GAPS_RECORD_USERS', 'TIP_SCHEDULE']);
    expect(parseConfig({ GAPS_RECORD: 'no' }).access.recordGaps).toBe(false);
    expect(problems({ GAPS_RECORD: 'off' })).toEqual(['GAPS_RECORD must be true or false (or yes/no, 1/0)']);
  });

  it('normalises the Web API URL to end in a slash', () => {
    const config = parseConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_API_URL: 'https://slack-gov.com/api',
    });
    expect(config.slack.apiUrl).toBe('https://slack-gov.com/api/');
  });

  it('turns the assistant panel on by default, off with ASSISTANT_PANEL=false, and names it when unclear', () => {
    const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' };
    expect(parseConfig(slack).assistantPanel).toBe(true);
    expect(parseConfig({ ...slack, ASSISTANT_PANEL: '' }).assistantPanel).toBe(true);
    expect(parseConfig({ ...slack, ASSISTANT_PANEL: 'false' }).assistantPanel).toBe(false);
    expect(() => parseConfig({ ...slack, ASSISTANT_PANEL: 'sometimes' })).toThrow(
      /ASSISTANT_PANEL must be true or false/,
    );
  });
});

describe('parseConfig: an empty variable is unset', () => {
  it.each(
    ENV_VARIABLES.flatMap((name) => [
      [name, ''],
      [name, ' \t '],
    ]),
  )('%s=%j behaves as if it were not set', (name, blank) => {
    expect(parseConfig({ [name]: blank })).toEqual(parseConfig({}));
  });

  it('gives numbers their defaults, not 0: PORT= listens on 3000', () => {
    const config = parseConfig({ PORT: '', HEALTH_PORT: ' ', RATE_LIMIT_PER_MINUTE: '', TIP_GRACE: '  ' });
    expect(config).toMatchObject({ port: 3000, healthPort: 3001, access: { questionsPerMinute: 20 } });
    expect(config.tips.graceMinutes).toBe(120);
  });

  it('does not count a blank signing secret as a credential', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: ' ', SLACK_SIGNING_SECRET: '' })).toEqual([
      expect.stringMatching(/^SLACK_SIGNING_SECRET is required/),
    ]);
  });

  it('ignores spaces around a value, and a list of separators only', () => {
    const config = parseConfig({ PORT: ' 8080 ', LOG_LEVEL: 'warn ', ALLOWED_CHANNELS: ' , ,' });
    expect(config).toMatchObject({ port: 8080, logLevel: 'warn' });
    expect(config.access.allowedChannels).toBeUndefined();
  });
});

describe('parseConfig: the configuration error', () => {
  const SOCKET = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' };

  it.each([
    ['SLACK_BOT_TOKEN', 'not-a-token'],
    ['SLACK_APP_TOKEN', 'xoxb-wrong-kind'],
    ['SLACK_SIGNING_SECRET', 'short'],
    ['SLACK_API_URL', 'slack.com/api'],
    ['PORT', 'eighty'],
    ['PORT', '65536'],
    ['PORT', '3000.5'],
    ['PORT', '-1'],
    ['HEALTH_PORT', '1e3'],
    ['REDIS_URL', 'localhost:6379'],
    ['KNOWLEDGE_WATCH', 'maybe'],
    ['ANSWER_WORKER', 'on'],
    ['ALLOWED_CHANNELS', 'C0AAA111,#general'],
    ['MENTIONS_ONLY', 'sometimes'],
    ['RATE_LIMIT_PER_MINUTE', '10001'],
    ['ADMIN_USER_IDS', '@alice'],
    ['GAPS_RECORD_USERS', 'sometimes'],
    ['LOG_LEVEL', 'loud'],
    ['TIP_CHANNEL', '#general'],
    ['TIP_SCHEDULE', '15 8 * *'],
    ['TIP_SCHEDULE', '61 9 * * *'],
    ['TIP_TIMEZONE', 'Mars/Olympus'],
    ['TIP_GRACE', '1441'],
  ])('%s=%j is one problem that names the variable and says what a valid value looks like', (name, value) => {
    const found = problems({ ...SOCKET, [name]: value });
    expect(found).toEqual([expect.stringMatching(new RegExp(`^${name} must be \\S`))]);
    expect(found[0]).not.toContain(value);
    expect(found[0]).not.toMatch(/invalid input|expected|received|NaN/i);
  });

  it('names ALLOWED_CHANNELS for one bad id, not ALLOWED_CHANNELS.0', () => {
    expect(problems({ ALLOWED_CHANNELS: '#general' })).toEqual([
      'ALLOWED_CHANNELS must be a comma-separated list of channel ids, like C0123456789,C0987654321',
    ]);
  });

  it('lists a bad port, schedule and time zone in one error, in order, without their values or any secret', () => {
    let error: unknown;
    try {
      parseConfig({
        ...SOCKET,
        SLACK_APP_TOKEN: 'xapp-1-A0-topsecret',
        TIP_TIMEZONE: 'Mars/Olympus',
        TIP_SCHEDULE: 'nonsense',
        PORT: 'abc',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems: found, message } = error as ConfigError;
    expect(found).toEqual([
      expect.stringMatching(/^PORT must be a port number from 0 to 65535/),
      expect.stringMatching(/^TIP_SCHEDULE must be a cron expression of 5 fields .*, like 30 9 \* \* 1-5$/),
      expect.stringMatching(/^TIP_TIMEZONE must be an IANA time zone name, like Europe\/London$/),
    ]);
    for (const value of ['abc', 'nonsense', 'Mars', 'Olympus', 'topsecret'])
      expect(message).not.toContain(value);
  });

  it('lists problems in the order .env.example documents the variables', () => {
    const example = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
    expect([...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1])).toEqual(ENV_VARIABLES);
    const found = problems({ TIP_GRACE: 'x', LOG_LEVEL: 'x', PORT: 'x', SLACK_API_URL: 'x' });
    expect(found.map((p) => p.split(' ')[0])).toEqual(['SLACK_API_URL', 'PORT', 'LOG_LEVEL', 'TIP_GRACE']);
  });
});

describe('configWarnings', () => {
  const MARCH_2026 = new Date('2026-03-01T00:00:00Z');
  const warnings = (schedule: string, now = MARCH_2026) =>
    configWarnings(parseConfig({ TIP_SCHEDULE: schedule }), now);

  it.each(['0 0 31 2 *', '0 0 30 2 *', '0 0 31 4 *'])('warns that %s never fires', (schedule) => {
    expect(warnings(schedule)).toEqual([
      expect.stringMatching(/^TIP_SCHEDULE does not fire in the coming year/),
    ]);
    expect(warnings(schedule)[0]).not.toContain(schedule);
  });

  it('has nothing to say about the default schedule or any that fires within a year', () => {
    expect(configWarnings(parseConfig({}), MARCH_2026)).toEqual([]);
    expect(warnings('0 12 1 1 *')).toEqual([]);
    expect(warnings('*/10 * * * * *')).toEqual([]);
  });

  it('judges the year after the time it is given: 29 February is 2 years off in March 2026, not in March 2027', () => {
    expect(warnings('0 0 29 2 *', MARCH_2026)).toHaveLength(1);
    expect(warnings('0 0 29 2 *', new Date('2027-03-01T00:00:00Z'))).toEqual([]);
  });
});
