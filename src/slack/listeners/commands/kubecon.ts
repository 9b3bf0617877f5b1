import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseRequest } from '../../../core/answers/commands.js';
import { ADMINS_ONLY, FRIENDLY_ERROR } from '../../../core/answers/copy.js';
import { gapReport, renderGaps } from '../../../core/answers/gaps.js';
import { replyTo } from '../../../core/answers/reply.js';
import type { SlackMessage } from '../../../core/types.js';
import { notice, payload } from '../../send.js';
import type { Deps } from '../deps.js';

/**
 * `/kubecon <question | help | topics | tip | gaps>`, answered only to the asker, in the ack itself: an answer
 * takes well under a millisecond to make, so one response does both (no response_url round trip to fail or
 * to queue behind under load). Whatever goes wrong, the ack still carries a friendly reply.
 */
export function kubeconCommand(deps: Deps) {
  return async ({ command, ack }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    let message: SlackMessage;
    try {
      message = await reply(deps, command.text ?? '', command.user_id, command.channel_id);
    } catch (error) {
      deps.logger.error({ err: error, user: command.user_id }, 'answering /kubecon failed');
      message = notice(FRIENDLY_ERROR);
    }
    await ack({ response_type: 'ephemeral', ...payload(message) });
  };
}

async function reply(deps: Deps, text: string, user: string, channel: string): Promise<SlackMessage> {
  const request = parseRequest(text);
  if (request.kind === 'gaps') {
    if (!deps.admins.includes(user)) return notice(ADMINS_ONLY);
    return renderGaps(gapReport(await deps.gaps.list(), await deps.feedback.list(), deps.index().knowledge));
  }
  const refusal = request.kind === 'ask' ? await deps.guard.check(user, channel) : undefined;
  if (refusal !== undefined) return notice(refusal);
  if (request.kind === 'ask')
    return deps.questions.reply({ query: request.query, source: 'command', controls: 'ephemeral', user });
  return replyTo(request, { index: deps.index(), random: deps.random });
}
