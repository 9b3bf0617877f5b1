import type { RespondFn } from '@slack/bolt';
import { renderAnswer } from '../../../core/answers/blocks.js';
import { NOT_IN_CHANNEL } from '../../../core/answers/copy.js';
import { notice, payload, slackErrorCode } from '../../send.js';
import type { Deps } from '../deps.js';
import { onClick } from './on-click.js';

/** The buttons under an answer: share it, page through results, open a related one, dismiss it, ask a suggestion. */

/**
 * Share in channel: posts the answer for everyone, saying who shared it, and removes the ephemeral copy.
 * Through the click's response URL first (as `in_channel`), which Slack accepts wherever /kubecon works:
 * channels the bot is not in, private channels, DMs between people. It takes two of the URL's five uses
 * (the post, then `delete_original`), posting first so a failure leaves the ephemeral copy in place.
 * chat.postMessage only when there is no response URL or it failed (expired, used up).
 */
export function shareAnswer(deps: Deps) {
  return onClick(deps, 'sharing an answer', async ({ value, channel, user, client, respond }) => {
    if (!value) throw new Error('share button without a query');
    const answer = deps.questions.again(value.q);
    const message = payload(renderAnswer(answer, { page: value.i, controls: 'shared', sharedBy: user }));
    const unfurl = { unfurl_links: false, unfurl_media: false };
    if (respond) {
      try {
        await respond({ response_type: 'in_channel', replace_original: false, ...message, ...unfurl });
        await removeOriginal(deps, respond);
        return undefined;
      } catch (error) {
        deps.logger.warn({ err: error }, 'sharing through the response URL failed; trying chat.postMessage');
      }
    }
    if (channel === undefined) throw new Error('share button without a channel');
    try {
      await client.chat.postMessage({ channel, ...message, ...unfurl });
    } catch (error) {
      const code = slackErrorCode(error);
      if (code === 'not_in_channel' || code === 'channel_not_found') return { show: notice(NOT_IN_CHANNEL) };
      throw error;
    }
    if (respond) await removeOriginal(deps, respond);
    return undefined;
  });
}

/** Deletes the ephemeral message clicked; if that fails the answer is shared anyway, so only log it. */
async function removeOriginal(deps: Deps, respond: RespondFn): Promise<void> {
  await respond({ delete_original: true }).catch((e: unknown) =>
    deps.logger.warn({ err: e }, 'could not remove the ephemeral copy of a shared answer'),
  );
}

/**
 * Next result / Previous: the same answer at another result, in place. An ephemeral answer is replaced
 * through its response URL; the bot's own message in a thread or DM is edited with chat.update, for
 * everyone who sees it.
 */
export function pageAnswer(deps: Deps) {
  return onClick(deps, 'paging an answer', async ({ value, message, channel, client }) => {
    if (!value) throw new Error('paging button without a query');
    const answer = deps.questions.again(value.q);
    if (message === undefined || message.ephemeral || channel === undefined)
      return { show: renderAnswer(answer, { page: value.i, controls: 'ephemeral' }), replace: true };
    const update = renderAnswer(answer, { page: value.i, controls: 'thread' });
    await client.chat.update({ channel, ts: message.ts, ...payload(update) });
    return undefined;
  });
}

/**
 * An "Also relevant" result: the answer at that result, to the clicker only (ephemeral, in the thread
 * clicked in), whoever asked: a click is a private act, and a reply everyone in the thread sees (and is
 * notified of) would surprise them. The answer's Share button lets the clicker post it.
 */
export function openRelated(deps: Deps) {
  return onClick(deps, 'opening a related result', async ({ value }) => {
    if (!value) throw new Error('related button without a query');
    const answer = deps.questions.again(value.q);
    return { show: renderAnswer(answer, { page: value.i, controls: 'ephemeral' }) };
  });
}

/** Dismiss: removes the ephemeral answer (nothing to say if it is gone already). */
export function dismissAnswer(deps: Deps) {
  return onClick(deps, 'dismissing an answer', async ({ respond }) => {
    await respond?.({ delete_original: true }).catch((e: unknown) =>
      deps.logger.warn({ err: e }, 'dismiss failed'),
    );
    return undefined;
  });
}

/** A suggested topic or a topic button: its answer, to the clicker only (in a DM when clicked in App Home). */
export function askSuggestion(deps: Deps) {
  return onClick(deps, 'answering a suggestion', async ({ value, user, fromHome }) => {
    if (!value) throw new Error('suggestion button without a query');
    const answer = deps.questions.ask(value.q, fromHome ? 'home' : 'command', user);
    return { show: renderAnswer(answer, { controls: fromHome ? 'thread' : 'ephemeral' }) };
  });
}
