import { afterEach, describe, expect, it } from 'vitest';
import { NOTE_LIMITS } from '../../src/core/knowledge/screen-note.js';
import { createParsePool, type ParsePool } from '../../src/runtime/parse-pool.js';
import { waitUntil } from '../helpers.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const note = (title: string) => bytes(`# ${title}\n\nSome text about ${title}.\n`);
/** A list nested `levels` deep: remark needs seconds for a few hundred levels. */
const deepList = (levels: number) =>
  bytes(`# Deep\n\n${Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n')}\n`);
/** Lets a test file through the screening, to reach the pool's own limits. */
const LAX = { ...NOTE_LIMITS, maxBytes: 64 * 1024 * 1024, maxDepth: 100_000 };

let pool: ParsePool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('the parse pool', () => {
  it('parses many files in parallel, each to its own note', async () => {
    pool = createParsePool({ workers: 2 });
    const titles = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'];
    const notes = await Promise.all(titles.map((t) => pool?.parse(`${t}.md`, note(t), [], [])));
    expect(notes.map((n) => n?.title)).toEqual(titles);
    expect(notes.map((n) => n?.id)).toEqual(titles);
  });

  it('is sized to the cores, at least one worker and at most four', () => {
    pool = createParsePool();
    expect(pool.size).toBeGreaterThanOrEqual(1);
    expect(pool.size).toBeLessThanOrEqual(4);
    expect(createParsePool({ workers: 0 }).size).toBe(1);
  });

  it('stops its workers once idle, and starts one again for the next file', async () => {
    pool = createParsePool({ workers: 2, idleMs: 50 });
    await Promise.all(['a', 'b', 'c'].map((t) => pool?.parse(`${t}.md`, note(t), [], [])));
    expect(pool.running()).toBeGreaterThan(0);
    await waitUntil('the idle workers stopped', () => pool?.running() === 0);
    expect((await pool.parse('next.md', note('next'), [], [])).title).toBe('next');
  });

  it('starts one worker ahead on request, which then parses the first file and stops when idle', async () => {
    pool = createParsePool({ workers: 2, idleMs: 50 });
    expect(pool.running()).toBe(0);
    pool.prestart();
    pool.prestart();
    expect(pool.running()).toBe(1);
    expect((await pool.parse('a.md', note('alpha'), [], [])).title).toBe('alpha');
    await waitUntil('the idle worker stopped', () => pool?.running() === 0);
  });

  it("rejects a file with the worker's file:line: reason", async () => {
    pool = createParsePool({ workers: 1 });
    await expect(
      pool.parse('dir/x.md', Uint8Array.from([0x23, 0x20, 0x41, 0x0a, 0xff]), [], []),
    ).rejects.toThrow(/^dir\/x\.md:2: not valid UTF-8 text$/);
  });

  it('rejects a file that outlives its deadline, and a new worker parses the next file', async () => {
    // 700 levels take about 20 s on an idle core (the measurement); a fresh, warm worker parses a small note in milliseconds.
    pool = createParsePool({ workers: 1, deadlineMs: 1000, limits: LAX });
    await expect(pool.parse('slow.md', deepList(700), [], [])).rejects.toThrow(
      /^slow\.md:1: took longer than 1 s to parse/,
    );
    expect((await pool.parse('next.md', note('next'), [], [])).title).toBe('next');
  });

  it('rejects a file that needs more memory than a worker may have, and a new worker parses the next file', async () => {
    pool = createParsePool({ workers: 1, memoryMb: 32, youngMemoryMb: 8, deadlineMs: 300_000, limits: LAX });
    const huge = Array.from({ length: 60_000 }, (_, i) => `- [item ${i}](https://x.io/${i}) *a* **b**`);
    await expect(pool.parse('huge.md', bytes(`# Huge\n\n${huge.join('\n')}\n`), [], [])).rejects.toThrow(
      /^huge\.md:1: needs more than 32 MB to parse$/,
    );
    expect((await pool.parse('next.md', note('next'), [], [])).title).toBe('next');
  }, 300_000);

  it('refuses files once closed', async () => {
    const closed = createParsePool({ workers: 1 });
    await closed.close();
    await expect(closed.parse('a.md', note('a'), [], [])).rejects.toThrow(/closed/);
  });
});
