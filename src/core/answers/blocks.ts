import type { ActionsBlock, KnownBlock } from '@slack/types';
import { escapeMrkdwn, slackLink } from '../knowledge/mrkdwn.js';
import type { Answer, AnswerResult, OverviewNote, SlackMessage } from '../types.js';
import { actions, button, context, section } from './block-kit.js';
import { ANSWER_TEXT, DECLINE_TEXT, OVERVIEW_TEXT } from './copy.js';
import { clip, LIMITS } from './limits.js';

/**
 * Answers as Slack messages: `{ text, blocks }`, always with the text fallback and always inside Slack's
 * limits. Buttons carry their state in `value` (see ButtonValue) so any replica can handle the click.
 */

/** The action ids of the buttons the bot renders; listeners/actions/index.ts maps each to its handler. */
export const ACTION = {
  share: 'answer_share',
  next: 'answer_next',
  previous: 'answer_previous',
  dismiss: 'answer_dismiss',
  helpful: 'feedback_helpful',
  unhelpful: 'feedback_unhelpful',
  suggestion: 'ask_suggestion',
  talk: 'open_talk',
  readMore: 'tip_read_more',
  anotherTip: 'tip_another',
  openOverview: 'open_overview',
  related: 'answer_related',
} as const;

/** How answers are laid out; Slack's own limits are in LIMITS. */
export const RENDER_OPTIONS = {
  /** The asker's words echoed back ("shared an answer to …") are cut to this many characters. */
  quoteLength: 100,
  /** A note's description on the overview of several notes. */
  overviewSummaryLength: 160,
  /** Overview buttons per row, so rows read well on a phone… */
  overviewButtonsPerRow: 5,
  /** …and at most this many in all, well inside Slack's 50 blocks. */
  overviewButtons: 40,
} as const;

/** What an answer's buttons carry: the query and which result is shown. */
export interface ButtonValue {
  readonly q: string;
  readonly i: number;
  /** Section id, so feedback and "read more" name the section without searching again. */
  readonly s?: string;
}

export interface RenderOptions {
  /** Which result to show (0-based); clamped to the results there are. */
  readonly page?: number;
  /**
   * Ephemeral answers get Share, Next / Previous and Dismiss; answers in a thread or DM get Next / Previous
   * (a click edits the bot's message); a shared answer is the one result its sharer chose, without paging.
   */
  readonly controls?: 'ephemeral' | 'thread' | 'shared';
  /** The user who shared the answer to the channel. */
  readonly sharedBy?: string;
}

/** The Slack message for an answer. */
export function renderAnswer(answer: Answer, options: RenderOptions = {}): SlackMessage {
  const notice = answer.notice !== undefined ? [context(ANSWER_TEXT.notice(answer.notice))] : [];
  if (answer.declined) return renderDeclined(answer, notice, options.controls ?? 'thread');
  if (answer.kind === 'overview') return renderOverview(answer, notice);
  if (answer.readWith !== undefined) notice.push(context(ANSWER_TEXT.readWith(quote(answer.readWith))));
  const page = Math.min(Math.max(0, options.page ?? 0), answer.results.length - 1);
  const result = answer.results[page] as AnswerResult;
  const blocks: KnownBlock[] = [...notice];
  if (options.sharedBy !== undefined)
    blocks.push(context(ANSWER_TEXT.sharedBy(options.sharedBy, quote(answer.query))));
  blocks.push(section(`*${escapeMrkdwn(result.path)}*\n${result.excerpt || ANSWER_TEXT.noText}`));
  if (result.talks.length > 0) {
    const talks = result.talks.slice(0, LIMITS.actionsElements); // answer.ts chose at most maxTalks
    blocks.push(
      actions(
        talks.map((t, i) => button(ANSWER_TEXT.talk(t.title), `${ACTION.talk}_${i}`, { url: t.url })),
        'talks',
      ),
    );
  }
  const kind = options.controls ?? 'thread';
  // A shared answer has no paging, so it does not say "Result 2 of 4" either.
  blocks.push(context(sourceLine(result, page, kind === 'shared' ? 1 : answer.results.length)));
  blocks.push(...related(answer, page), ...controls(answer, page, result, kind));
  return {
    text: clip(`${escapeMrkdwn(result.path)}: ${stripMrkdwn(result.excerpt)}`, LIMITS.fallbackText),
    blocks,
  };
}

/**
 * Source and topics under an answer: where it comes from (and where and when its knowledge is from, so
 * advice from 2019 reads as 2019), so people can read the whole thing.
 */
function sourceLine(result: AnswerResult, page: number, total: number): string {
  const title = result.source.url
    ? slackLink(result.source.url, result.source.title)
    : escapeMrkdwn(result.source.title);
  const source = result.source.when !== undefined ? `${title} (${escapeMrkdwn(result.source.when)})` : title;
  const topics = result.topics.length > 0 ? ANSWER_TEXT.topics(escapeMrkdwn(result.topics.join(', '))) : '';
  const counter = total > 1 ? ANSWER_TEXT.counter(page + 1, total) : '';
  const copies = result.copies > 1 ? ANSWER_TEXT.copies(result.copies - 1) : '';
  return `${ANSWER_TEXT.from(source, escapeMrkdwn(result.heading))}${topics}${copies}${counter}`;
}

function controls(
  answer: Answer,
  page: number,
  result: AnswerResult,
  kind: RenderOptions['controls'],
): KnownBlock[] {
  const value = (i: number) => encodeValue({ q: askedAs(answer), i, s: result.sectionId });
  const here = value(page); // Share, Dismiss and the votes all carry the page shown
  const feedback = [
    button(ANSWER_TEXT.helpful, ACTION.helpful, { value: here }),
    button(ANSWER_TEXT.unhelpful, ACTION.unhelpful, { value: here }),
  ];
  const paging = [
    ...(page > 0 ? [button(ANSWER_TEXT.previous, ACTION.previous, { value: value(page - 1) })] : []),
    ...(page < answer.results.length - 1
      ? [button(ANSWER_TEXT.next, ACTION.next, { value: value(page + 1) })]
      : []),
  ];
  if (kind === 'shared') return [actions(feedback, 'feedback')];
  if (kind === 'thread') return [actions([...paging, ...feedback], 'answer')];
  return [
    actions(
      [
        button(ANSWER_TEXT.share, ACTION.share, { value: here, style: 'primary' }),
        ...paging,
        ...feedback,
        button(ANSWER_TEXT.dismiss, ACTION.dismiss, { value: here }),
      ],
      'answer',
    ),
  ];
}

/** A follow-up read with its thread is asked again, by the buttons, as it was read. */
function askedAs(answer: Answer): string {
  return answer.readWith !== undefined ? `${answer.readWith} ${answer.query}` : answer.query;
}

/**
 * "Also relevant:" and a button per other result, each opening the answer at that result (to the clicker
 * only): a jump where Next would take several clicks.
 */
function related(answer: Answer, page: number): KnownBlock[] {
  const others = answer.results
    .map((r, i) => ({ r, i }))
    .filter(({ i }) => i !== page)
    .slice(0, LIMITS.actionsElements);
  if (others.length === 0) return [];
  const buttons = others.map(({ r, i }) =>
    button(r.heading, `${ACTION.related}_${i}`, {
      value: encodeValue({ q: askedAs(answer), i, s: r.sectionId }),
    }),
  );
  return [context(ANSWER_TEXT.alsoRelevant), actions(buttons, 'related')];
}

function renderDeclined(answer: Answer, notice: KnownBlock[], kind: RenderOptions['controls']): SlackMessage {
  const text =
    answer.query === ''
      ? DECLINE_TEXT.empty
      : answer.mentioned === true
        ? DECLINE_TEXT.mentioned(quote(answer.query))
        : DECLINE_TEXT.notFound(quote(answer.query));
  const blocks: KnownBlock[] = [...notice, section(text)];
  if (answer.didYouMean !== undefined)
    blocks.push(section(DECLINE_TEXT.didYouMean(escapeMrkdwn(answer.didYouMean))));
  if (answer.suggestions.length > 0) {
    blocks.push(context(DECLINE_TEXT.tryAsking(escapeMrkdwn(answer.suggestions.join(', ')))));
    if (kind === 'ephemeral') {
      const retry =
        answer.corrected !== undefined
          ? [
              button(DECLINE_TEXT.askCorrected(clip(answer.corrected, 60)), `${ACTION.suggestion}_typo`, {
                value: encodeValue({ q: answer.corrected, i: 0 }),
                style: 'primary',
              }),
            ]
          : [];
      const buttons = answer.suggestions.map((s, i) =>
        button(s, `${ACTION.suggestion}_${i}`, { value: encodeValue({ q: s, i: 0 }) }),
      );
      blocks.push(actions([...retry, ...buttons], 'suggestions'));
    }
  }
  const typo =
    answer.didYouMean !== undefined ? DECLINE_TEXT.didYouMeanPlain(escapeMrkdwn(answer.didYouMean)) : '';
  return { text: clip(stripMrkdwn(`${text}${typo}`), LIMITS.fallbackText), blocks };
}

/**
 * An overview: with one note, its title, when, first lines, themes and a button per section; with
 * several, one line per note and a button that opens each note's overview.
 */
function renderOverview(answer: Answer, notice: KnownBlock[]): SlackMessage {
  const notes = answer.overview ?? [];
  const only = notes.length === 1 ? notes[0] : undefined;
  if (only) {
    const blocks: KnownBlock[] = [
      ...notice,
      section(`*${escapeMrkdwn(only.title)}*${whenOf(only)}\n${escapeMrkdwn(only.summary)}`),
    ];
    if (only.themes.length > 0)
      blocks.push(context(OVERVIEW_TEXT.themes(escapeMrkdwn(only.themes.join(', ')))));
    blocks.push(
      ...buttonRows(only.sections.map((s) => ({ label: s.heading, id: ACTION.readMore, value: s.id }))),
    );
    const fallback = `${escapeMrkdwn(only.title)}: ${escapeMrkdwn(only.summary)}`;
    return { text: clip(fallback, LIMITS.fallbackText), blocks };
  }
  const lines = notes.map(
    (n) =>
      `• *${escapeMrkdwn(n.title)}*${whenOf(n)}: ${escapeMrkdwn(clip(n.summary, RENDER_OPTIONS.overviewSummaryLength))}`,
  );
  const blocks: KnownBlock[] = [
    ...notice,
    section(`${OVERVIEW_TEXT.cover(notes.length)}:\n${lines.join('\n')}`),
    ...buttonRows(notes.map((n) => ({ label: n.title, id: ACTION.openOverview, value: n.noteId }))),
  ];
  return { text: clip(`${OVERVIEW_TEXT.cover(notes.length)}.`, LIMITS.fallbackText), blocks };
}

function whenOf(note: OverviewNote): string {
  return note.when !== undefined ? ` _(${escapeMrkdwn(note.when)})_` : '';
}

/** Buttons in rows, each with a unique action id (`<id>_<n>`). */
function buttonRows(items: readonly { label: string; id: string; value: string }[]): ActionsBlock[] {
  const rows: ActionsBlock[] = [];
  const shown = items.slice(0, RENDER_OPTIONS.overviewButtons);
  for (let start = 0; start < shown.length; start += RENDER_OPTIONS.overviewButtonsPerRow) {
    const row = shown.slice(start, start + RENDER_OPTIONS.overviewButtonsPerRow);
    rows.push(
      actions(row.map((item, i) => button(item.label, `${item.id}_${start + i}`, { value: item.value }))),
    );
  }
  return rows;
}

/** The asker's words, safe to echo: escaped so `<!channel>` cannot ping anyone, and kept short. */
export function quote(text: string): string {
  return escapeMrkdwn(clip(text, RENDER_OPTIONS.quoteLength));
}

/** A button value; the query is already capped (MAX_QUERY_LENGTH), so it stays inside Slack's 2,000 characters. */
export function encodeValue(value: ButtonValue): string {
  return JSON.stringify(value);
}

/** Reads a button value back; undefined when it is not one of ours. */
export function decodeValue(raw: string | undefined): ButtonValue | undefined {
  try {
    const v = JSON.parse(raw ?? '') as Partial<ButtonValue>;
    if (typeof v.q !== 'string' || typeof v.i !== 'number') return undefined;
    return { q: v.q, i: v.i, ...(typeof v.s === 'string' && { s: v.s }) };
  } catch {
    return undefined;
  }
}

/**
 * Text for notification fallbacks: links keep their label, formatting markers go. Entities stay escaped:
 * Slack reads `text` as mrkdwn too, so a decoded `<!channel>` there would ping everyone.
 */
export function stripMrkdwn(text: string): string {
  const unlinked = text.includes('<')
    ? text.replace(FALLBACK.labelledLink, '$2').replace(FALLBACK.link, '$1')
    : text;
  return FALLBACK.marker.test(unlinked) ? unlinked.replace(FALLBACK.markers, '$1') : unlinked;
}

/** stripMrkdwn's patterns: constants, as a pattern literal in a function is a new RegExp at every call. */
const FALLBACK = {
  labelledLink: /<([^>|]+)\|([^>]*)>/g,
  link: /<([^>]+)>/g,
  marker: /[*_~]/,
  markers: /(^|[\s(])[*_~]+|[*_~]+(?=[\s).,!?:;]|$)/gm,
} as const;
