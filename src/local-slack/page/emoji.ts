/**
 * Emoji shortcodes as Slack's client shows them: `:information_source:` becomes ℹ️. The table holds the
 * shortcodes the bot sends and the common ones people use; an unknown shortcode stays as typed (and the
 * renderer reports it, so a new one in the bot's copy is caught by a test).
 */

/** Shortcode (without colons) to emoji, Slack's names. */
export const EMOJI: Readonly<Record<string, string>> = {
  // Sent by kubecon-bot.
  information_source: 'ℹ️',
  thread: '🧵',
  warning: '⚠️',
  raised_hands: '🙌',
  bulb: '💡',
  // Common in conversations and notes.
  '+1': '👍',
  thumbsup: '👍',
  '-1': '👎',
  thumbsdown: '👎',
  wave: '👋',
  tada: '🎉',
  eyes: '👀',
  pray: '🙏',
  clap: '👏',
  ok_hand: '👌',
  muscle: '💪',
  point_right: '👉',
  point_up: '☝️',
  smile: '😄',
  smiley: '😃',
  grinning: '😀',
  slightly_smiling_face: '🙂',
  wink: '😉',
  joy: '😂',
  laughing: '😆',
  sweat_smile: '😅',
  thinking_face: '🤔',
  confused: '😕',
  cry: '😢',
  scream: '😱',
  sunglasses: '😎',
  heart: '❤️',
  fire: '🔥',
  star: '⭐',
  sparkles: '✨',
  rocket: '🚀',
  zap: '⚡',
  boom: '💥',
  100: '💯',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  no_entry: '⛔',
  rotating_light: '🚨',
  question: '❓',
  exclamation: '❗',
  memo: '📝',
  pencil: '📝',
  book: '📖',
  books: '📚',
  bookmark: '🔖',
  calendar: '📆',
  date: '📅',
  clock: '🕐',
  hourglass: '⌛',
  link: '🔗',
  lock: '🔒',
  key: '🔑',
  mag: '🔍',
  gear: '⚙️',
  wrench: '🔧',
  hammer_and_wrench: '🛠️',
  package: '📦',
  chart_with_upwards_trend: '📈',
  bar_chart: '📊',
  speech_balloon: '💬',
  loudspeaker: '📢',
  mega: '📣',
  bell: '🔔',
  email: '📧',
  computer: '💻',
  cloud: '☁️',
  whale: '🐳',
  ship: '🚢',
  anchor: '⚓',
  globe_with_meridians: '🌐',
  earth_africa: '🌍',
  coffee: '☕',
  pizza: '🍕',
  trophy: '🏆',
  dart: '🎯',
  construction: '🚧',
  bug: '🐛',
  recycle: '♻️',
  arrow_right: '➡️',
  arrow_left: '⬅️',
  arrow_forward: '▶️',
  back: '🔙',
  speaker: '🔈',
  movie_camera: '🎥',
  tv: '📺',
  microphone: '🎤',
  ticket: '🎫',
  airplane: '✈️',
  spain: '🇪🇸',
  flag_es: '🇪🇸',
  es: '🇪🇸',
};

/** A shortcode pattern as Slack reads one: letters, digits, `_`, `+`, `-` and `'` between colons. */
export const SHORTCODE = /:([a-z0-9_+'-]+):/g;

/** Text with every known shortcode replaced by its emoji; `unknown` collects the others. */
export function emojify(text: string, unknown?: Set<string>): string {
  return text.replace(SHORTCODE, (match, name: string) => {
    const emoji = EMOJI[name];
    if (emoji !== undefined) return emoji;
    // `10:30:00` is a time, not an emoji: only a name with a letter counts as a shortcode.
    if (/[a-z]/.test(name)) unknown?.add(match);
    return match;
  });
}
