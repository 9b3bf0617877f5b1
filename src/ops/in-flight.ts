/**
 * Work in flight, for a graceful shutdown: listeners run inside `track`, and `drain` resolves when all of
 * them have finished (or the deadline passes). Once draining, `accepting` is false and new work is turned away.
 */
export interface InFlight {
  track<T>(work: () => Promise<T>): Promise<T>;
  readonly accepting: boolean;
  readonly count: number;
  /** Stops accepting work and waits for what is running, at most `timeoutMs`; true if everything finished. */
  drain(timeoutMs: number): Promise<boolean>;
}

export function inFlight(): InFlight {
  let count = 0;
  let accepting = true;
  const idle: (() => void)[] = [];
  return {
    get accepting() {
      return accepting;
    },
    get count() {
      return count;
    },
    track: async (work) => {
      count++;
      try {
        return await work();
      } finally {
        count--;
        if (count === 0) for (const wake of idle.splice(0)) wake();
      }
    },
    drain: async (timeoutMs) => {
      accepting = false;
      if (count === 0) return true;
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        idle.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
  };
}
