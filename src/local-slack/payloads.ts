/**
 * The payloads Slack sends an app, with Slack's field names (tests/e2e/payloads.test.ts checks them against
 * real samples): slash commands, event callbacks around events, and block actions. The local Slack sends
 * these when someone uses the playground or the shell; the tests build theirs with the same functions.
 */

export type Payload = Record<string, unknown>;

/** The team and app a payload comes from. */
export interface Origin {
  readonly team: { readonly id: string; readonly domain: string };
  readonly appId: string;
  /** The bot's user id, as Slack puts it in an event's authorizations. */
  readonly botUserId: string;
}

/** Slack's legacy verification token: sent in every payload, checked by no one today. */
const VERIFICATION_TOKEN = 'legacy-verification-token';

/** A slash command invocation: the form fields Slack posts (or a Socket Mode `slash_commands` payload). */
export function slashCommand(
  origin: Origin,
  fields: {
    command: string;
    text: string;
    user: { id: string; name: string };
    channel: { id: string; name: string };
    responseUrl: string;
    triggerId: string;
  },
): Record<string, string> {
  return {
    token: VERIFICATION_TOKEN,
    team_id: origin.team.id,
    team_domain: origin.team.domain,
    channel_id: fields.channel.id,
    channel_name: fields.channel.name,
    user_id: fields.user.id,
    user_name: fields.user.name,
    command: fields.command,
    text: fields.text,
    api_app_id: origin.appId,
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: fields.triggerId,
  };
}

/** An Events API `event_callback` around an inner event. */
export function eventCallback(origin: Origin, event: Payload, eventId: string, eventTime: number): Payload {
  return {
    token: VERIFICATION_TOKEN,
    team_id: origin.team.id,
    api_app_id: origin.appId,
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: eventTime,
    authorizations: [
      {
        enterprise_id: null,
        team_id: origin.team.id,
        user_id: origin.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${eventId}`,
  };
}

/** Where a person wrote: the channel, its kind, and the thread when the message is a reply. */
export interface Place {
  readonly channel: string;
  readonly channelType: 'channel' | 'group' | 'im';
  readonly threadTs?: string;
}

/** `app_mention`: a message that mentions the bot, in a channel. */
export function appMention(team: string, user: string, text: string, ts: string, place: Place): Payload {
  return {
    type: 'app_mention',
    user,
    text,
    ts,
    channel: place.channel,
    event_ts: ts,
    team,
    ...(place.threadTs !== undefined && { thread_ts: place.threadTs }),
  };
}

/** `message`: a person's message in a channel (message.channels) or a DM with the bot (message.im). */
export function message(team: string, user: string, text: string, ts: string, place: Place): Payload {
  return {
    type: 'message',
    user,
    text,
    ts,
    event_ts: ts,
    team,
    channel: place.channel,
    channel_type: place.channelType,
    ...(place.threadTs !== undefined && { thread_ts: place.threadTs }),
  };
}

/** `app_home_opened` on the Home tab. */
export function appHomeOpened(user: string, dm: string, eventTs: string): Payload {
  return { type: 'app_home_opened', user, channel: dm, tab: 'home', event_ts: eventTs };
}

/**
 * `assistant_thread_started` (someone opened the bot in the side panel) or `assistant_thread_context_changed`
 * (they moved to another channel with it open). `viewing`: the channel they are looking at, if any.
 */
export function assistantThread(
  type: 'assistant_thread_started' | 'assistant_thread_context_changed',
  fields: { team: string; user: string; dm: string; threadTs: string; viewing?: string; eventTs: string },
): Payload {
  return {
    type,
    assistant_thread: {
      user_id: fields.user,
      context: {
        ...(fields.viewing !== undefined && { channel_id: fields.viewing }),
        team_id: fields.team,
        enterprise_id: null,
      },
      channel_id: fields.dm,
      thread_ts: fields.threadTs,
    },
    event_ts: fields.eventTs,
  };
}

/** The button a person clicked, as a block action. */
export interface Click {
  readonly actionId: string;
  readonly blockId: string;
  readonly text: string;
  readonly value?: string;
  readonly url?: string;
  readonly actionTs: string;
}

/** Where the clicked button was: a message (ephemeral or not) or an App Home view. */
export type Container =
  | {
      readonly type: 'message';
      readonly channel: { readonly id: string; readonly name: string };
      readonly messageTs: string;
      readonly ephemeral: boolean;
      readonly threadTs?: string;
    }
  | { readonly type: 'view'; readonly viewId: string };

/** A `block_actions` payload for one button click. */
export function blockActions(
  origin: Origin,
  fields: {
    user: { id: string; name: string };
    container: Container;
    click: Click;
    triggerId: string;
    responseUrl?: string;
  },
): Payload {
  const { container, click } = fields;
  const where =
    container.type === 'message'
      ? {
          container: {
            type: 'message',
            message_ts: container.messageTs,
            channel_id: container.channel.id,
            is_ephemeral: container.ephemeral,
            ...(container.threadTs !== undefined && { thread_ts: container.threadTs }),
          },
          channel: container.channel,
        }
      : {
          container: { type: 'view', view_id: container.viewId },
          view: { id: container.viewId, type: 'home' },
        };
  return {
    type: 'block_actions',
    user: { id: fields.user.id, username: fields.user.name, name: fields.user.name, team_id: origin.team.id },
    api_app_id: origin.appId,
    token: VERIFICATION_TOKEN,
    ...where,
    trigger_id: fields.triggerId,
    team: origin.team,
    ...(fields.responseUrl !== undefined && { response_url: fields.responseUrl }),
    actions: [
      {
        action_id: click.actionId,
        block_id: click.blockId,
        text: { type: 'plain_text', text: click.text, emoji: true },
        ...(click.value !== undefined && { value: click.value }),
        ...(click.url !== undefined && { url: click.url }),
        type: 'button',
        action_ts: click.actionTs,
      },
    ],
  };
}
