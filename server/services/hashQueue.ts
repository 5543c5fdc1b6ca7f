/**
 * Password hashing (scrypt, 32 MiB and tens of milliseconds each) runs on libuv's small thread pool, which
 * file reads and compression share. A storm of sign-ins would otherwise queue hundreds of hashes there and
 * every other request behind them. This queue lets a few run at once and keeps a bounded line; past it the
 * attempt is refused at once (the caller answers "busy, try again") instead of waiting without end.
 *
 * A browser that proved itself before (a device cookie, docs/decisions/015) goes to the front of the line
 * and is never refused for a full one: the storm is made of strangers, the person is not.
 */
export class HashQueueFull extends Error {
  constructor() {
    super("Too many password checks are waiting.");
  }
}

export interface HashQueueOptions {
  /** Hashes running at once; libuv's pool has 4 threads, so 2 leaves room for everything else. */
  concurrency: number;
  /** Hashes waiting their turn; one more is refused. */
  maxWaiting: number;
}

// 100 waiting: fifty colleagues signing in at once after a meeting wait; a storm from many addresses is cut off.
export const defaultHashQueueOptions: HashQueueOptions = { concurrency: 2, maxWaiting: 100 };

export type HashQueue = ReturnType<typeof createHashQueue>;

export function createHashQueue(options: HashQueueOptions = defaultHashQueueOptions) {
  let running = 0;
  const waiting: { resume: () => void; first: boolean }[] = [];
  // A finished hash hands its place straight to the next in line, so nobody can slip in between.
  const next = () => {
    const following = waiting.shift();
    if (following) following.resume();
    else running--;
  };
  return {
    /** Runs `work` when a place is free, or throws HashQueueFull at once when the line is full. */
    async run<T>(work: () => Promise<T>, { first = false } = {}): Promise<T> {
      if (running < options.concurrency) running++;
      else {
        if (!first && waiting.length >= options.maxWaiting) throw new HashQueueFull();
        await new Promise<void>((resume) => {
          const ahead = first ? waiting.filter((w) => w.first).length : waiting.length;
          waiting.splice(ahead, 0, { resume, first });
        });
      }
      try {
        return await work();
      } finally {
        next();
      }
    },
    get size() {
      return { running, waiting: waiting.length };
    },
  };
}
