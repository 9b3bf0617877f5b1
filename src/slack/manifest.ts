import { type Document, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { EVENTS_PATH, parseBaseUrl } from './manifest-url.js';
import { ASSISTANT, HISTORY } from './scopes.js';

export { EVENTS_PATH, ManifestUrlError, parseBaseUrl } from './manifest-url.js';

/**
 * The Slack app manifest for each way of running the bot, made from the one committed `manifest.yml`
 * (Socket Mode, every feature): for the HTTP Events API the request URLs are filled in; without history
 * scopes (mentions only) or without the assistant panel, what those need is taken out. Text in, text out:
 * comments on what stays are kept, so the output explains itself as the file does.
 */

export interface ManifestOptions {
  /** HTTP: the bot's public base URL (`https://host`), checked by `parseBaseUrl`. Socket Mode without it. */
  readonly httpBase?: string;
  /** No thread follow-ups without a mention: no history scopes, no channel message events. */
  readonly mentionsOnly?: boolean;
  /** No assistant panel. */
  readonly noAssistant?: boolean;
}

/** The request URL Slack posts events, interactions and slash commands to. */
export const requestUrl = (base: string) => `${base}${EVENTS_PATH}`;

/** The manifest (YAML text) for these options; the source unchanged when none applies. */
export function manifestFor(source: string, options: ManifestOptions = {}): string {
  const { httpBase, mentionsOnly = false, noAssistant = false } = options;
  if (httpBase === undefined && !mentionsOnly && !noAssistant) return source;
  const doc = parseDocument(source);
  if (doc.errors.length > 0) throw doc.errors[0];
  const scopes = ['oauth_config', 'scopes', 'bot'];
  const events = ['settings', 'event_subscriptions', 'bot_events'];
  if (httpBase !== undefined) {
    const url = requestUrl(parseBaseUrl(httpBase));
    doc.setIn(['settings', 'socket_mode_enabled'], false);
    doc.setIn([...events.slice(0, 2), 'request_url'], url);
    doc.setIn(['settings', 'interactivity', 'request_url'], url);
    const commands = doc.getIn(['features', 'slash_commands']);
    if (isSeq(commands)) for (const command of commands.items) if (isMap(command)) command.set('url', url);
  }
  if (mentionsOnly) {
    removeItems(doc.getIn(scopes), (v) => (HISTORY.scopes as readonly string[]).includes(v));
    removeItems(doc.getIn(events), (v) => (HISTORY.events as readonly string[]).includes(v));
  }
  if (noAssistant) {
    doc.deleteIn(['features', ASSISTANT.feature]);
    removeItems(doc.getIn(scopes), (v) => (ASSISTANT.scopes as readonly string[]).includes(v));
    removeItems(doc.getIn(events), (v) => v.startsWith(ASSISTANT.eventPrefix));
  }
  replaceHeader(doc, header(options));
  return doc.toString();
}

/** Puts `text` in place of the file's opening comment (which yaml keeps on the document or its first key). */
function replaceHeader(doc: Document, text: string): void {
  const [first] = isMap(doc.contents) ? doc.contents.items : [];
  if (first !== undefined && isScalar(first.key)) first.key.commentBefore = null;
  doc.commentBefore = text;
}

/** Takes the matching strings out of a YAML list (with the comments written above them). */
function removeItems(node: unknown, drop: (value: string) => boolean): void {
  if (!isSeq(node)) return;
  node.items = node.items.filter(
    (item) => !(isScalar(item) && typeof item.value === 'string' && drop(item.value)),
  );
}

/** The comment at the top of a made manifest: what it is for and how it was made. */
function header({ httpBase, mentionsOnly, noAssistant }: ManifestOptions): string {
  const flags = [
    httpBase === undefined ? '--socket' : `--http ${httpBase}`,
    ...(mentionsOnly ? ['--mentions-only'] : []),
    ...(noAssistant ? ['--no-assistant'] : []),
  ];
  const transport =
    httpBase === undefined
      ? 'Socket Mode (no public URL needed)'
      : `the HTTP Events API: Slack posts events, clicks and /kubecon to ${requestUrl(parseBaseUrl(httpBase))}`;
  return [
    ` Slack app manifest for kubecon-bot, made from manifest.yml by: npm run manifest -- ${flags.join(' ')}`,
    ' Create the app from it at api.slack.com/apps ("Create New App" > "From an app manifest"); see the README.',
    ` Transport: ${transport}.`,
    ...(mentionsOnly
      ? [
          ' Mentions only: no history scopes, so no thread follow-ups without a mention (set MENTIONS_ONLY=true).',
        ]
      : []),
    ...(noAssistant ? [' Without the AI assistant panel.'] : []),
  ].join('\n');
}
