import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Vote } from '../../src/core/stores.js';
import {
  appendSynced,
  type FileSystem,
  groupedAppender,
  nodeFileSystem,
  writeFileAtomic,
} from '../../src/stores/file-io.js';
import { fileTipStore, jsonLinesStore } from '../../src/stores/files.js';

const tempDir = () => mkdtemp(path.join(tmpdir(), 'kubecon-file-io-'));

/** Node's file system, recording every call as `call name` with names relative to `root` (`.` is the root). */
function recordingFs(root: string, overrides: Partial<FileSystem> = {}) {
  const calls: string[] = [];
  const name = (file: string) => path.relative(root, file) || '.';
  const fs: FileSystem = {
    open: async (file, flags) => {
      calls.push(`open ${name(file)} ${flags}`);
      const handle = await (overrides.open ?? nodeFileSystem.open)(file, flags);
      return {
        write: async (data) => {
          calls.push(`write ${name(file)} ${Buffer.from(data).toString('utf8')}`);
          return handle.write(data);
        },
        sync: async () => {
          calls.push(`fsync ${name(file)}`);
          return handle.sync();
        },
        close: async () => {
          calls.push(`close ${name(file)}`);
          return handle.close();
        },
      };
    },
    rename: async (from, to) => {
      calls.push(`rename ${name(from)} ${name(to)}`);
      return (overrides.rename ?? nodeFileSystem.rename)(from, to);
    },
    unlink: async (file) => {
      calls.push(`unlink ${name(file)}`);
      return nodeFileSystem.unlink(file);
    },
    mkdir: async (dir) => {
      calls.push(`mkdir ${name(dir)}`);
      return nodeFileSystem.mkdir(dir);
    },
    readFile: (file) => nodeFileSystem.readFile(file),
    lastChar: (file) => nodeFileSystem.lastChar(file),
  };
  return { fs, calls };
}

/** The calls with temporary names shown as `<tmp>`, once all of them are checked to be one name. */
function withTemp(calls: string[]): string[] {
  const temps = new Set(calls.flatMap((c) => c.match(/\S+\.tmp\b/g) ?? []));
  expect(temps.size).toBe(1);
  return calls.map((c) => c.replace(/\S+\.tmp\b/g, '<tmp>'));
}

describe('writeFileAtomic', () => {
  it('writes a temporary file, fsyncs it, renames it over the old one, then fsyncs the folder', async () => {
    const dir = await tempDir();
    const { fs, calls } = recordingFs(dir);
    await writeFileAtomic(path.join(dir, 'state.json'), '{"n":1}', fs);
    expect(withTemp(calls)).toEqual([
      'mkdir .',
      'open <tmp> wx',
      'write <tmp> {"n":1}',
      'fsync <tmp>',
      'close <tmp>',
      'rename <tmp> state.json',
      'open . r',
      'fsync .',
      'close .',
    ]);
    expect(calls[1]).toMatch(/^open state\.json\.[0-9a-f]+\.tmp wx$/);
    expect(await readFile(path.join(dir, 'state.json'), 'utf8')).toBe('{"n":1}');
  });

  it('gives concurrent writes of one file their own temporary names', async () => {
    const dir = await tempDir();
    const { fs, calls } = recordingFs(dir);
    const file = path.join(dir, 'state.json');
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeFileAtomic(file, `{"n":${i}}`, fs)));
    const temps = calls.filter((c) => c.startsWith('open') && c.endsWith('wx'));
    expect(new Set(temps).size).toBe(20);
    expect(JSON.parse(await readFile(file, 'utf8'))).toHaveProperty('n');
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('keeps the old file and leaves no temporary file when the rename fails', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'state.json');
    await writeFile(file, 'old');
    const failing = async () => {
      throw Object.assign(new Error('disk gone'), { code: 'EIO' });
    };
    const { fs } = recordingFs(dir, { rename: failing });
    await expect(writeFileAtomic(file, 'new', fs)).rejects.toThrow('disk gone');
    expect(await readdir(dir)).toEqual(['state.json']);
    expect(await readFile(file, 'utf8')).toBe('old');
  });
});

describe('the file tip store', () => {
  it('saves the rotation through a temporary file, an fsync, a rename and an fsync of its folder', async () => {
    const dir = await tempDir();
    const { fs, calls } = recordingFs(dir);
    await fileTipStore({ dir, onCorrupt: () => {}, fs }).saveRotation({ order: ['a'], posted: 1, cycle: 0 });
    const order = withTemp(calls).filter((c) => /^(write|fsync|rename)/.test(c));
    expect(order).toEqual([
      'write <tmp> {"order":["a"],"posted":1,"cycle":0}',
      'fsync <tmp>',
      'rename <tmp> rotation.json',
      'fsync .',
    ]);
  });

  it('claims a day with an exclusive create, fsynced with its folder', async () => {
    const dir = await tempDir();
    const { fs, calls } = recordingFs(dir);
    const tips = fileTipStore({ dir, onCorrupt: () => {}, fs });
    expect(await tips.claim('C1', '2026-03-30', new Date('2026-03-30T08:30:00Z'))).toBe(true);
    expect(calls.filter((c) => /^(open|write|fsync)/.test(c))).toEqual([
      'open days/C1/2026-03-30.json wx',
      'write days/C1/2026-03-30.json {"status":"claimed","at":"2026-03-30T08:30:00.000Z"}',
      'fsync days/C1/2026-03-30.json',
      'open days/C1 r',
      'fsync days/C1',
    ]);
    expect(await tips.claim('C1', '2026-03-30', new Date())).toBe(false);
  });
});

describe('jsonLinesStore', () => {
  const vote = (query: string): Vote => ({ sectionId: 's', query, value: 'helpful', at: 't' });

  it('appends each record as one whole line in one write on an O_APPEND handle, fsynced', async () => {
    const dir = await tempDir();
    const { fs, calls } = recordingFs(dir);
    const store = jsonLinesStore<Vote>(path.join(dir, 'feedback.jsonl'), { fs });
    await store.record(vote('a'));
    calls.length = 0;
    await store.record(vote('b'));
    expect(calls).toEqual([
      'open feedback.jsonl a',
      `write feedback.jsonl ${JSON.stringify(vote('b'))}\n`,
      'fsync feedback.jsonl',
      'close feedback.jsonl',
    ]);
  });

  it('skips a torn last line, repairs it once with one warning, and appends after it on a line of its own', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'feedback.jsonl');
    await writeFile(file, `${JSON.stringify(vote('a'))}\n{"sectionId":"s","que`);
    const torn: string[] = [];
    const store = jsonLinesStore<Vote>(file, { onTorn: (f) => torn.push(f) });
    expect((await store.list()).map((v) => v.query)).toEqual(['a']);
    await store.record(vote('b'));
    expect((await store.list()).map((v) => v.query)).toEqual(['a', 'b']);
    expect(torn).toEqual([file]);
  });

  it('repairs a torn last line before the first record of a new process, even when nobody read the file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'gaps.jsonl');
    await writeFile(file, '{"query":"kaf');
    const torn: string[] = [];
    await jsonLinesStore(file, { onTorn: (f) => torn.push(f) }).record({ query: 'loki' });
    expect((await readFile(file, 'utf8')).split('\n')).toEqual(['{"query":"kaf', '{"query":"loki"}', '']);
    expect(torn).toEqual([file]);
  });

  it('writes records that come together with fewer fsyncs than records, and lists them in order', async () => {
    const dir = await tempDir();
    const { fs, calls } = recordingFs(dir);
    const store = jsonLinesStore<Vote>(path.join(dir, 'feedback.jsonl'), { fs });
    await store.record(vote('first'));
    calls.length = 0;
    const queries = Array.from({ length: 10 }, (_, i) => `q${i}`);
    await Promise.all(queries.map((q) => store.record(vote(q))));
    expect(calls.filter((call) => call.startsWith('fsync')).length).toBeLessThan(queries.length);
    expect((await store.list()).map((v) => v.query)).toEqual(['first', ...queries]);
  });

  it('refuses a short append instead of acknowledging half a record', async () => {
    const dir = await tempDir();
    const { fs } = recordingFs(dir, {
      open: async (file, flags) => {
        const handle = await nodeFileSystem.open(file, flags);
        return {
          write: (data) => handle.write(data.subarray(0, 3)),
          sync: () => handle.sync(),
          close: () => handle.close(),
        };
      },
    });
    await expect(appendSynced(path.join(dir, 'x.jsonl'), '{"a":1}\n', fs)).rejects.toThrow(
      /short write .*x\.jsonl: 3 of 8 bytes/,
    );
  });
});

describe('groupedAppender', () => {
  it('writes a record that comes alone as appendSynced does: one open, write, fsync and close', async () => {
    const dir = await tempDir();
    const { fs, calls } = recordingFs(dir);
    const append = groupedAppender(path.join(dir, 'gaps.jsonl'), fs);
    await append('{"query":"a"}\n');
    await append('{"query":"b"}\n');
    expect(calls).toEqual([
      'open gaps.jsonl a',
      'write gaps.jsonl {"query":"a"}\n',
      'fsync gaps.jsonl',
      'close gaps.jsonl',
      'open gaps.jsonl a',
      'write gaps.jsonl {"query":"b"}\n',
      'fsync gaps.jsonl',
      'close gaps.jsonl',
    ]);
  });

  it('writes records that come while one is in flight together, in order, with fewer fsyncs than records', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'gaps.jsonl');
    const { fs, calls } = recordingFs(dir);
    const append = groupedAppender(file, fs);
    const lines = Array.from({ length: 20 }, (_, i) => `{"query":"q${i}"}\n`);
    await Promise.all(lines.map((line) => append(line)));
    const fsyncs = calls.filter((call) => call.startsWith('fsync')).length;
    expect(fsyncs).toBe(2); // the first record alone, then the 19 that came meanwhile
    expect(calls.at(-3)).toBe(`write gaps.jsonl ${lines.slice(1).join('')}`);
    expect(await readFile(file, 'utf8')).toBe(lines.join(''));
  });

  it('tells every caller waiting on a batch of the error that kept it from the disk, and goes on after', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'gaps.jsonl');
    let failing = false;
    const { fs } = recordingFs(dir, {
      open: async (name, flags) => {
        const handle = await nodeFileSystem.open(name, flags);
        return {
          write: (data) => handle.write(data),
          sync: () => (failing ? Promise.reject(new Error('EIO: fsync failed')) : handle.sync()),
          close: () => handle.close(),
        };
      },
    });
    const append = groupedAppender(file, fs);
    const first = append('{"query":"a"}\n');
    failing = true; // the first write has opened its file; the batch after it fails its fsync
    const waiting = ['b', 'c', 'd'].map((q) => append(`{"query":"${q}"}\n`));
    const results = await Promise.allSettled([first, ...waiting]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    failing = false;
    await append('{"query":"e"}\n');
    expect((await readFile(file, 'utf8')).endsWith('{"query":"e"}\n')).toBe(true);
  });
});
