import { describe, expect, it } from 'vitest';
import { envelopeProblem } from '../../src/slack/envelope.js';
import * as slack from '../fixtures/slack/payloads.js';

describe('envelopeProblem', () => {
  const mention = slack.eventCallback(slack.appMention('<@UBOT0001> istio'));

  it('finds nothing wrong with the requests Slack sends', () => {
    for (const body of [
      mention,
      slack.slashCommand('istio', 'https://hooks.example/1'),
      slack.blockActions({ action_id: 'answer_next' }, 'https://hooks.example/2'),
      { type: 'url_verification', challenge: 'c' },
      { ssl_check: '1', token: 't' },
      slack.eventCallback({ ...slack.appMention('x'), channel: { id: 'C1' } }),
    ])
      expect(envelopeProblem(body), JSON.stringify(body).slice(0, 60)).toBeUndefined();
  });

  it.each([
    ['JSON null', null, 'the body is not an object'],
    ['an array', [mention], 'the body is not an object'],
    ['a number', 42, 'the body is not an object'],
    ['an object of nothing Slack sends', { hello: 'world' }, 'the body has no event, command or type'],
    ['an event_callback without event', { ...mention, event: undefined }, 'event is not an object'],
    ['an event that is a string', { ...mention, event: 'app_mention' }, 'event is not an object'],
    ['an event that is null', { ...mention, event: null }, 'event is not an object'],
    ['an event that is an array', { ...mention, event: [] }, 'event is not an object'],
    ['an event without type', { ...mention, event: { channel: 'C1' } }, 'event has no type'],
    [
      'an event whose channel is null',
      { ...mention, event: { type: 'app_mention', channel: null } },
      'event.channel is neither a string nor an object',
    ],
    [
      'an event whose item is a string',
      { ...mention, event: { type: 'reaction_added', item: 'x' } },
      'event.item is not an object',
    ],
    ['an action whose channel is null', { type: 'block_actions', channel: null }, 'channel is not an object'],
  ])('names the problem of %s', (_what, body, problem) => {
    expect(envelopeProblem(body)).toBe(problem);
  });
});
