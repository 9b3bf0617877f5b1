import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './file-io.js';

/**
 * The **outbox**: records that could not reach Redis (votes, declined questions, thread registrations),
 * kept in a JSON Lines file under DATA_DIR until Redis is back. Each record is one line, appended with one
 * write and an fsync, so a crash loses at most the record being written; a torn last line is skipped.
 * Every record carries an id, so writing it to Redis twice (a crash after the write, before the removal)
 * still counts it once. One process owns the file: the running bot (the command line never buffers).
 */

export const OUTBOX_OPTIONS = {
  /** Records kept at most (a few hundred bytes each); past this, a record fails as it would without one. */
  capacity: 10_000,
} as const;

/** A record waiting for Redis: its id (a UUID), what it is, and its value. */
export interface OutboxRecord {
  readonly id: string;
  readonly kind: 'feedback' | 'gaps' | 'thread';
  readonly value: unknown;
}

export interface Outbox {
  /** Keeps a record until it is removed; throws when the outbox is full. */
  append(record: OutboxRecord): Promise<void>;
  /** Every record waiting, oldest first. */
  pending(): Promise<OutboxRecord[]>;
  /** Forgets the records written to Redis. */
  remove(ids: ReadonlySet<string>): Promise<void>;
  /** How many records wait (known once the file was read: after the first call of any method). */
  size(): number;
}

export interface OutboxOptions {
  readonly file: string;
  readonly capacity?: number;
}

/** The outbox in `file`, created when the first record arrives. */
export function createOutbox({ file, capacity = OUTBOX_OPTIONS.capacity }: OutboxOptions): Outbox {
  let count = 0;
  let loaded: Promise<void> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  /** Runs file work one step at a time, after the file was first read. */
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    loaded ??= repair(file).then((n) => {
      count = n;
    });
    const run = queue.then(() => loaded).then(fn);
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    append: (record) =>
      serial(async () => {
        if (count >= capacity) throw new Error(`the Redis outbox is full (${capacity} records)`);
        await appendLine(file, `${JSON.stringify(record)}\n`);
        count++;
      }),
    pending: () => serial(() => readRecords(file)),
    remove: (ids) =>
      serial(async () => {
        const kept = (await readRecords(file)).filter((r) => !ids.has(r.id));
        count = kept.length;
        if (kept.length === 0) await unlink(file).catch(() => undefined);
        else await replace(file, kept.map((r) => `${JSON.stringify(r)}\n`).join(''));
      }),
    size: () => count,
  };
}

/** Appends one whole line with one write, then fsyncs it. */
async function appendLine(file: string, line: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const handle = await open(file, 'a');
  try {
    await handle.write(line);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes a new version beside the file (a unique name), fsyncs it, renames it over the old one and fsyncs
 * the folder: file-io's writeFileAtomic, so the outbox is as durable as the other stores.
 */
function replace(file: string, content: string): Promise<void> {
  return writeFileAtomic(file, content);
}

/** The records in the file, skipping a torn or unreadable line and repeated ids. */
async function readRecords(file: string): Promise<OutboxRecord[]> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return '';
    throw e;
  });
  const seen = new Set<string>();
  return text.split('\n').flatMap((line) => {
    const record = parseRecord(line);
    if (record === undefined || seen.has(record.id)) return [];
    seen.add(record.id);
    return [record];
  });
}

/** One line as a record, or undefined when it is not one (a torn write). */
function parseRecord(line: string): OutboxRecord | undefined {
  if (line.trim() === '') return undefined;
  try {
    const r = JSON.parse(line) as Partial<OutboxRecord> | null;
    const kinds = ['feedback', 'gaps', 'thread'];
    return typeof r?.id === 'string' && kinds.includes(r.kind ?? '') && r.value !== undefined
      ? (r as OutboxRecord)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads the file left by an earlier process: a torn last line (a crash mid-write) is ended with a newline,
 * so the next append starts a line of its own. Returns how many records wait.
 */
async function repair(file: string): Promise<number> {
  const text = await readFile(file, 'utf8').catch(() => '');
  if (text !== '' && !text.endsWith('\n')) await appendLine(file, '\n');
  return (await readRecords(file)).length;
}
