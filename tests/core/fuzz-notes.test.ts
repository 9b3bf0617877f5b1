/**
 * Fuzzing the knowledge path: generated notes (deep lists and quotes, long runs of markup characters, mixed
 * scripts, control characters, huge links, odd frontmatter) go through parse -> index -> answer -> Block
 * Kit, and each one must end as a clean `file:line: reason` rejection or as messages inside Slack's limits
 * with no control characters and no broadcast mention, within a generous time budget per case.
 *
 * Replaying a failure: fast-check prints `seed` and `path` with the counterexample. Put them in
 * `FUZZ_NOTES_OPTIONS` (`seed: <seed>, path: "<path>"`), or run
 * `FUZZ_SEED=<seed> FUZZ_PATH=<path> npx vitest run tests/core/fuzz-notes.test.ts`, to run that very case
 * first; `FUZZ_RUNS=2000` runs longer.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/core/answers/answer.js';
import { renderAnswer } from '../../src/core/answers/blocks.js';
import { renderHelp, renderTopics } from '../../src/core/answers/help.js';
import { messageViolations } from '../../src/core/answers/limits.js';
import { KnowledgeErrors } from '../../src/core/errors.js';
import { assembleKnowledge } from '../../src/core/knowledge/assemble.js';
import { parseLexicon } from '../../src/core/knowledge/lexicon.js';
import { NOTE_LIMITS } from '../../src/core/knowledge/screen-note.js';
import { buildIndex } from '../../src/core/search/search-index.js';
import type { SlackMessage } from '../../src/core/types.js';
import { hasControl, mrkdwnTexts, strings } from '../fuzz-checks.js';
import { KNOWLEDGE_DIR } from '../helpers.js';

const FUZZ_NOTES_OPTIONS = {
  /** Generated notes per run; the whole file stays well under a minute on two busy cores. */
  numRuns: Number(process.env.FUZZ_RUNS ?? 60),
  seed: process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED),
  path: process.env.FUZZ_PATH,
  /**
   * The deepest list or quote generated: past the screen's limit (NOTE_LIMITS.maxDepth), so both
   * sides of it are fuzzed; deeper than that is rejected before remark sees it.
   */
  maxNesting: 2 * NOTE_LIMITS.maxDepth,
  /** The longest run of one markup character. */
  maxMarkupRun: 3000,
  /** The longest URL of a generated link. */
  maxLinkLength: 20_000,
  /**
   * A generous budget for one case (parse, index, every answer rendered): a hang, not a slow machine. Cases
   * take about 0.3 s; a 50-deep list with markup runs took up to 9 s on two busy cores (the parse time the
   * nesting pre-check is for).
   */
  caseBudgetMs: 30_000,
} as const;

const FILE = 'fuzz/note.md';
const topicsSource = readFileSync(path.join(KNOWLEDGE_DIR, 'topics.yml'), 'utf8');
/** The shipped lexicon, parsed once: it is not what is fuzzed, and parsing it costs more than a note. */
const lexicon = parseLexicon('lexicon.yml', readFileSync(path.join(KNOWLEDGE_DIR, 'lexicon.yml'), 'utf8'));

/** Words the shipped topics and lexicon know, so generated notes get real hits, not only declines. */
const WORDS = ['istio', 'kubernetes', 'service mesh', 'loki', 'tracing', 'prometheus', 'helm', 'opa', 'k8s'];
/** Characters a note should never smuggle into Slack: C0 and C1 controls, bidi overrides, a BOM. */
const CONTROLS = [
  ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)),
  '\u007f',
  '\u0085',
  '\u009b',
  '\u200b',
  '\u202e',
  '\u2066',
  '\ufeff',
  '\ud800',
];
const MARKUP = [
  '*',
  '_',
  '`',
  '~',
  '[',
  ']',
  '(',
  ')',
  '<',
  '>',
  '#',
  '|',
  '\\',
  '&',
  '!',
  '-',
  '+',
  '=',
  ':',
  '{',
];
const MENTIONS = ['<!channel>', '<!here>', '<!everyone>', '<@U0123ABC>', '<#C0123|general>', '<!subteam^S1>'];

/** Inline text: words, other scripts, controls, markup runs, mentions, entities. */
const inline: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...WORDS) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
      { weight: 2, arbitrary: fc.constantFrom(...CONTROLS) },
      { weight: 1, arbitrary: fc.constantFrom(...MENTIONS) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('&amp;', '&lt;', '&#0;', '&#x202e;', '1&1', '{{< ref >}}', '{#id}'),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom(...MARKUP), fc.integer({ min: 2, max: FUZZ_NOTES_OPTIONS.maxMarkupRun }))
          .map(([c, n]) => `x${c.repeat(n)}`),
      },
      { weight: 1, arbitrary: link() },
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((parts) => parts.join(' '));

/** A link: inline, autolink or reference, with huge, odd or mention-like targets. */
function link(): fc.Arbitrary<string> {
  const target = fc.oneof(
    fc.constantFrom(
      'https://example.com/talk',
      '!channel',
      '!here',
      '@U0123ABC',
      '#C0123',
      'javascript:x',
      '',
    ),
    fc
      .integer({ min: 1, max: FUZZ_NOTES_OPTIONS.maxLinkLength })
      .map((n) => `https://example.com/${'a'.repeat(n)}`),
    fc.string({ unit: 'grapheme', maxLength: 30 }).map((s) => `https://example.com/${s}`),
  );
  return fc
    .tuple(fc.constantFrom('inline', 'auto', 'reference', 'youtube'), fc.string({ maxLength: 15 }), target)
    .map(([kind, label, url]) => {
      if (kind === 'auto') return `<${url}>`;
      if (kind === 'reference') return `[${label}][r]\n\n[r]: ${url}`;
      if (kind === 'youtube') return `[Talk: ${label}](https://www.youtube.com/watch?v=${url.slice(0, 40)})`;
      return `[${label}](${url})`;
    });
}

/** A block: paragraph, heading, nested list or quote, code, table, HTML, rule. */
const block: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: inline },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.integer({ min: 1, max: 7 }), inline).map(([d, t]) => `${'#'.repeat(d)} ${t}`),
  },
  { weight: 2, arbitrary: nested('list') },
  { weight: 2, arbitrary: nested('quote') },
  { weight: 1, arbitrary: inline.map((t) => `\`\`\`\n${t}\n\`\`\``) },
  { weight: 1, arbitrary: fc.tuple(inline, inline).map(([a, b]) => `| ${a} | b |\n|---|---|\n| ${b} | c |`) },
  { weight: 1, arbitrary: fc.constantFrom('<!-- c -->', '<div>x</div>', '***', '---', '![img](x.png)') },
);

/** A list (bullets, numbers, tasks) or a blockquote nested up to `maxNesting` levels. */
function nested(kind: 'list' | 'quote'): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.integer({ min: 1, max: FUZZ_NOTES_OPTIONS.maxNesting }),
      inline,
      fc.constantFrom('- ', '1. ', '* [ ] '),
    )
    .map(([depth, text, bullet]) =>
      Array.from({ length: depth }, (_, i) =>
        kind === 'quote'
          ? `${'> '.repeat(i + 1)}${text}`
          : `${'  '.repeat(i * (bullet.length > 2 ? 2 : 1))}${bullet}${text}`,
      ).join('\n'),
    );
}

/** Frontmatter: none, fine, or odd (bad YAML, wrong types, unknown topics, unclosed, not YAML, controls). */
const frontmatter: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  inline.map((t) => `---\ntitle: ${JSON.stringify(t)}\ntopics: [service-mesh]\n---\n`),
  fc.constantFrom(
    '---\ntitle: [unclosed\n---\n',
    '---\ntitle: 42\ndate: yesterday\n---\n',
    '---\ntopics: [no-such-topic]\n---\n',
    '---\nsection_topics: { "Wrap Upp": [service-mesh] }\n---\n',
    '---js\n{ title: "x" }\n---\n',
    '---\ntitle: x\n',
    '---\n---\n',
    '---\n\ttitle: tab\n---\n',
    '---\nurl: "ftp://x"\n---\n',
    '---\ntitle: &a [*a]\n---\n',
    '\ufeff---\ntitle: bom\n---\n',
  ),
);

const note: fc.Arbitrary<string> = fc
  .tuple(frontmatter, fc.array(block, { minLength: 0, maxLength: 12 }))
  .map(([fm, blocks]) => fm + blocks.join('\n\n'));

/** Questions about a note: its own words, the usual ones, and odd ones. */
const questions = (source: string): string[] => [
  ...WORDS.slice(0, 3),
  'highlights',
  source.slice(0, 300),
  ...source
    .split(/\s+/)
    .filter((w) => w.length > 2)
    .slice(0, 3),
];

/** Every way a message fails the property; empty when it is fine. */
function messageProblems(message: SlackMessage): string[] {
  const texts = strings(message);
  return [
    ...messageViolations(message),
    ...texts.filter(hasControl).map((t) => `control character in ${JSON.stringify(t.slice(0, 80))}`),
    ...mrkdwnTexts(message)
      .filter((t) => t.includes('<!'))
      .map((t) => `broadcast in ${JSON.stringify(t.slice(0, 80))}`),
  ];
}

/** The note through the whole path; the problems found, or 'rejected' for a clean rejection. */
async function check(source: string): Promise<string[] | 'rejected'> {
  let knowledge: Awaited<ReturnType<typeof assembleKnowledge>>;
  try {
    knowledge = await assembleKnowledge({
      dir: 'fuzz',
      notes: (async function* () {
        yield { file: FILE, bytes: new TextEncoder().encode(source) };
      })(),
      topics: topicsSource,
    });
  } catch (error) {
    if (!(error instanceof KnowledgeErrors)) return [`not a clean rejection: ${String(error)}`];
    const bad = error.errors.filter((e) => !/^fuzz\/note\.md:[1-9]\d*: \S/.test(e.message));
    return bad.length === 0 ? 'rejected' : bad.map((e) => `unclear rejection: ${e.message}`);
  }
  const index = buildIndex({ ...knowledge, lexicon });
  const messages = [renderHelp(knowledge), renderTopics(knowledge)];
  for (const q of questions(source)) {
    const answer = answerQuestion(index, q);
    const pages = Math.max(1, answer.results.length);
    for (const controls of ['ephemeral', 'thread', 'shared'] as const)
      for (let page = 0; page < pages; page++)
        messages.push(
          renderAnswer(answer, { controls, page, ...(controls === 'shared' && { sharedBy: 'U1' }) }),
        );
  }
  return messages.flatMap(messageProblems);
}

describe('a generated note', () => {
  it('is rejected with file:line or answered within Slack limits, without control characters, in time', async () => {
    const outcomes = { rejected: 0, answered: 0 };
    const started = performance.now();
    let slowest = 0;
    await fc.assert(
      fc.asyncProperty(note, async (source) => {
        const t0 = performance.now();
        const outcome = await check(source);
        const ms = performance.now() - t0;
        slowest = Math.max(slowest, ms);
        if (outcome === 'rejected') outcomes.rejected++;
        else outcomes.answered++;
        expect(outcome === 'rejected' ? [] : outcome).toEqual([]);
        expect(ms, 'time for one case (ms)').toBeLessThan(FUZZ_NOTES_OPTIONS.caseBudgetMs);
      }),
      {
        numRuns: FUZZ_NOTES_OPTIONS.numRuns,
        ...(FUZZ_NOTES_OPTIONS.seed !== undefined && { seed: FUZZ_NOTES_OPTIONS.seed }),
        ...(FUZZ_NOTES_OPTIONS.path !== undefined && { path: FUZZ_NOTES_OPTIONS.path }),
      },
    );
    console.info(
      `fuzz notes: ${FUZZ_NOTES_OPTIONS.numRuns} cases (${outcomes.rejected} rejected, ${outcomes.answered} ` +
        `answered) in ${Math.round(performance.now() - started)} ms, slowest ${Math.round(slowest)} ms`,
    );
  }, 120_000);
});
