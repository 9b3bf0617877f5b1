import { createHmac } from 'node:crypto';

/**
 * Delivering to the app what Slack delivers: over Socket Mode (envelopes on the app's WebSocket, in
 * local-slack.ts) or to its HTTP endpoint, signed with the signing secret exactly as Slack signs.
 */

/** The three kinds of Socket Mode envelope the bot receives (HTTP picks the body format by the same kind). */
export type EnvelopeType = 'slash_commands' | 'events_api' | 'interactive';

/** Where the app takes deliveries. */
export type AppEndpoint =
  | { readonly transport: 'socket' }
  | { readonly transport: 'http'; readonly url: string; readonly signingSecret: string };

/** The app's acknowledgement: ok within the time allowed, with the response payload it may carry. */
export interface Ack {
  readonly ok: boolean;
  readonly payload?: Record<string, unknown>;
  /** Why it failed, as Slack names it (`operation_timeout`, `http_401`…). */
  readonly error?: string;
}

/** Slack's request signature: v0= + HMAC-SHA256(secret, "v0:{timestamp}:{body}"). */
export function signature(body: string, timestamp: number, secret: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** The body and its content type, as Slack posts each kind (form fields, JSON, or `payload=` JSON). */
export function httpBody(
  type: EnvelopeType,
  payload: Record<string, unknown>,
): { body: string; contentType: string } {
  if (type === 'events_api') return { body: JSON.stringify(payload), contentType: 'application/json' };
  const form =
    type === 'slash_commands'
      ? new URLSearchParams(payload as Record<string, string>)
      : new URLSearchParams({ payload: JSON.stringify(payload) });
  // Exactly this content type: Bolt refuses one with `; charset=utf-8`.
  return { body: form.toString(), contentType: 'application/x-www-form-urlencoded' };
}

/** POSTs a delivery to the app's request URL, signed; resolves with its ack. */
export async function deliverOverHttp(
  endpoint: Extract<AppEndpoint, { transport: 'http' }>,
  type: EnvelopeType,
  payload: Record<string, unknown>,
  timeoutMs: number,
): Promise<Ack> {
  const { body, contentType } = httpBody(type, payload);
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signature(body, timestamp, endpoint.signingSecret),
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (!response.ok) return { ok: false, error: `http_${response.status}` };
    // An ack's body is a message: JSON, or plain text (Bolt's `ack('text')`), or nothing.
    if (text === '') return { ok: true };
    const json = text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : { text };
    return { ok: true, payload: json };
  } catch {
    return { ok: false, error: 'operation_timeout' };
  }
}
