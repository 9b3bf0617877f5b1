/**
 * Access and abuse: an optional channel allowlist (direct messages are always allowed) and a per-user
 * limit on questions per minute. Returns the polite sentence to reply with, or undefined to go ahead.
 */

export interface GuardOptions {
  /** Channel ids where the bot answers; undefined: everywhere it is invited. */
  readonly allowedChannels?: readonly string[];
  readonly perMinute: number;
  readonly now: () => number;
}

export interface Guard {
  check(user: string, channel: string | undefined): string | undefined;
}

/** Users whose windows are remembered at most; the oldest are forgotten first. */
const MAX_USERS = 10_000;

export function notHere(channels: readonly string[]): string {
  return `I only answer in ${channels.map((c) => `<#${c}>`).join(', ')} and in direct messages. Ask me there!`;
}

export function slowDown(perMinute: number): string {
  return `You’re asking faster than I can keep up (${perMinute} questions a minute). Give me a minute, then ask again.`;
}

export function createGuard({ allowedChannels, perMinute, now }: GuardOptions): Guard {
  const allowed = allowedChannels && allowedChannels.length > 0 ? new Set(allowedChannels) : undefined;
  const windows = new Map<string, number[]>();
  return {
    check: (user, channel) => {
      const isDm = channel === undefined || channel.startsWith('D');
      if (allowed && !isDm && !allowed.has(channel)) return notHere([...allowed]);
      const t = now();
      const recent = (windows.get(user) ?? []).filter((at) => t - at < 60_000);
      if (recent.length >= perMinute) {
        windows.set(user, recent);
        return slowDown(perMinute);
      }
      recent.push(t);
      windows.delete(user);
      windows.set(user, recent);
      if (windows.size > MAX_USERS) windows.delete(windows.keys().next().value as string);
      return undefined;
    },
  };
}
