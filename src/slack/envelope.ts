/**
 * The shape of a Slack request body, checked before Bolt reads it: Bolt trusts the body's shape, and a body
 * of JSON `null`, an `event` that is not an object or a `channel` of `null` makes it throw (an unhandled
 * rejection, or a 500 Slack retries). Only what Bolt dereferences is checked; listeners check their fields.
 */

type Fields = Record<string, unknown>;

/** A JSON object (not null, not an array). */
export function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why Bolt could not read this request body (events, commands, interactions), or undefined when it can. */
export function envelopeProblem(body: unknown): string | undefined {
  if (!isObject(body)) return 'the body is not an object';
  if (body.ssl_check !== undefined) return undefined; // Slack's certificate check: Bolt answers it
  if (body.event !== undefined || body.type === 'event_callback') return eventProblem(body.event);
  if (typeof body.command !== 'string' && typeof body.type !== 'string')
    return 'the body has no event, command or type';
  if (body.channel !== undefined && !isObject(body.channel)) return 'channel is not an object';
  return undefined;
}

/** Why the `event` of an event_callback cannot be read, or undefined. */
function eventProblem(event: unknown): string | undefined {
  if (!isObject(event)) return 'event is not an object';
  if (typeof event.type !== 'string') return 'event has no type';
  const { channel, item } = event;
  if (channel !== undefined && typeof channel !== 'string' && !isObject(channel))
    return 'event.channel is neither a string nor an object';
  if (item !== undefined && !isObject(item)) return 'event.item is not an object';
  return undefined;
}
