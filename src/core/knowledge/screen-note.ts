import { KnowledgeError } from '../errors.js';

/**
 * Screening a note file before it is parsed: its bytes must be a markdown text of a sane size and shape.
 * Each check is cheap and linear, so a hostile file (a copied executable, a list nested 700 levels deep,
 * 5,000 `>` in a row) is rejected with `file:line: reason` before remark, whose time and stack grow much
 * faster than the file, ever sees it. The worker pool's deadline and memory limit (runtime/parse-pool.ts)
 * catch whatever gets past these checks.
 */

/** What a note file may be; the README's knowledge section documents these. */
export const NOTE_LIMITS = {
  /** Bytes in one note file (the largest note of the corpora is about 150 KB). */
  maxBytes: 1024 * 1024,
  /** Lists and block quotes inside each other (remark needs ~0.1 s at 32 levels, 4.5 s at 300). */
  maxDepth: 32,
  /** Columns of indentation before a list marker that count as one level of nesting. */
  indentPerLevel: 2,
} as const;

export type NoteLimits = { readonly [K in keyof typeof NOTE_LIMITS]: number };

/** Index of the first control character, which text never holds (tab, line feed, carriage return are text); -1 if none. */
function firstControl(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return i;
  }
  return -1;
}

/** Checks a note file's bytes and returns its text; throws a KnowledgeError naming the line at fault. */
export function screenNote(file: string, bytes: Uint8Array, limits: NoteLimits = NOTE_LIMITS): string {
  if (bytes.length > limits.maxBytes)
    throw new KnowledgeError(file, 1, `larger than ${size(limits.maxBytes)}, the limit for a note`);
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new KnowledgeError(file, lineAt(bytes, nul), 'a binary file (a NUL byte), not a note');
  const text = decodeUtf8(file, bytes);
  const control = firstControl(text);
  if (control >= 0) {
    const code = text.charCodeAt(control).toString(16).toUpperCase().padStart(4, '0');
    const line = lineOfIndex(text, control);
    throw new KnowledgeError(file, line, `control character U+${code}: not a text file`);
  }
  checkDepth(file, text, limits);
  return text;
}

/** The text of UTF-8 bytes (a byte order mark dropped); not UTF-8: the line of the first bad byte. */
function decodeUtf8(file: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new KnowledgeError(file, lineAt(bytes, firstInvalidByte(bytes)), 'not valid UTF-8 text');
  }
}

/** Offset of the first byte that makes the bytes invalid UTF-8: the shortest prefix that fails, found by halving. */
function firstInvalidByte(bytes: Uint8Array): number {
  const fails = (end: number) => {
    try {
      // `stream` tolerates a sequence cut at the end, so only a bad byte inside the prefix fails.
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  let [low, high] = [0, bytes.length];
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (fails(mid + 1)) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * Rejects nesting deeper than `maxDepth`. A line's depth is counted from its start: each `>` and each list
 * marker (`-`, `*`, `+`, `1.`, `1)`) is a level, and a list item's indentation is one level per
 * `indentPerLevel` columns. Fenced code is counted too: a fence can be faked, a count cannot.
 */
function checkDepth(file: string, text: string, limits: NoteLimits): void {
  let line = 1;
  for (let start = 0; start <= text.length; line++) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    const depth = lineDepth(text, start, stop, limits.indentPerLevel);
    if (depth > limits.maxDepth)
      throw new KnowledgeError(
        file,
        line,
        `lists or quotes nested ${depth} levels deep; the limit is ${limits.maxDepth}`,
      );
    start = stop + 1;
  }
}

/** The nesting a line opens: its container markers, plus its indentation when it starts a list item. */
function lineDepth(text: string, start: number, stop: number, indentPerLevel: number): number {
  let i = start;
  let column = 0;
  while (i < stop && (text[i] === ' ' || text[i] === '\t'))
    column += text[i++] === '\t' ? 4 - (column % 4) : 1;
  let markers = 0;
  let listItem = false;
  for (;;) {
    while (i < stop && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i < stop && text[i] === '>') {
      markers++;
      i++;
      continue;
    }
    const length = listMarker(text, i, stop);
    if (length === 0) break;
    markers++;
    listItem = true;
    i += length;
  }
  return markers + (listItem ? Math.floor(column / indentPerLevel) : 0);
}

/** Length of the list marker at `i` (`-`, `*`, `+`, or up to nine digits and `.` or `)`), followed by a space or the end; else 0. */
function listMarker(text: string, i: number, stop: number): number {
  let j = i;
  if (text[j] === '-' || text[j] === '*' || text[j] === '+') j++;
  else {
    while (j < stop && j - i < 9 && isDigit(text.charCodeAt(j))) j++;
    if (j === i || (text[j] !== '.' && text[j] !== ')')) return 0;
    j++;
  }
  return j === stop || text[j] === ' ' || text[j] === '\t' ? j - i : 0;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** 1-based line of a byte offset. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** 1-based line of a string index. */
function lineOfIndex(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** A byte count for people: `1 MB`, `150 KB`. */
function size(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`
    : `${Math.ceil(bytes / 1024)} KB`;
}
