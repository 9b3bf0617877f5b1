import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseRequest } from '../../answers/commands.js';
import { replyTo } from '../../answers/reply.js';
import { FRIENDLY_ERROR, notice, sendEphemeral } from '../../slack/send.js';
import type { Deps } from '../deps.js';

/** `/kubecon <question | help | topics | tip>`: acked at once, then answered only to the asker. */
export function kubeconCommand(deps: Deps) {
  return async ({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    await ack();
    const target = {
      respond,
      client,
      channel: command.channel_id,
      user: command.user_id,
      logger: deps.logger,
    };
    try {
      const message = replyTo(parseRequest(command.text ?? ''), {
        index: deps.index(),
        random: deps.random,
        controls: 'ephemeral',
      });
      await sendEphemeral(target, message);
    } catch (error) {
      deps.logger.error({ err: error, user: command.user_id }, 'answering /kubecon failed');
      await sendEphemeral(target, notice(FRIENDLY_ERROR));
    }
  };
}
