import { clip } from '../../core/answers/limits.js';
import { NAMES } from './html.js';
import { escapeHtml, mrkdwnToHtml } from './mrkdwn-html.js';

/**
 * The playground panel in the sidebar: the daily tip (its schedule, when it posts next and which tip, and
 * a control that posts today's tip now) and the knowledge (its size and version, and the latest reload
 * lines from the log, so an edit to a note shows up here when the bot has picked it up).
 */

/** What the panel shows of the daily tip. */
export interface TipInfo {
  /** The cron expression and its time zone. */
  readonly schedule: string;
  readonly timezone: string;
  /** The channel it posts to, as people see it (`#team`). */
  readonly channel: string;
  /** When it posts next, readable in the schedule's zone; null when the schedule never fires. */
  readonly nextAt: string | null;
  /** The next tip's text (mrkdwn). */
  readonly nextTip?: string;
}

/** What the panel shows of the knowledge. */
export interface KnowledgeInfo {
  readonly notes: number;
  readonly sections: number;
  readonly version: string;
}

/** A line of the bot's log worth showing (a reload, a warning, an error). */
export interface LogLine {
  readonly at: string;
  readonly level: 'info' | 'warn' | 'error';
  readonly text: string;
}

export interface PanelModel {
  readonly tip?: TipInfo;
  /** What the last press of "Post today's tip" did. */
  readonly tipOutcome?: string;
  /** Undefined while the bot starts. */
  readonly knowledge: KnowledgeInfo | undefined;
  readonly log: readonly LogLine[];
}

/** The panel's HTML. */
export function renderPanel(model: PanelModel): string {
  if (!model.knowledge) return '<p class="starting">The bot is starting…</p>';
  return `<section class="panel-section" aria-labelledby="tip-title">
<h2 id="tip-title">Daily tip</h2>
${model.tip ? tipSection(model.tip, model.tipOutcome) : '<p>No tip channel: set TIP_CHANNEL.</p>'}
</section>
<section class="panel-section" aria-labelledby="knowledge-title">
<h2 id="knowledge-title">Knowledge</h2>
<p>${model.knowledge.notes} ${model.knowledge.notes === 1 ? 'note' : 'notes'} · ${model.knowledge.sections} sections · version <code>${escapeHtml(model.knowledge.version.slice(0, 8))}</code></p>
<ol id="log" class="log" aria-label="Bot log">${model.log.map(logLine).join('')}</ol>
<p class="hint">Edit a note under the knowledge folder and ask again: the bot reloads within a second.</p>
</section>`;
}

/** How much of the next tip the panel shows. */
const TIP_PREVIEW = 160;

function tipSection(tip: TipInfo, outcome: string | undefined): string {
  const next = tip.nextAt ?? 'never (the schedule has no future run)';
  return `<p>Posts to ${escapeHtml(tip.channel)} at <code>${escapeHtml(tip.schedule)}</code> (${escapeHtml(tip.timezone)}).</p>
<p>Next: <span id="tip-next-at">${escapeHtml(next)}</span></p>
${tip.nextTip !== undefined ? `<blockquote id="tip-next" class="tip-next">${mrkdwnToHtml(clip(tip.nextTip, TIP_PREVIEW), NAMES)}</blockquote>` : ''}
<form method="post" action="/local/tip"><button type="submit" class="post-tip">Post today’s tip to ${escapeHtml(tip.channel)}</button></form>
${outcome !== undefined ? `<p id="tip-outcome" class="outcome">${escapeHtml(outcome)}</p>` : ''}`;
}

function logLine(line: LogLine): string {
  return `<li class="log-${line.level}"><time>${escapeHtml(line.at)}</time> ${escapeHtml(line.text)}</li>`;
}

/** How many log lines the panel keeps. */
const LOG_LINES = 5;

/**
 * Reads one pino JSON line of the bot's log: the reload lines, warnings and errors are kept for the
 * panel (newest first); anything else is left to the terminal.
 */
export function notableLine(json: string): LogLine | undefined {
  try {
    const entry = JSON.parse(json) as {
      level?: number;
      time?: string;
      msg?: string;
      errors?: unknown;
      version?: string;
    };
    const level = entry.level ?? 30;
    const msg = entry.msg ?? '';
    if (level < 40 && !/^knowledge/.test(msg)) return undefined;
    const time = entry.time ? new Date(entry.time) : new Date();
    const at = time.toTimeString().slice(0, 8);
    const detail = Array.isArray(entry.errors)
      ? `: ${entry.errors.join('; ')}`
      : entry.version
        ? ` (version ${entry.version.slice(0, 8)})`
        : '';
    return { at, level: level >= 50 ? 'error' : level >= 40 ? 'warn' : 'info', text: `${msg}${detail}` };
  } catch {
    return undefined;
  }
}

/** Adds a line to the panel's log, newest first, keeping the last few. */
export function remember(log: readonly LogLine[], line: LogLine): LogLine[] {
  return [line, ...log].slice(0, LOG_LINES);
}
