import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decodeValue, renderAnswer } from '../../../core/answers/blocks.js';
import { FRIENDLY_ERROR, NOT_IN_CHANNEL } from '../../../core/answers/copy.js';
import { notice, payload, sendEphemeral, slackErrorCode } from '../../send.js';
import type { Deps } from '../deps.js';

/** The buttons under an ephemeral answer: share it, page through results, dismiss it, ask a suggestion. */

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Where a click came from, for replies. */
function target(deps: Deps, { body, respond, client }: ButtonArgs) {
  const channel = body.channel?.id ?? body.container?.channel_id;
  return {
    respond,
    client,
    user: body.user.id,
    logger: deps.logger,
    ...(channel !== undefined && { channel }),
  };
}

/** Share in channel: posts the answer visibly, saying who shared it, and removes the ephemeral copy. */
export function shareAnswer(deps: Deps) {
  return async (args: ButtonArgs) => {
    await args.ack();
    const value = decodeValue(args.action.value);
    const channel = args.body.channel?.id ?? args.body.container?.channel_id;
    try {
      if (!value || channel === undefined) throw new Error('share button without a query or channel');
      const answer = deps.questions.ask(value.q, 'command', args.body.user.id);
      const message = renderAnswer(answer, {
        page: value.i,
        controls: 'shared',
        sharedBy: args.body.user.id,
      });
      await args.client.chat.postMessage({
        channel,
        ...payload(message),
        unfurl_links: false,
        unfurl_media: false,
      });
      await args.respond({ delete_original: true });
    } catch (error) {
      const code = slackErrorCode(error);
      const cannotPost = code === 'not_in_channel' || code === 'channel_not_found';
      if (!cannotPost) deps.logger.error({ err: error }, 'sharing an answer failed');
      await sendEphemeral(target(deps, args), notice(cannotPost ? NOT_IN_CHANNEL : FRIENDLY_ERROR));
    }
  };
}

/** Next result / Previous: the same answer at another result, in place. */
export function pageAnswer(deps: Deps) {
  return async (args: ButtonArgs) => {
    await args.ack();
    const value = decodeValue(args.action.value);
    try {
      if (!value) throw new Error('paging button without a query');
      const answer = deps.questions.ask(value.q, 'command', args.body.user.id);
      await sendEphemeral(
        target(deps, args),
        renderAnswer(answer, { page: value.i, controls: 'ephemeral' }),
        'replace',
      );
    } catch (error) {
      deps.logger.error({ err: error }, 'paging an answer failed');
      await sendEphemeral(target(deps, args), notice(FRIENDLY_ERROR));
    }
  };
}

/** Dismiss: removes the ephemeral answer. */
export function dismissAnswer(deps: Deps) {
  return async ({ ack, respond }: ButtonArgs) => {
    await ack();
    await respond({ delete_original: true }).catch((e: unknown) =>
      deps.logger.warn({ err: e }, 'dismiss failed'),
    );
  };
}

/** A suggested topic or a topic button: its answer, to the clicker only (in a DM when clicked in App Home). */
export function askSuggestion(deps: Deps) {
  return async (args: ButtonArgs) => {
    await args.ack();
    const value = decodeValue(args.action.value);
    const fromHome = args.body.container?.type === 'view';
    try {
      if (!value) throw new Error('suggestion button without a query');
      const answer = deps.questions.ask(value.q, fromHome ? 'home' : 'command', args.body.user.id);
      if (fromHome) {
        const message = renderAnswer(answer, { controls: 'thread' });
        await args.client.chat.postMessage({
          channel: args.body.user.id,
          ...payload(message),
          unfurl_links: false,
        });
      } else {
        await sendEphemeral(target(deps, args), renderAnswer(answer, { controls: 'ephemeral' }));
      }
    } catch (error) {
      deps.logger.error({ err: error }, 'answering a suggestion failed');
      if (!fromHome) await sendEphemeral(target(deps, args), notice(FRIENDLY_ERROR));
    }
  };
}

export { target as clickTarget };
