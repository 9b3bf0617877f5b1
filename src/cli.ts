import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { config as loadDotenv } from 'dotenv';
import type { Config } from './config.js';
import { ConfigError, KnowledgeErrors } from './core/errors.js';
import type { NoteCache } from './core/knowledge/note-cache.js';
import type { Knowledge } from './core/types.js';
import { cacheDirOf, NOTES_CACHE, readNoteCache } from './runtime/note-cache-file.js';
import { packageFile } from './runtime/package-files.js';
import { createParsePool, type ParsePool } from './runtime/parse-pool.js';
import type { ManifestOptions } from './slack/manifest.js';
import { ManifestUrlError, parseBaseUrl } from './slack/manifest-url.js';

/**
 * The command line: `ask`, `eval`, `check`, `tip`, `gaps` and `manifest`. The arguments are read strictly first
 * (parseCommand: an unknown flag or a missing argument exits 2 with the usage line), then the command
 * runs: text or JSON out, errors caught once, at the bottom, as a message and an exit code.
 */

export const USAGE =
  'usage: cli.ts ask [--json] <question> | eval [--json] [FILE…] | check | tip --next | tip --post | gaps [--json] | manifest [--socket | --http URL] [--mentions-only] [--no-assistant] [--json]';

/** What a command line asks for. */
export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'ask'; readonly question: string; readonly json: boolean }
  | { readonly kind: 'eval'; readonly files: readonly string[]; readonly json: boolean }
  | { readonly kind: 'check' }
  | { readonly kind: 'tip'; readonly post: boolean }
  | { readonly kind: 'gaps'; readonly json: boolean }
  | { readonly kind: 'manifest'; readonly options: ManifestOptions; readonly json: boolean };

/** Arguments that do not make a command; the message says which and why. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const OPTIONS = {
  json: { type: 'boolean' },
  next: { type: 'boolean' },
  post: { type: 'boolean' },
  socket: { type: 'boolean' },
  http: { type: 'string' },
  'mentions-only': { type: 'boolean' },
  'no-assistant': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The options each command takes (besides --help), and whether it takes words after them. */
const COMMANDS = {
  ask: { options: ['json'], words: 'some' },
  eval: { options: ['json'], words: 'any' },
  check: { options: [], words: 'none' },
  tip: { options: ['next', 'post'], words: 'none' },
  gaps: { options: ['json'], words: 'none' },
  manifest: { options: ['socket', 'http', 'mentions-only', 'no-assistant', 'json'], words: 'none' },
} as const satisfies Record<string, { options: readonly (keyof typeof OPTIONS)[]; words: string }>;

/** Reads the arguments strictly (node:util parseArgs); throws a UsageError for anything it does not know. */
export function parseCommand(argv: readonly string[]): Command {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h') return { kind: 'help' };
  if (name === undefined) throw new UsageError('no command');
  if (!Object.hasOwn(COMMANDS, name)) throw new UsageError(`unknown command "${name}"`);
  const spec = COMMANDS[name as keyof typeof COMMANDS];
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('. ')[0] ?? String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const allowed: readonly string[] = spec.options;
  const stray = Object.keys(values).find((option) => !allowed.includes(option));
  if (stray !== undefined) throw new UsageError(`${name} does not take --${stray}`);
  if (spec.words === 'none' && positionals.length > 0)
    throw new UsageError(`${name} takes no arguments, but got "${positionals.join(' ')}"`);
  const json = values.json === true;
  switch (name) {
    case 'ask': {
      const question = positionals.join(' ').trim();
      if (question === '') throw new UsageError('ask needs a question');
      return { kind: 'ask', question, json };
    }
    case 'eval':
      return { kind: 'eval', files: positionals, json };
    case 'tip':
      if (values.next === values.post) throw new UsageError('tip needs one of --next or --post');
      return { kind: 'tip', post: values.post === true };
    case 'gaps':
      return { kind: 'gaps', json };
    case 'manifest':
      return manifestCommand(values, json);
    default:
      return { kind: 'check' };
  }
}

/** `manifest`'s flags as ManifestOptions; a bad `--http` URL or both transports is a UsageError. */
function manifestCommand(
  values: { socket?: boolean; http?: string; 'mentions-only'?: boolean; 'no-assistant'?: boolean },
  json: boolean,
): Command {
  if (values.socket && values.http !== undefined)
    throw new UsageError('manifest takes one of --socket or --http, not both');
  if (values.http !== undefined) {
    try {
      parseBaseUrl(values.http);
    } catch (error) {
      if (error instanceof ManifestUrlError) throw new UsageError(error.message);
      throw error;
    }
  }
  const options: ManifestOptions = {
    ...(values.http !== undefined && { httpBase: values.http }),
    mentionsOnly: values['mentions-only'] === true,
    noAssistant: values['no-assistant'] === true,
  };
  return { kind: 'manifest', options, json };
}

/** The committed manifest (Socket Mode, every feature), beside src/ and dist/. */
const MANIFEST_FILE = packageFile('manifest.yml');

type Print = (text: string) => void;

/** Runs one command line; returns the exit code. Usage problems go to `printError`, with the usage line. */
export async function runCli(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  print: Print,
  printError: Print = print,
): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    printError(`cli.ts: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (command.kind === 'help') {
    print(USAGE);
    return 0;
  }
  if (command.kind === 'manifest') {
    const [{ manifestFor }, { parse }] = await Promise.all([import('./slack/manifest.js'), import('yaml')]);
    const yaml = manifestFor(await readFile(MANIFEST_FILE, 'utf8'), command.options);
    print(command.json ? JSON.stringify(parse(yaml), null, 2) : yaml.trimEnd());
    return 0;
  }
  if (command.kind === 'check') {
    // A worker starts loading the note parser now, while this thread loads the configuration and the
    // knowledge's modules (zod, the YAML readers: about a fifth of a second).
    const pool = createParsePool();
    pool.prestart();
    try {
      return await checkCommand(await readConfig(env), pool, print, printError);
    } finally {
      await pool.close();
    }
  }
  // A question's modules (the search index, its word list) start loading now, with the knowledge's: their
  // files are read while this thread parses, where it sat idle waiting for them after (the switch's import
  // below gets this same module). A knowledge error is still the one reported.
  if (command.kind === 'ask' || command.kind === 'eval') import('./cli/question-commands.js').catch(() => {});
  const config = await readConfig(env);
  const { loadKnowledge } = await import('./runtime/knowledge-files.js');
  const knowledge = await loadKnowledge(config.knowledgeDir, await noteCache(config));
  switch (command.kind) {
    // Each command imports what only it needs when it runs: `check` does not load the search index and
    // its word list, and a question does not load the stores, the Slack client and the logger.
    case 'ask':
      return (await import('./cli/question-commands.js')).askCommand(
        knowledge,
        command.question,
        command.json,
        print,
      );
    case 'eval':
      return (await import('./cli/question-commands.js')).evalCommand(
        knowledge,
        command.files,
        command.json,
        print,
      );
    case 'tip':
      return (await import('./cli/store-commands.js')).tipCommand(
        config,
        knowledge,
        command.post,
        print,
        printError,
      );
    case 'gaps':
      return (await import('./cli/store-commands.js')).gapsCommand(
        config,
        knowledge,
        command.json,
        print,
        printError,
      );
  }
}

/** The configuration from the environment (config.ts, with zod, is loaded only now: see `check`). */
async function readConfig(env: Record<string, string | undefined>): Promise<Config> {
  return (await import('./config.js')).parseConfig(env);
}

/** The notes the bot parsed last, by their files' content hash: an unchanged note is not parsed again. */
function noteCache(config: Config): Promise<NoteCache> {
  return readNoteCache(path.join(cacheDirOf(config.dataDir), NOTES_CACHE));
}

/**
 * `check`: loads the knowledge as the bot does, notes parsed in the parse pool (with its deadline and memory
 * limit) unless the note cache has them; every rejected note file is a `file:line: reason` line on standard
 * error and fails the check.
 */
async function checkCommand(
  config: Config,
  pool: ParsePool,
  print: Print,
  printError: Print,
): Promise<number> {
  const { loadKnowledge } = await import('./runtime/knowledge-files.js');
  const knowledge = await loadKnowledge(config.knowledgeDir, await noteCache(config), { pool });
  const rejected = knowledge.rejected ?? [];
  if (rejected.length > 0) printError(rejected.map((e) => e.message).join('\n'));
  const verdict = rejected.length > 0 ? `not ok: ${rejected.length} note files rejected; the rest:` : 'ok:';
  print(`${verdict} ${checked(knowledge, config)}`);
  return rejected.length > 0 ? 1 : 0;
}

function checked(knowledge: Knowledge, config: Config): string {
  const sections = knowledge.notes.reduce((n, note) => n + note.sections.length, 0);
  const { lexicon, notes, topics, tips } = knowledge;
  return `${notes.length} notes, ${sections} sections, ${topics.length} topics, ${tips.length} tips, lexicon of ${lexicon.abbreviations.length} abbreviations, ${lexicon.related.length} related terms, ${lexicon.paraphrases.length} paraphrases, ${lexicon.kinds.length} kinds and ${lexicon.facts.length} ${lexicon.facts.length === 1 ? 'kind' : 'kinds'} of fact in ${config.knowledgeDir}`;
}

const isMain =
  process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isMain) {
  // DOTENV_CONFIG_PATH points elsewhere (the tests point it nowhere, so a developer's .env never leaks in).
  loadDotenv({ quiet: true, path: process.env.DOTENV_CONFIG_PATH ?? '.env' });
  // A reader that stops early (`npm run eval | head`) closes the pipe: that ends the output, not in a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  const write = (stream: NodeJS.WritableStream) => (text: string) => stream.write(`${text}\n`);
  runCli(process.argv.slice(2), process.env, write(process.stdout), write(process.stderr)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const known = error instanceof KnowledgeErrors || error instanceof ConfigError;
      process.stderr.write(
        `${known ? (error as Error).message : String((error as Error)?.stack ?? error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
