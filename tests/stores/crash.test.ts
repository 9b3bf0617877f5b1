import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDayRecord, parseRotation } from '../../src/core/stores.js';

/**
 * Kills a process (SIGKILL) at random moments while it writes votes, declined questions and the daily tip's
 * state, then checks the files: every line and file parses, and no write the process acknowledged is lost.
 * This catches a rewrite that is not atomic and an append that can tear; the fsync order (what survives a
 * power cut, not just a crash) is checked by file-io.test.ts.
 */

const CRASH_OPTIONS = {
  /** Processes started and killed, one after the other, over the same DATA_DIR. */
  iterations: 20,
  /** The kill comes at a random moment up to this long after the child's first acknowledged write. */
  maxKillDelayMs: 250,
};

const WRITER = path.join(import.meta.dirname, 'crash-writer.ts');

interface Acks {
  feedback: string[];
  gap: string[];
  rotation: string[];
  day: string[];
}

/** Runs the writer until a random moment after its first acknowledged write, then kills it; its acks. */
async function runAndKill(dataDir: string, run: number): Promise<Acks> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, String(run)], {
    cwd: path.join(import.meta.dirname, '../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk) => {
    err += chunk;
  });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('ack ')) resolve();
    });
    child.on('close', () => reject(new Error(`the writer exited before writing: ${err}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, Math.random() * CRASH_OPTIONS.maxKillDelayMs));
  child.kill('SIGKILL');
  await exited;
  const acks: Acks = { feedback: [], gap: [], rotation: [], day: [] };
  for (const line of out.split('\n')) {
    const [word, kind, id] = line.split(' ');
    if (word === 'ack' && kind !== undefined && id !== undefined) acks[kind as keyof Acks].push(id);
  }
  return acks;
}

/** The ids in a JSON Lines file, and its lines that do not parse. */
async function readLines(file: string, field: string): Promise<{ ids: Set<string>; corrupt: string[] }> {
  const ids = new Set<string>();
  const corrupt: string[] = [];
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    if (line === '') continue;
    try {
      ids.add((JSON.parse(line) as Record<string, string>)[field] ?? '');
    } catch {
      corrupt.push(line);
    }
  }
  return { ids, corrupt };
}

/** The id after `id` (`3-7` -> `3-8`): the write that may have been in flight when the kill came. */
const next = (id: string | undefined) => id?.replace(/\d+$/, (n) => String(Number(n) + 1));

describe('the file stores under SIGKILL', () => {
  it('keep every file parseable and every acknowledged write, however often the process is killed', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'kubecon-crash-'));
    const acked = { feedback: new Set<string>(), gap: new Set<string>() };
    let lost = 0;
    let writes = 0;
    for (let run = 0; run < CRASH_OPTIONS.iterations; run++) {
      const acks = await runAndKill(dataDir, run);
      for (const id of acks.feedback) acked.feedback.add(id);
      for (const id of acks.gap) acked.gap.add(id);
      writes += acks.feedback.length + acks.gap.length + acks.rotation.length + acks.day.length;

      const votes = await readLines(path.join(dataDir, 'feedback.jsonl'), 'query');
      const declined = await readLines(path.join(dataDir, 'gaps.jsonl'), 'query');
      expect([...votes.corrupt, ...declined.corrupt], `run ${run}: torn lines`).toEqual([]);
      const lostNow = [
        ...[...acked.feedback].filter((id) => !votes.ids.has(id)),
        ...[...acked.gap].filter((id) => !declined.ids.has(id)),
      ];
      lost += lostNow.length;
      expect(lostNow, `run ${run}: acknowledged records lost`).toEqual([]);

      const rotation = parseRotation(await readFile(path.join(dataDir, 'tips/rotation.json'), 'utf8'));
      const lastRotation = acks.rotation.at(-1);
      if (lastRotation !== undefined) expect([lastRotation, next(lastRotation)]).toContain(rotation.order[0]);
      const day = parseDayRecord(await readFile(path.join(dataDir, 'tips/days/C1/2026-03-30.json'), 'utf8'));
      expect(day, `run ${run}: the day record`).not.toBe('corrupt');
      const lastDay = acks.day.at(-1);
      if (lastDay !== undefined && day !== 'corrupt') expect([lastDay, next(lastDay)]).toContain(day.tipId);
    }
    const leftovers = (await readdir(path.join(dataDir, 'tips'))).filter((f) => f.endsWith('.tmp'));
    console.info(
      `crash test: ${CRASH_OPTIONS.iterations} kills, ${writes} acknowledged writes ` +
        `(${acked.feedback.size} votes, ${acked.gap.size} declined questions), ${lost} lost, 0 corrupt; ` +
        `${leftovers.length} temporary files left by kills mid-rewrite`,
    );
    expect(acked.feedback.size).toBeGreaterThan(0);
  }, 180_000);
});
