import { parseDocument } from 'yaml';
import { z } from 'zod';
import { KnowledgeError } from '../errors.js';
import type { Topic } from '../types.js';

/**
 * Topics: parsing the topics file, and telling which topics a text mentions. A text mentions a topic when
 * it contains the topic's label or one of its aliases as whole words, in any case.
 */

const TopicSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id must be kebab-case'),
  label: z.string().min(1).max(60),
  aliases: z.array(z.string().min(1)).default([]),
});

/** Parses the topics file (a YAML list); errors name the file and the line of the bad entry. */
export function parseTopics(file: string, source: string): Topic[] {
  const doc = parseDocument(source, { keepSourceTokens: false });
  const yamlError = doc.errors[0];
  if (yamlError)
    throw new KnowledgeError(file, yamlError.linePos?.[0].line ?? 1, yamlError.message.split('\n')[0] ?? '');
  const data: unknown = doc.toJS() ?? [];
  if (!Array.isArray(data))
    throw new KnowledgeError(file, 1, 'the topics file must be a YAML list of topics');
  const seen = new Set<string>();
  return data.map((entry: unknown, i) => {
    const line = lineOfItem(source, i);
    const parsed = TopicSchema.safeParse(entry);
    if (!parsed.success)
      throw new KnowledgeError(file, line, `topic ${i + 1}: ${describeIssue(parsed.error)}`);
    if (seen.has(parsed.data.id))
      throw new KnowledgeError(file, line, `duplicate topic id "${parsed.data.id}"`);
    seen.add(parsed.data.id);
    return parsed.data;
  });
}

/** A readable one-line reason from a schema error: the field and what is wrong with it. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid value';
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}

/** 1-based line where the i-th item of a top-level YAML list starts. */
function lineOfItem(source: string, index: number): number {
  let count = -1;
  const lines = source.split('\n');
  for (let n = 0; n < lines.length; n++) {
    if (/^-\s/.test(lines[n] ?? '') && ++count === index) return n + 1;
  }
  return 1;
}

/**
 * Compiles topics into a function that lists the ids of the topics a text mentions at least `times`
 * times (a heading names its topic once; a passing word in a paragraph does not make it the subject).
 */
export function topicMatcher(topics: readonly Topic[]): (text: string, times?: number) => string[] {
  const patterns = topics.map((t) => ({ id: t.id, pattern: wordsPattern([t.label, ...t.aliases]) }));
  return (text, times = 1) =>
    patterns.filter((p) => (text.match(p.pattern)?.length ?? 0) >= times).map((p) => p.id);
}

/** One case-insensitive regular expression matching any of the phrases as whole words. */
function wordsPattern(phrases: readonly string[]): RegExp {
  const alternatives = phrases.map((p) =>
    p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[\s-]+/g, '[\\s-]+'),
  );
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}
