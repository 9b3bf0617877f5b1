import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ManifestUrlError, manifestFor, parseBaseUrl } from '../../src/slack/manifest.js';
import { SHARED_DIR } from '../helpers.js';
import { ROOT } from '../run.js';

// biome-ignore lint/suspicious/noExplicitAny: a parsed manifest is walked by field name; the schema checks its shape
type Manifest = Record<string, any>;

const committed = readFileSync(path.join(ROOT, 'manifest.yml'), 'utf8');
const schema = JSON.parse(
  readFileSync(
    path.join(SHARED_DIR, 'slack-fixtures/manifest-schema/schemas/manifest.schema.1.0.0.json'),
    'utf8',
  ),
);
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

const BASE = 'https://bot.example.com';
const URL_ = `${BASE}/slack/events`;
const made = (source: string, options: Parameters<typeof manifestFor>[1]) =>
  parse(manifestFor(source, options)) as Manifest;
const scopes = (m: Manifest): string[] => m.oauth_config.scopes.bot;
const events = (m: Manifest): string[] => m.settings.event_subscriptions.bot_events;

describe('manifestFor', () => {
  it('gives the committed manifest unchanged for Socket Mode with every feature', () => {
    expect(manifestFor(committed)).toBe(committed);
    expect(manifestFor(committed, {})).toBe(committed);
  });

  const cases = [
    { httpBase: BASE },
    { mentionsOnly: true },
    { noAssistant: true },
    { httpBase: BASE, mentionsOnly: true, noAssistant: true },
  ];
  it.each(cases.map((options) => ({ options })))(
    'passes Slack’s manifest schema: $options',
    ({ options }) => {
      const manifest = made(committed, options);
      validate(manifest);
      expect(validate.errors ?? []).toEqual([]);
    },
  );

  it('is refused by the schema when a URL is not one: the schema really checks the request URLs', () => {
    const manifest = made(committed, { httpBase: BASE });
    manifest.settings.event_subscriptions.request_url = 7;
    expect(validate(manifest)).toBe(false);
  });

  it('puts /slack/events on the events, interactivity and every slash command for HTTP, with Socket Mode off', () => {
    const manifest = made(committed, { httpBase: `${BASE}/` });
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.settings.event_subscriptions.request_url).toBe(URL_);
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: URL_ });
    expect(manifest.features.slash_commands.length).toBeGreaterThan(0);
    for (const command of manifest.features.slash_commands) expect(command.url).toBe(URL_);
    const socket = parse(committed) as Manifest;
    expect(scopes(manifest)).toEqual(scopes(socket));
    expect(events(manifest)).toEqual(events(socket));
  });

  it('has no request URL in Socket Mode', () => {
    const manifest = made(committed, { mentionsOnly: true });
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(manifest)).not.toContain('request_url');
    expect(manifest.features.slash_commands[0].url).toBeUndefined();
  });

  it('drops the history scopes and channel message events for mentions only, and keeps DMs and mentions', () => {
    const manifest = made(committed, { mentionsOnly: true });
    expect(scopes(manifest)).not.toEqual(expect.arrayContaining(['channels:history']));
    expect(scopes(manifest).filter((s) => s.endsWith(':history'))).toEqual(['im:history']);
    expect(events(manifest).filter((e) => e.startsWith('message.'))).toEqual(['message.im']);
    expect(scopes(manifest)).toEqual(
      expect.arrayContaining(['app_mentions:read', 'commands', 'assistant:write']),
    );
    expect(events(manifest)).toEqual(expect.arrayContaining(['app_mention', 'assistant_thread_started']));
  });

  it('drops the assistant view, its scope and every assistant_thread_ event without the assistant', () => {
    const manifest = made(committed, { noAssistant: true });
    expect(manifest.features.assistant_view).toBeUndefined();
    expect(scopes(manifest)).not.toContain('assistant:write');
    expect(events(manifest).filter((e) => e.startsWith('assistant_'))).toEqual([]);
    expect(scopes(manifest)).toEqual(expect.arrayContaining(['channels:history', 'im:history']));
    const { assistant_view: _dropped, ...others } = (parse(committed) as Manifest).features;
    expect(manifest.features).toEqual(others);
  });

  it('says in its opening comment how it was made, and keeps the comments of what stays', () => {
    const text = manifestFor(committed, { httpBase: BASE, mentionsOnly: true });
    expect(text.split('\n')[0]).toBe(
      '# Slack app manifest for kubecon-bot, made from manifest.yml by: npm run manifest -- --http https://bot.example.com --mentions-only',
    );
    expect(text).toContain(URL_);
    expect(text).not.toContain('As shipped, the app uses Socket Mode');
    expect(text).toContain('# direct messages to the bot');
    expect(text).not.toContain('# follow-up questions in threads');
  });
});

describe('parseBaseUrl', () => {
  it.each([
    ['https://bot.example.com', 'https://bot.example.com'],
    ['https://bot.example.com/', 'https://bot.example.com'],
    ['https://bot.example.com:8443', 'https://bot.example.com:8443'],
  ])('takes %s as %s', (text, base) => {
    expect(parseBaseUrl(text)).toBe(base);
  });

  it.each([
    'http://bot.example.com',
    'bot.example.com',
    'https://bot.example.com/slack/events',
    'https://bot.example.com/?x=1',
    'https://bot.example.com/#top',
    'https://user:pw@bot.example.com',
    '',
  ])('refuses %j with one line naming --http', (text) => {
    expect(() => parseBaseUrl(text)).toThrow(ManifestUrlError);
    expect(() => parseBaseUrl(text)).toThrow(
      /^--http needs the bot's https base URL, like https:\/\/bot\.example\.com/,
    );
    try {
      parseBaseUrl(text);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
