import { describe, expect, it } from 'vitest';
import { conversationFields } from '../../../src/slack/listeners/conversation-fields.js';
import * as slack from '../../fixtures/slack/payloads.js';

describe('conversationFields', () => {
  const mention = slack.appMention('<@UBOT0001> istio', '1700000000.000100');

  it('reads channel, user, text, ts and thread_ts of a well-formed event', () => {
    expect(conversationFields(mention)).toEqual({
      channel: mention.channel,
      user: mention.user,
      text: '<@UBOT0001> istio',
      ts: mention.ts,
      threadTs: '1700000000.000100',
    });
  });

  it('reads a message without text (a file shared alone) as empty text', () => {
    const { text: _text, ...noText } = slack.message('x', { im: true });
    expect(conversationFields(noText)).toMatchObject({ text: '' });
  });

  it.each([
    ['text is a number', { text: 42 }, 'text is not a string'],
    ['text is null', { text: null }, 'text is not a string'],
    ['text is an object', { text: { toString: 'x' } }, 'text is not a string'],
    ['channel is missing', { channel: undefined }, 'no channel'],
    ['channel is an object', { channel: { id: 'C1' } }, 'no channel'],
    ['user is missing', { user: undefined }, 'no user'],
    ['ts is missing', { ts: undefined }, 'no ts'],
    ['thread_ts is a number', { thread_ts: 1 }, 'thread_ts is not a string'],
  ])('refuses an event whose %s', (_what, change, problem) => {
    expect(conversationFields({ ...mention, ...change })).toBe(problem);
  });
});
