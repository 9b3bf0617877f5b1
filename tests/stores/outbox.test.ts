import { appendFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOutbox } from '../../src/stores/outbox.js';

const file = async () => path.join(await mkdtemp(path.join(tmpdir(), 'kubecon-outbox-')), 'outbox.jsonl');
const vote = (id: string) => ({ id, kind: 'feedback' as const, value: { query: id } });

describe('the outbox', () => {
  it('keeps records across a restart, one line each, until they are removed', async () => {
    const where = await file();
    const outbox = createOutbox({ file: where });
    await Promise.all(['a', 'b', 'c'].map((id) => outbox.append(vote(id))));
    expect((await readFile(where, 'utf8')).trim().split('\n')).toHaveLength(3);
    const again = createOutbox({ file: where });
    expect((await again.pending()).map((r) => r.id).sort()).toEqual(['a', 'b', 'c']);
    await again.remove(new Set(['a', 'c']));
    expect((await createOutbox({ file: where }).pending()).map((r) => r.id)).toEqual(['b']);
    expect(again.size()).toBe(1);
  });

  it('skips a torn last line, and starts the next record on a line of its own', async () => {
    const where = await file();
    await appendFile(where, `${JSON.stringify(vote('whole'))}\n{"id":"torn","kind":"feed`);
    const outbox = createOutbox({ file: where });
    await outbox.append(vote('next'));
    expect((await outbox.pending()).map((r) => r.id)).toEqual(['whole', 'next']);
  });

  it('refuses records past its capacity', async () => {
    const outbox = createOutbox({ file: await file(), capacity: 2 });
    await outbox.append(vote('1'));
    await outbox.append(vote('2'));
    await expect(outbox.append(vote('3'))).rejects.toThrow(/full/);
    expect(outbox.size()).toBe(2);
  });
});
