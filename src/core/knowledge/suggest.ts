/**
 * "Did you mean": the known name closest to a misspelt one (a heading, a topic id, a section id), so an
 * error about a name can say which name was probably meant.
 */

export const SUGGEST_OPTIONS = {
  /** At most this share of a name's characters may differ for a known name to count as meant. */
  maxChangedShare: 0.34,
} as const;

/** The candidate closest to `name` (case aside), or undefined when none is close enough to be meant. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase();
  const max = Math.max(1, Math.floor(wanted.length * SUGGEST_OPTIONS.maxChangedShare));
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = levenshtein(wanted, candidate.toLowerCase());
    if (distance <= max && (best === undefined || distance < best.distance))
      best = { name: candidate, distance };
  }
  return best?.name;
}

/** `; did you mean "x"?` when a close candidate exists, else nothing: the tail of an error's reason. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const meant = closest(name, candidates);
  return meant === undefined ? '' : `; did you mean "${meant}"?`;
}

/** Edits (insert, delete, replace) that turn a into b. */
function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const replace = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, replace));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
