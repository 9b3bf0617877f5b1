/**
 * The child of the crash test (`crash.test.ts`): writes votes, declined questions and the daily tip's state
 * under DATA_DIR (argv[2]) in three loops at once, and prints `ack <kind> <id>` on stdout once each write has
 * resolved, until it is killed. Ids start with argv[3], so every run's records are told apart.
 */
import path from 'node:path';
import { fileFeedbackStore, fileGapStore, fileTipStore } from '../../src/stores/files.js';

const [dataDir = '', run = '0'] = process.argv.slice(2);
const onTorn = (file: string) => process.stderr.write(`torn ${file}\n`);
const feedback = fileFeedbackStore(dataDir, { onTorn });
const gaps = fileGapStore(dataDir, { onTorn });
const tips = fileTipStore({
  dir: path.join(dataDir, 'tips'),
  onCorrupt: (file) => process.stderr.write(`corrupt ${file}\n`),
});

/** Says a write is acknowledged: a pipe on Linux takes it synchronously, before the next write starts. */
const ack = (kind: string, id: string) => process.stdout.write(`ack ${kind} ${id}\n`);

/** Repeats one kind of write forever, acknowledging each. */
async function loop(kind: string, write: (id: string, n: number) => Promise<unknown>): Promise<void> {
  for (let n = 0; ; n++) {
    const id = `${run}-${n}`;
    await write(id, n);
    ack(kind, id);
  }
}

const at = new Date().toISOString();
await tips.claim('C1', '2026-03-30', new Date());
await Promise.all([
  loop('feedback', (id) => feedback.record({ sectionId: 's', query: id, value: 'helpful', at })),
  loop('gap', (id) => gaps.record({ query: id, source: 'command', at })),
  loop('rotation', (id, n) => tips.saveRotation({ order: [id], posted: Number(run) * 1e6 + n, cycle: 0 })),
  loop('day', (id) => tips.update('C1', '2026-03-30', { status: 'posted', tipId: id, ts: '1.2', at })),
]);
