import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * The few file-system calls the stores make, behind a small interface, so a unit test can record their
 * order (temporary write, fsync, rename, fsync of the folder) and a crash test can trust what it checks.
 */

/** An open file: written whole, flushed to the disk, closed. */
export interface FileHandleLike {
  /** One `write` call: it may write fewer bytes than given (a full disk), never more. */
  write(data: Uint8Array): Promise<{ bytesWritten: number }>;
  /** fsync: the data (and, for a folder, its entries) is on the disk when this resolves. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface FileSystem {
  /** `flags` as Node's: `wx` (create, exclusive), `a` (append: O_APPEND), `r` (read; folders too). */
  open(file: string, flags: 'wx' | 'a' | 'r'): Promise<FileHandleLike>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
  mkdir(dir: string): Promise<void>;
  readFile(file: string): Promise<string>;
  /** The file's last character ('' when it is empty), undefined when it does not exist. */
  lastChar(file: string): Promise<string | undefined>;
}

/** Node's file system. */
export const nodeFileSystem: FileSystem = {
  open: (file, flags) => open(file, flags),
  rename,
  unlink,
  mkdir: async (dir) => {
    await mkdir(dir, { recursive: true });
  },
  readFile: (file) => readFile(file, 'utf8'),
  lastChar: async (file) => {
    const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (handle === undefined) return undefined;
    try {
      const { size } = await handle.stat();
      const { buffer } = await handle.read(Buffer.alloc(1), 0, Math.min(size, 1), Math.max(0, size - 1));
      return size === 0 ? '' : buffer.toString('latin1');
    } finally {
      await handle.close();
    }
  },
};

/** Error codes of a file system that cannot fsync a folder (then its rename is as durable as it gets). */
const NO_DIR_SYNC = new Set(['EISDIR', 'EINVAL', 'EPERM', 'EBADF', 'ENOTSUP']);

/** Flushes a folder's entries (a rename, a new or removed file) to the disk. */
export async function syncDir(dir: string, fs: FileSystem = nodeFileSystem): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } catch (error) {
    if (!NO_DIR_SYNC.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle.close();
  }
}

/**
 * Writes text through one handle and fsyncs it, so it is on the disk before anyone is told. An append is one
 * `write` (a short one is an error: the reader repairs the torn line); a new file is written to its end.
 */
async function writeSynced(fs: FileSystem, file: string, flags: 'wx' | 'a', text: string): Promise<void> {
  const handle = await fs.open(file, flags);
  try {
    let data = Buffer.from(text, 'utf8');
    while (data.length > 0) {
      const { bytesWritten } = await handle.write(data);
      if (bytesWritten === 0 || (flags === 'a' && bytesWritten < data.length))
        throw new Error(`short write to ${file}: ${bytesWritten} of ${data.length} bytes`);
      data = data.subarray(bytesWritten);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces a file atomically and durably: a temporary file with a unique name beside it, written and fsynced,
 * renamed over the old one, then the folder fsynced. A crash at any moment leaves the old file or the new one.
 */
export async function writeFileAtomic(
  file: string,
  content: string,
  fs: FileSystem = nodeFileSystem,
): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir);
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeSynced(fs, temporary, 'wx', content);
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncDir(dir, fs);
}

/** Creates a file that must not exist yet (EEXIST otherwise), with its content and entry on the disk. */
export async function createFileExclusive(
  file: string,
  content: string,
  fs: FileSystem = nodeFileSystem,
): Promise<void> {
  await writeSynced(fs, file, 'wx', content);
  await syncDir(path.dirname(file), fs);
}

/**
 * Appends text (whole lines) in one `write` on an O_APPEND handle, fsynced: concurrent appends never
 * interleave inside a record, and a crash leaves the record whole or absent.
 */
export function appendSynced(file: string, text: string, fs: FileSystem = nodeFileSystem): Promise<void> {
  return writeSynced(fs, file, 'a', text);
}

/**
 * Appends to one file with group commit: the first record is written at once (appendSynced); records that
 * come while a write is in flight wait, and then go together, in the order they came, in one open, write,
 * fsync and close. Under load that is one fsync for many records instead of one each; alone, a record is
 * written exactly as appendSynced writes it. Each caller is told when its record is on the disk, or of the
 * error that kept its batch from it.
 */
export function groupedAppender(
  file: string,
  fs: FileSystem = nodeFileSystem,
): (text: string) => Promise<void> {
  let queued: { text: string; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let writing = false;
  const drain = async () => {
    writing = true;
    while (queued.length > 0) {
      const batch = queued;
      queued = [];
      try {
        await appendSynced(file, batch.map((record) => record.text).join(''), fs);
        for (const record of batch) record.resolve();
      } catch (error) {
        for (const record of batch) record.reject(error);
      }
    }
    writing = false;
  };
  return (text) =>
    new Promise<void>((resolve, reject) => {
      queued.push({ text, resolve, reject });
      if (!writing) void drain();
    });
}

/** A file's text, or undefined when it does not exist. */
export async function readOptional(
  file: string,
  fs: FileSystem = nodeFileSystem,
): Promise<string | undefined> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
