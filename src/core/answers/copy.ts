import { MAX_QUERY_LENGTH } from './query.js';

/**
 * Every sentence a user reads, in one place: to change the bot's voice, change it here. The text is Slack
 * mrkdwn. Templates get their arguments ready to show: the renderers escape names and quote the asker's
 * words before passing them in, so nothing here can ping a channel.
 */

/** What the user sees when something broke on our side; the detail goes to the log. */
export const FRIENDLY_ERROR =
  ':warning: Sorry, something went wrong on my side while answering. Please try again in a minute.';

/** What a request gets while the bot is shutting down. */
export const RESTARTING = 'I’m restarting right now. Please ask again in a few seconds.';

/** *Share in channel* where the bot is not a member. */
export const NOT_IN_CHANNEL =
  'I can’t post in this channel yet. Invite me with `/invite @kubecon`, then press *Share in channel* again.';

/** `/kubecon gaps` from someone who is not in ADMIN_USER_IDS. */
export const ADMINS_ONLY = '`/kubecon gaps` is for the bot’s maintainers. Ask one of them for the report.';

/** The gaps report asked for where it is not given. */
export const GAPS_ELSEWHERE = {
  thread: 'Ask for the gaps report with `/kubecon gaps`.',
} as const;

/** *Read more* or a note's button after the notes changed. */
export const SECTION_GONE =
  'That part of the notes has changed since this tip was posted. Try `/kubecon topics`.';

/** The reply to a 👍 or 👎, to the voter only. */
export const THANKS = {
  helpful: 'Thanks! Glad that helped. :raised_hands:',
  unhelpful: 'Thanks for saying so. The team will use it to improve the notes.',
} as const;

/** A question in a channel outside ALLOWED_CHANNELS; `channels` are channel links. */
export function notHere(channels: readonly string[]): string {
  return `I only answer in ${channels.map((c) => `<#${c}>`).join(', ')} and in direct messages. Ask me there!`;
}

/** A question over RATE_LIMIT_PER_MINUTE. */
export function slowDown(perMinute: number): string {
  return `You’re asking faster than I can keep up (${perMinute} questions a minute). Give me a minute, then ask again.`;
}

/** Notes above an answer about how the question was read. */
export const NOTICES = {
  empty: 'Ask me a question, for example `service mesh` or `what did we learn about Loki?`',
  truncated: `Your question was long, so I used its first ${MAX_QUERY_LENGTH} characters.`,
} as const;

/** An answer: its lines and its buttons. */
export const ANSWER_TEXT = {
  notice: (text: string) => `:information_source: ${text}`,
  readWith: (quoted: string) => `:thread: Read together with the earlier question “${quoted}”`,
  sharedBy: (user: string, quoted: string) => `<@${user}> shared an answer to “${quoted}”`,
  noText: '_This section has no text of its own._',
  talk: (title: string) => `▶ ${title}`,
  from: (source: string, heading: string) => `From ${source} › ${heading}`,
  topics: (labels: string) => ` · Topics: ${labels}`,
  copies: (others: number) => ` · Same text in ${others} other version${others > 1 ? 's' : ''}`,
  counter: (page: number, total: number) => ` · Result ${page} of ${total}`,
  /** Above a button per other result. */
  alsoRelevant: 'Also relevant:',
  share: 'Share in channel',
  previous: '◀ Previous',
  next: 'Next result ▶',
  helpful: '👍',
  unhelpful: '👎',
  dismiss: 'Dismiss',
} as const;

/** A declined question. */
export const DECLINE_TEXT = {
  empty: 'What would you like to know? I answer from the team’s conference notes.',
  notFound: (quoted: string) => `I couldn’t find anything about “${quoted}” in the team’s notes.`,
  /** Every word is in the notes, but no part of them is clearly about the question. */
  mentioned: (quoted: string) =>
    `The team’s notes touch on “${quoted}”, but nothing in them answers it clearly.`,
  didYouMean: (word: string) => `Did you mean *${word}*?`,
  /** In the notification text, where formatting does not show. */
  didYouMeanPlain: (word: string) => ` Did you mean ${word}?`,
  tryAsking: (labels: string) => `Try asking about: ${labels}`,
  /** The button that asks the question again with the typo corrected. */
  askCorrected: (question: string) => `Ask “${question}”`,
} as const;

/** An overview of the notes. */
export const OVERVIEW_TEXT = {
  heading: 'Overview',
  allNotes: 'All notes',
  notes: (count: number) => `${count} notes`,
  themes: (labels: string) => `Themes: ${labels}`,
  cover: (count: number) => `The team’s notes cover ${count} write-ups`,
} as const;

/** How to ask, shared by Slack and the local shell. */
export const HELP_TEXT = {
  fallback: 'How to ask kubecon-bot, and what it knows',
  intro: (titles: string) => `I answer from the team’s conference notes: ${titles}.`,
  usage: [
    '`/kubecon &lt;question&gt;`: the best answer from the notes, visible only to you, with buttons to share it',
    '`/kubecon topics`: everything the notes cover',
    '`/kubecon tip`: a tip from the notes, right now',
    '`@kubecon &lt;question&gt;` in a channel: the answer in a thread (follow-ups in that thread need no mention)',
    'A direct message to the bot: the answer right there',
  ],
  topicsFallback: (labels: string) => `Topics: ${labels}`,
  topicsHeading: '*Topics in the notes*',
} as const;

/** The App Home tab. */
export const HOME_TEXT = {
  header: 'kubecon-bot',
  counts: (notes: number, sections: number, topics: number) =>
    `${notes} notes · ${sections} sections · ${topics} topics`,
  notes: '*Notes*',
} as const;

/** Slack's assistant side panel: the greeting, the suggested prompts and the status while searching. */
export const PANEL_TEXT = {
  /** `notes`: "1 note"; `events`: "KubeCon + CloudNativeCon Europe 2019 (Barcelona, Spain, May 2019)". */
  greeting: (notes: string, events: string, topics: number) =>
    `:wave: Hi! I answer from the team’s conference notes: ${notes}${events === '' ? '' : ` from ${events}`}, ` +
    `on ${topics} topics. Ask me a question, or pick a suggestion below.`,
  notes: (count: number) => `${count} note${count === 1 ? '' : 's'}`,
  event: (name: string, where: string) => (where === '' ? name : `${name} (${where})`),
  moreEvents: (count: number) => `${count} more`,
  /** Above the suggested prompts. */
  promptsTitle: 'Try asking about',
  /** The message a topic's prompt sends: the topic's label, as a question. */
  prompt: (label: string) => `${label}: what did the team learn?`,
  /** Shown after the bot's name while it works (Slack clears it when the answer is posted). */
  searching: 'is searching the team’s notes…',
} as const;

/** A tip. */
export const TIP_TEXT = {
  daily: '💡 Tip of the day',
  asked: '💡 A tip from the notes',
  from: (where: string) => `From ${where}`,
  readMore: 'Read more',
  another: 'Another tip',
} as const;

/** The knowledge-gaps report. */
export const GAPS_TEXT = {
  fallback: 'Knowledge gaps: what to write next',
  questions: '*Most frequent unanswered questions*',
  sections: '*Worst-rated sections*',
  none: '• none yet',
  question: (count: number, quoted: string) => `• ${count}× “${quoted}”`,
  section: (heading: string, unhelpful: number, helpful: number) =>
    `• ${heading}: ${unhelpful} 👎, ${helpful} 👍`,
} as const;

/** The terminal shell, a client of the local Slack. */
export const SHELL_TEXT = {
  banner:
    'kubecon-bot is running locally against a built-in Slack (no SLACK_BOT_TOKEN set). ' +
    'Type /kubecon <question>, @kubecon <question>, or a direct message (help, topics, tip); ' +
    '[Button label] presses a button of the last reply. ' +
    'To connect to Slack, fill in .env as the README says (Connect to Slack).',
  ephemeral: '(only you can see this)',
  thread: '(in the thread)',
  inChannel: (name: string) => `(in #${name})`,
  replaced: '(replaced)',
  gone: '(the message with the button is gone)',
  noReply: '(no reply from the bot)',
  noButton: (label: string) => `(no button “${label}” on the last reply)`,
  link: (url: string) => `(a link: ${url})`,
} as const;
