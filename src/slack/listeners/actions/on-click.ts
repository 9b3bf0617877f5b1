import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  RespondFn,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { type ButtonValue, decodeValue } from '../../../core/answers/blocks.js';
import { FRIENDLY_ERROR } from '../../../core/answers/copy.js';
import type { SlackMessage } from '../../../core/types.js';
import { notice, payload, sendEphemeral } from '../../send.js';
import type { Deps } from '../deps.js';

/**
 * The one shape of every button handler: ack, read the click, call the handler, show its reply to the
 * clicker, and on any failure show the friendly error instead (the detail goes to the log).
 */

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** A button click, as the handlers see it. */
export interface Click {
  /** The button's value as sent (a section id, a note id…). */
  readonly raw: string | undefined;
  /** The value decoded, when it is an answer's button state. */
  readonly value: ButtonValue | undefined;
  readonly user: string;
  /** The conversation clicked in; undefined in App Home. */
  readonly channel?: string;
  /** Clicked in App Home, where replies go to the clicker's direct messages. */
  readonly fromHome: boolean;
  /** The message clicked (its ts) and whether only the clicker sees it; undefined in App Home. */
  readonly message?: { readonly ts: string; readonly ephemeral: boolean };
  /** The thread of the message clicked, so a reply to the clicker stays in it. */
  readonly threadTs?: string;
  readonly client: WebClient;
  /** Replies through the click's response_url (an ephemeral message's own URL); none in App Home. */
  readonly respond?: RespondFn;
}

/** What a handler wants shown to the clicker only (`replace`: instead of the message clicked); none: it replied itself. */
export type ClickReply = { readonly show: SlackMessage; readonly replace?: boolean } | undefined;

/** A Bolt listener for a button: `what` names the work in the log ("sharing an answer failed"). */
export function onClick(deps: Deps, what: string, handle: (click: Click) => Promise<ClickReply>) {
  return async (args: ButtonArgs) => {
    await args.ack();
    deps.metrics.click(args.action.action_id.replace(/_\d+$/, ''));
    const click = clickOf(args);
    try {
      const reply = await handle(click);
      if (reply) await show(deps, click, reply.show, reply.replace ? 'replace' : 'new');
    } catch (error) {
      deps.logger.error({ err: error, user: click.user }, `${what} failed`);
      await show(deps, click, notice(FRIENDLY_ERROR), 'new');
    }
  };
}

function clickOf({ body, action, client, respond }: ButtonArgs): Click {
  const channel = body.channel?.id ?? body.container?.channel_id;
  const container = body.container as
    | { message_ts?: unknown; is_ephemeral?: unknown; thread_ts?: unknown }
    | undefined;
  const ts = typeof container?.message_ts === 'string' ? container.message_ts : body.message?.ts;
  const threadTs = typeof container?.thread_ts === 'string' ? container.thread_ts : body.message?.thread_ts;
  return {
    raw: action.value,
    value: decodeValue(action.value),
    user: body.user.id,
    ...(channel !== undefined && { channel }),
    fromHome: body.container?.type === 'view',
    ...(typeof ts === 'string' && { message: { ts, ephemeral: container?.is_ephemeral === true } }),
    ...(typeof threadTs === 'string' && { threadTs }),
    client,
    ...(typeof respond === 'function' && { respond }),
  };
}

/** Shows a message to the clicker only: ephemeral where they clicked, or a direct message from App Home. */
async function show(deps: Deps, click: Click, message: SlackMessage, mode: 'new' | 'replace'): Promise<void> {
  if (click.fromHome) {
    await click.client.chat
      .postMessage({ channel: click.user, ...payload(message), unfurl_links: false })
      .catch((e: unknown) =>
        deps.logger.error({ err: e, user: click.user }, 'could not send a direct message'),
      );
    return;
  }
  await sendEphemeral({ ...click, logger: deps.logger }, message, mode);
}
