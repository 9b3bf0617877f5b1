import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDayRecord, parseRotation, type TipStore } from '../../src/core/stores.js';
import { createLogger } from '../../src/logger.js';
import { createStores, KEY_PREFIX, type Stores } from '../../src/stores/create-stores.js';
import { fileFeedbackStore, fileTipStore } from '../../src/stores/files.js';
import { memoryKeySet } from '../../src/stores/memory.js';
import { redisStores } from '../../src/stores/redis.js';
import { client, REDIS_URL, uniquePrefix } from '../redis-env.js';

const quiet = createLogger({
  level: 'error',
  secrets: [],
  destination: { write: () => true },
});
const tempDir = () => mkdtemp(path.join(tmpdir(), 'kubecon-stores-'));

type Backend = 'memory' | 'files' | 'redis';
let redis: Redis | undefined;
beforeAll(() => {
  redis = REDIS_URL !== undefined ? client() : undefined;
});
afterAll(async () => {
  await redis?.quit();
});

/** The same stores on each backend (Redis only when REDIS_URL is set), fresh for every test. */
async function open(
  backend: Backend,
): Promise<Omit<Stores, 'connect' | 'close' | 'redisStatus' | 'buffered'>> {
  if (backend === 'redis' && redis) {
    return { ...redisStores(redis, uniquePrefix(), () => {}) };
  }
  return createStores({ dataDir: await tempDir() }, { logger: quiet, memory: backend === 'memory' });
}

const backends: Backend[] = ['memory', 'files', ...(REDIS_URL !== undefined ? (['redis'] as const) : [])];

describe.each(backends)('the %s stores', (backend) => {
  it('keep votes and declined questions in the order they came', async () => {
    const { feedback, gaps } = await open(backend);
    await feedback.record({ sectionId: 's1', query: 'istio', value: 'helpful', at: 't1' });
    await feedback.record({ sectionId: 's2', query: 'loki', value: 'unhelpful', at: 't2' });
    await gaps.record({ query: 'kafka', source: 'command', at: 't3' });
    expect((await feedback.list()).map((v) => v.sectionId)).toEqual(['s1', 's2']);
    expect(await gaps.list()).toEqual([{ query: 'kafka', source: 'command', at: 't3' }]);
  });

  it('say a key is new the first time only', async () => {
    const { seenEvents, threads } = await open(backend);
    expect(await seenEvents.add('Ev1')).toBe(true);
    expect(await seenEvents.add('Ev1')).toBe(false);
    expect(await seenEvents.has('Ev1')).toBe(true);
    expect(await threads.has('C1:1.2')).toBe(false);
  });

  it('give a day to one claim only, until it is released', async () => {
    const { tips } = await open(backend);
    const at = new Date('2026-03-30T08:30:00Z');
    const claims = await Promise.all(Array.from({ length: 10 }, () => tips.claim('C1', '2026-03-30', at)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await tips.record('C1', '2026-03-30')).toEqual({ status: 'claimed', at: at.toISOString() });
    await tips.update('C1', '2026-03-30', { status: 'posted', tipId: 't1', ts: '1.2', at: at.toISOString() });
    expect(await tips.record('C1', '2026-03-30')).toMatchObject({ status: 'posted', tipId: 't1' });
    expect(await tips.claim('C1', '2026-03-30', at)).toBe(false);
    await tips.release('C1', '2026-03-31');
    expect(await tips.claim('C1', '2026-03-31', at)).toBe(true);
    await tips.release('C1', '2026-03-31');
    expect(await tips.record('C1', '2026-03-31')).toBeUndefined();
  });

  it('give each user a minute’s questions from one bucket that refills over the minute', async () => {
    const { rateLimit } = await open(backend);
    const t0 = 1_700_000_000_000;
    const first = [];
    for (let i = 0; i < 3; i++) first.push(await rateLimit.take('U1', 2, t0));
    expect(first).toEqual([true, true, false]);
    expect(await rateLimit.take('U2', 2, t0)).toBe(true);
    expect(await rateLimit.take('U1', 2, t0 + 30_000)).toBe(true); // half a minute: one token back
    expect(await rateLimit.take('U1', 2, t0 + 30_000)).toBe(false);
    expect(await rateLimit.take('U1', 2, t0 + 20_000)).toBe(false); // a clock behind gives nothing back
  });

  it('keep the rotation', async () => {
    const { tips } = await open(backend);
    expect(await tips.rotation()).toBeUndefined();
    await tips.saveRotation({ order: ['a', 'b'], posted: 1, cycle: 2 });
    expect(await tips.rotation()).toEqual({ order: ['a', 'b'], posted: 1, cycle: 2 });
  });
});

describe('stored records read back', () => {
  it.each([
    ['not JSON', '{"order": [tru'],
    ['no order', '{"posted": 0, "cycle": 0}'],
    ['ids that are not strings', '{"order": [1, 2], "posted": 0, "cycle": 0}'],
    ['a count that is not a number', '{"order": ["a"], "posted": "1", "cycle": 0}'],
    ['null', 'null'],
  ])('reject a rotation with %s', (_, text) => {
    expect(() => parseRotation(text)).toThrow();
  });

  it.each([
    ['not JSON', '{"status": "cla'],
    ['an unknown status', '{"status": "done", "at": "2026-03-30T08:30:00Z"}'],
    ['no time', '{"status": "claimed"}'],
  ])('read a day record with %s as corrupt', (_, text) => {
    expect(parseDayRecord(text)).toBe('corrupt');
  });

  it('set a corrupt rotation file aside, and tell', async () => {
    const dir = await tempDir();
    const told: string[] = [];
    const tips: TipStore = fileTipStore({ dir, onCorrupt: (file) => told.push(file) });
    await writeFile(path.join(dir, 'rotation.json'), '{"order": "abc"}');
    expect(await tips.rotation()).toBeUndefined();
    expect(told).toEqual([expect.stringMatching(/rotation\.json\.corrupt-\d+$/)]);
    expect(await readFile(told[0] ?? '', 'utf8')).toBe('{"order": "abc"}');
  });

  it('skip a torn last line of a JSON Lines file', async () => {
    const dir = await tempDir();
    await writeFile(
      path.join(dir, 'feedback.jsonl'),
      '{"sectionId":"s","query":"q","value":"helpful","at":"t"}\n{"sectionId":"s2","que',
    );
    expect(await fileFeedbackStore(dir).list()).toHaveLength(1);
  });
});

describe('memoryKeySet', () => {
  it('forgets the oldest key once full', async () => {
    const keys = memoryKeySet(2);
    for (const k of ['a', 'b', 'c']) await keys.add(k);
    expect([await keys.has('a'), await keys.has('b'), await keys.has('c')]).toEqual([false, true, true]);
  });
});

describe('createStores', () => {
  it('keeps state in files under DATA_DIR without REDIS_URL', async () => {
    const dataDir = await tempDir();
    const stores = createStores({ dataDir }, { logger: quiet });
    await stores.connect();
    await stores.gaps.record({ query: 'kafka', source: 'command', at: 't' });
    expect(await readFile(path.join(dataDir, 'gaps.jsonl'), 'utf8')).toContain('kafka');
    expect(stores.redisStatus()).toBeUndefined();
    await stores.close();
  });

  it('keeps nothing on disk in memory mode', async () => {
    const dataDir = await tempDir();
    const stores = createStores({ dataDir }, { logger: quiet, memory: true });
    await stores.gaps.record({ query: 'kafka', source: 'command', at: 't' });
    await expect(readFile(path.join(dataDir, 'gaps.jsonl'), 'utf8')).rejects.toThrow();
  });

  it.runIf(REDIS_URL !== undefined)('keeps state in Redis under one prefix with REDIS_URL', async () => {
    const stores = createStores({ dataDir: await tempDir(), redisUrl: REDIS_URL ?? '' }, { logger: quiet });
    await stores.connect();
    expect(stores.redisStatus()).toBe('ready');
    const query = `kafka-${Date.now()}`;
    await stores.gaps.record({ query, source: 'command', at: 't' });
    expect(await redis?.lrange(`${KEY_PREFIX}gaps`, -1, -1)).toEqual([expect.stringContaining(query)]);
    await redis?.rpop(`${KEY_PREFIX}gaps`);
    await stores.close();
  });
});
