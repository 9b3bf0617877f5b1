import { parseRotation, type TipStore } from '../core/stores.js';
import type { Rotation } from '../core/types.js';
import type { Logger } from '../logger.js';
import { readOptional, writeFileAtomic } from './file-io.js';

/**
 * A durable copy of the tip rotation in a file under DATA_DIR, beside a store that may lose it (Redis
 * restarted without persistence). Written whenever the rotation is saved or read back changed, so a
 * replica's copy follows the others' posts too; read only to rebuild a lost rotation (daily-tip.ts).
 */

export interface CopiedTipStore {
  readonly tips: TipStore;
  /** The copy, or undefined when there is none or it cannot be read. */
  readonly rotationCopy: () => Promise<Rotation | undefined>;
}

export function withRotationCopy(store: TipStore, file: string, logger: Logger): CopiedTipStore {
  let written: string | undefined;
  /** Keeps the copy in step; a failure is logged, never in the way of the tip. */
  const keep = async (rotation: Rotation) => {
    const text = JSON.stringify(rotation);
    if (text === written) return;
    try {
      await writeFileAtomic(file, text);
      written = text;
    } catch (error) {
      logger.warn({ err: error }, 'daily tip: could not write the copy of the rotation');
    }
  };
  return {
    tips: {
      ...store,
      rotation: async () => {
        const rotation = await store.rotation();
        if (rotation !== undefined) await keep(rotation);
        return rotation;
      },
      saveRotation: async (rotation) => {
        await store.saveRotation(rotation);
        await keep(rotation);
      },
    },
    rotationCopy: async () => {
      try {
        const text = await readOptional(file);
        return text === undefined ? undefined : parseRotation(text);
      } catch {
        return undefined;
      }
    },
  };
}
