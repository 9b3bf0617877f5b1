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

/** Several knowledge errors found in one load, reported together so the author can fix them in one pass. */
export class KnowledgeErrors extends Error {
  override readonly name = 'KnowledgeErrors';
  constructor(readonly errors: readonly KnowledgeError[]) {
    super(errors.map((e) => e.message).join('\n'));
  }
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
