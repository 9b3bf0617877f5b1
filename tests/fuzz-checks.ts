/**
 * What the fuzzing suites (tests/core/fuzz-notes.test.ts, tests/e2e/fuzz-http.test.ts) look for in a message
 * the bot would send: every string in it, control characters, and the texts Slack reads as mrkdwn.
 */

/** Every string in a value, deeply: the fallback text, block texts, button labels, values and URLs. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** A C0 or C1 control (newline aside), a lone surrogate, or an invisible character that reorders or hides text. */
export function hasControl(text: string): boolean {
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c < 0x20 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xdfff)) return true;
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff) return true;
  }
  return false;
}

/**
 * The texts Slack reads as mrkdwn, where `<!channel>` pings: the fallback `text` and every mrkdwn text
 * object. Plain text (button labels) is shown as typed, and button values are never shown.
 */
export function mrkdwnTexts(value: unknown, inMrkdwn = false): string[] {
  if (typeof value === 'string') return inMrkdwn ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => mrkdwnTexts(v));
  if (value === null || typeof value !== 'object') return [];
  const o = value as Record<string, unknown>;
  return Object.entries(o).flatMap(([k, v]) =>
    mrkdwnTexts(v, k === 'text' && typeof v === 'string' && (o.type === 'mrkdwn' || o.type === undefined)),
  );
}
