import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

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
      'TIP_TIMEZONE is not an IANA time zone name',
    ]);
  });

  it('reads the access settings: lists of ids, a rate limit and flags', () => {
    const config = parseConfig({
      ALLOWED_CHANNELS: 'C0AAA111, C0BBB222',
      ADMIN_USER_IDS: 'U0ADMIN01',
      RATE_LIMIT_PER_MINUTE: '7',
      GAPS_RECORD_USERS: 'yes',
      KNOWLEDGE_WATCH: 'false',
    });
    expect(config.access).toEqual({
      allowedChannels: ['C0AAA111', 'C0BBB222'],
      adminUserIds: ['U0ADMIN01'],
      questionsPerMinute: 7,
      recordUsersInGaps: true,
    });
    expect(config.watchKnowledge).toBe(false);
    expect(parseConfig({}).access).toEqual({
      adminUserIds: [],
      questionsPerMinute: 20,
      recordUsersInGaps: false,
    });
    expect(
      problems({ ALLOWED_CHANNELS: '#general', GAPS_RECORD_USERS: 'maybe', TIP_SCHEDULE: 'often' })
        .map((p) => p.split(' ')[0])
        .sort(),
    ).toEqual(['ALLOWED_CHANNELS.0', 'GAPS_RECORD_USERS', 'TIP_SCHEDULE']);
  });

  it('normalises the Web API URL to end in a slash', () => {
    const config = parseConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      SLACK_API_URL: 'https://slack-gov.com/api',
    });
    expect(config.slack.apiUrl).toBe('https://slack-gov.com/api/');
  });
});
