/** The few errors kubecon-bot raises on purpose. Each message names the file, line, variable or value at fault. */

/** A knowledge file (note, topics or tips) that cannot be used: names the file and line. */
export class KnowledgeError extends Error {
  override readonly name = 'KnowledgeError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
  }
}

/**
 * A parse stopped from outside (its worker's deadline or memory limit, a crash): the file is rejected this
 * time, but it is no verdict on its content, so it is never cached.
 */
export class ParseStopped extends KnowledgeError {}

/**
 * Several knowledge errors found in one load, reported together so the author can fix them in one pass:
 * each once, in file and line order.
 */
export class KnowledgeErrors extends Error {
  override readonly name = 'KnowledgeErrors';
  readonly errors: readonly KnowledgeError[];
  constructor(errors: readonly KnowledgeError[]) {
    const ordered = inFileOrder(errors);
    super(ordered.map((e) => e.message).join('\n'));
    this.errors = ordered;
  }
}

/** The error to throw for what a check found: the one error itself, or all of them together. */
export function failureOf(errors: readonly KnowledgeError[]): KnowledgeError | KnowledgeErrors {
  return errors.length === 1 && errors[0] ? errors[0] : new KnowledgeErrors(errors);
}

/** Throws what a check found, if it found anything. */
export function throwAll(errors: readonly KnowledgeError[]): void {
  if (errors.length > 0) throw failureOf(errors);
}

/** The errors without repeats, by file, then line (stable: one line's errors keep the order found). */
function inFileOrder(errors: readonly KnowledgeError[]): KnowledgeError[] {
  const once = [...new Map(errors.map((e) => [e.message, e])).values()];
  return once.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

/** Invalid configuration: lists every missing or invalid variable (never its value); one problem, one line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(
      problems.length === 1
        ? `kubecon-bot: invalid configuration: ${problems[0]}`
        : `kubecon-bot: invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}
