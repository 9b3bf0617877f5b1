import type { SocketModeReceiver } from '@slack/bolt';
import { isObject } from './envelope.js';
import { PROBLEM_TEXT, type SlackProblem, slackProblem } from './problems.js';

/**
 * Socket Mode connections. Several are kept open (Slack delivers each envelope on one of them), so when Slack
 * asks one to refresh, the others carry the traffic while it reconnects: no moment without a connection.
 * The one asked to refresh stays open a little longer and acks what still arrives on it before it closes.
 * Why a connection closed is read from Slack's `disconnect` message: `link_disabled` means Socket Mode was
 * turned off in the app's settings, told as such (problems.ts).
 */

export const SOCKET_OPTIONS = {
  /** Connections kept open at once (Slack allows up to 10 per app). */
  connections: 2,
  /** How long a connection Slack asked to refresh keeps taking (and acking) envelopes before it closes. */
  refreshDrainMs: 2000,
} as const;

export interface SocketLink {
  /** The WebSocket is open (Slack said hello). */
  readonly isOpen: boolean;
  /** Opens it: apps.connections.open, then the WebSocket; rejects if either fails (undefined: it closed). */
  open(): Promise<void>;
  /** The problem a failed `open` stands for. */
  explain(error: unknown): SlackProblem;
  /** Called when it closed by itself (dropped, refreshed, turned off), with the problem it stands for if any. */
  onDrop(listener: (problem?: SlackProblem) => void): void;
  /** Closes it for good (shutdown). */
  close(): Promise<void>;
}

/** Socket Mode turned off in the app's settings: an outage only a person ends. */
export const socketModeOff = (): SlackProblem => ({
  kind: 'outage',
  code: 'link_disabled',
  line: PROBLEM_TEXT.socketModeOff(),
});

/** A link over one receiver's Socket Mode client (its own reconnects off); `changed` hears it open or close. */
export function socketLink(
  receiver: SocketModeReceiver,
  changed: () => void,
  options = SOCKET_OPTIONS,
): SocketLink {
  const { client } = receiver;
  let isOpen = false;
  let opening = false;
  let closing = false;
  let reason: string | undefined;
  let drain: NodeJS.Timeout | undefined;
  let dropped: ((problem?: SlackProblem) => void) | undefined;
  const setOpen = (value: boolean) => {
    isOpen = value;
    changed();
  };
  client.on('connected', () => {
    reason = undefined;
    setOpen(true);
  });
  // 'close' is the WebSocket itself closing, before the client says anything else.
  for (const state of ['close', 'disconnected', 'disconnecting']) client.on(state, () => setOpen(false));
  // Slack's disconnect messages are read here first: a refresh drains before closing (the client would close
  // at once, and what arrives on a closing WebSocket is never seen, so never acked).
  const handlers = client.listeners('ws_message') as Array<(data: unknown, isBinary: boolean) => void>;
  client.removeAllListeners('ws_message');
  client.on('ws_message', (data: unknown, isBinary: boolean) => {
    const message = disconnectMessage(data);
    if (message) {
      reason = message.reason;
      if (reason !== 'link_disabled') {
        drain ??= setTimeout(() => void client.disconnect(), options.refreshDrainMs);
        return;
      }
    }
    const passed = readableEnvelope(data);
    for (const handle of handlers) handle(passed, isBinary);
  });
  client.on('disconnected', () => {
    clearTimeout(drain);
    drain = undefined;
    if (!opening && !closing) dropped?.(reason === 'link_disabled' ? socketModeOff() : undefined);
  });
  return {
    get isOpen() {
      return isOpen;
    },
    async open() {
      opening = true;
      try {
        await client.start();
      } finally {
        opening = false;
      }
    },
    explain(error) {
      if (error === undefined && reason === 'link_disabled') return socketModeOff();
      return slackProblem(error, 'SLACK_APP_TOKEN');
    },
    onDrop(listener) {
      dropped = listener;
    },
    async close() {
      closing = true;
      clearTimeout(drain);
      await client.disconnect();
    },
  };
}

/** Slack's `disconnect` message, if this WebSocket message is one. */
function disconnectMessage(data: unknown): { reason?: string } | undefined {
  if (typeof data !== 'string' || !data.includes('"disconnect"')) return undefined;
  try {
    const message = JSON.parse(data) as { type?: string; reason?: string };
    return message.type === 'disconnect' ? message : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An events_api envelope whose payload or event is not an object, relabelled: the client reads
 * `payload.event.type` unchecked and would throw (an unhandled rejection, never acked). Relabelled, it
 * reaches Bolt like any envelope (Bolt reads only the payload), whose error handler acks it and logs one
 * line (malformed.ts).
 */
function readableEnvelope(data: unknown): unknown {
  if (typeof data !== 'string' || !data.includes('"events_api"')) return data;
  try {
    const envelope = JSON.parse(data) as { type?: unknown; payload?: unknown };
    const { type, payload } = envelope;
    if (type !== 'events_api' || (isObject(payload) && isObject(payload.event))) return data;
    return JSON.stringify({ ...envelope, type: 'events_api_malformed' });
  } catch {
    return data;
  }
}
