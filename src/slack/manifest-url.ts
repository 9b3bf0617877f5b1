/**
 * The `--http` base URL of `manifest` and the path Slack's requests go to, apart from manifest.ts (and its
 * YAML parser), so the command line reads its arguments without loading it.
 */

/** Where Bolt's HTTP receiver listens (its default endpoint, which `slack/app.ts` keeps). */
export const EVENTS_PATH = '/slack/events';

/** A `--http` value that is not a bare https base URL; the message names the flag and what it wants. */
export class ManifestUrlError extends Error {
  override readonly name = 'ManifestUrlError';
}

/**
 * Checks a base URL for `--http`: https, a host, nothing after it (no path, query, fragment or
 * credentials). Returns it without a trailing slash.
 */
export function parseBaseUrl(text: string): string {
  const wanted = `--http needs the bot's https base URL, like https://bot.example.com (${EVENTS_PATH} is added), not "${text}"`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ManifestUrlError(wanted);
  }
  const bare = url.pathname === '/' && url.search === '' && url.hash === '';
  if (url.protocol !== 'https:' || !bare || url.username !== '' || url.password !== '')
    throw new ManifestUrlError(wanted);
  return url.origin;
}
