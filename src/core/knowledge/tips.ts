import { z } from 'zod';
import { KnowledgeError } from '../errors.js';
import type { Section, Tip } from '../types.js';
import { describeIssue, issueLine } from './topics.js';
import { readYaml } from './yaml.js';

/** Parsing the curated tips file: a YAML list of `{ id, section, text }`, each tied to an existing section. */

/** A tip must fit comfortably in one chat message. */
export const MAX_TIP_LENGTH = 600;

const TipSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id must be kebab-case'),
  section: z.string().min(1),
  text: z.string().min(20).max(MAX_TIP_LENGTH),
  talk: z.url().optional(),
});

/**
 * Parses tips; errors name the file, the line of the bad tip and the reason (unknown section, too long…).
 * Tips about a note left out (`leftOut`: ids of rejected notes) are left out too: the note's rejection is
 * the error to fix.
 */
export function parseTips(
  file: string,
  source: string,
  sections: ReadonlyMap<string, Section>,
  leftOut: ReadonlySet<string> = new Set(),
): Tip[] {
  const yaml = readYaml(file, source);
  const data = yaml.data ?? [];
  if (!Array.isArray(data)) throw new KnowledgeError(file, 1, 'the tips file must be a YAML list of tips');
  const seen = new Set<string>();
  const about = (entry: unknown) =>
    String((entry as { section?: unknown } | null)?.section ?? '').split('#')[0];
  return data.flatMap((entry: unknown, i) => {
    if (leftOut.has(about(entry) ?? '')) return [];
    const parsed = TipSchema.safeParse(entry);
    if (!parsed.success)
      throw new KnowledgeError(
        file,
        issueLine(yaml, [i], parsed.error),
        `tip ${i + 1}: ${describeIssue(parsed.error)}`,
      );
    const { id, section: sectionId, text, talk: talkUrl } = parsed.data;
    if (seen.has(id)) throw new KnowledgeError(file, yaml.lineOf([i, 'id']), `duplicate tip id "${id}"`);
    seen.add(id);
    const section = sections.get(sectionId);
    if (!section)
      throw new KnowledgeError(
        file,
        yaml.lineOf([i, 'section']),
        `tip "${id}" points at unknown section "${sectionId}"`,
      );
    const talk = section.links.find((l) => l.kind === 'talk' && (talkUrl === undefined || l.url === talkUrl));
    if (talkUrl !== undefined && !talk) {
      const reason = `tip "${id}": talk ${talkUrl} is not linked from its section`;
      throw new KnowledgeError(file, yaml.lineOf([i, 'talk']), reason);
    }
    return [{ id, sectionId, text: text.trim(), curated: true, ...(talk && { talk }) }];
  });
}
