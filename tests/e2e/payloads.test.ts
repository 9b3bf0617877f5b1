import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as slack from '../fixtures/slack/payloads.js';
import { SHARED_DIR } from '../helpers.js';

/** Our payload builders use Slack's field names: each field appears in one of the real samples in ../shared. */
const sample = (file: string) =>
  JSON.parse(readFileSync(path.join(SHARED_DIR, 'slack-fixtures', file), 'utf8'));
const keys = (...objects: Record<string, unknown>[]) => new Set(objects.flatMap((o) => Object.keys(o ?? {})));

function unknownFields(ours: Record<string, unknown>, ...samples: Record<string, unknown>[]): string[] {
  const known = keys(...samples);
  return Object.keys(ours).filter((k) => !known.has(k));
}

describe('our Slack payload fixtures', () => {
  it('slash commands use the fields of Slack’s slash command payload', () => {
    const ours = slack.slashCommand('istio', 'http://x');
    const raw = readFileSync(
      path.join(SHARED_DIR, 'slack-fixtures/slash-command.form-urlencoded.txt'),
      'utf8',
    );
    const form = Object.fromEntries(new URLSearchParams(raw.trim()));
    expect(unknownFields(ours, sample('java-sdk-shapes/SlashCommandPayload.json'), form)).toEqual([]);
  });

  it('event callbacks and their events use the fields of the real samples', () => {
    const mention = slack.appMention('<@UBOT0001> hi');
    const callback = slack.eventCallback(mention);
    const real = sample('event-callback.app_mention.json');
    expect(unknownFields(callback, real, sample('java-sdk-shapes/AppMentionPayload.json'))).toEqual([]);
    expect(
      unknownFields(mention, real.event, sample('java-sdk-shapes/AppMentionPayload.json').event),
    ).toEqual([]);
    const dm = slack.message('hi', { im: true });
    expect(
      unknownFields(
        dm,
        sample('event-callback.message_im.json').event,
        sample('java-sdk-shapes/MessagePayload.json').event,
      ),
    ).toEqual([]);
    expect(dm.channel_type).toBe(sample('event-callback.message_im.json').event.channel_type);
    const home = slack.appHomeOpened();
    expect(unknownFields(home, sample('event.app_home_opened.json'))).toEqual([]);
  });

  it('block actions use the fields of the real block_actions payload', () => {
    const ours = slack.blockActions({ action_id: 'a', value: 'v' }, 'http://x');
    const real = sample('block-actions.payload.json');
    expect(unknownFields(ours, real)).toEqual([]);
    expect(unknownFields(ours.container as never, real.container)).toEqual([]);
    expect(unknownFields((ours.actions as never[])[0] as never, real.actions[0])).toEqual([]);
  });

  it('Socket Mode envelopes are shaped like Slack’s', () => {
    const real = sample('socket-envelope.slash_commands.json');
    expect(Object.keys(real).sort()).toEqual(['accepts_response_payload', 'envelope_id', 'payload', 'type']);
  });
});
