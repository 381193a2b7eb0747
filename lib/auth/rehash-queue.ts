import { after } from "next/server";
import { withUrgency } from "@/db/urgency";

/** How many rehashes may wait at once; beyond that a sign-in leaves its hash as it is (see add). */
export const REHASH_QUEUE_CAPACITY = 256;

export type Enqueued = "queued" | "skipped";

/**
 * Work a sign-in leaves behind: replacing a verified legacy hash with the app's own scheme. It
 * runs after the response in this process, so a first sign-in costs what any sign-in costs
 * (one bcrypt verify); the jobs themselves take a hash slot only when no sign-in waits for one
 * (HashLimiter.runInBackground). The queue is bounded: when it is full the job is dropped, and
 * since the stored hash is still the legacy one, that user's next sign-in queues it again.
 * The password waits here in memory only, never on disk, for as long as the job waits. A job's
 * statements wait behind requests' when the database is busy (db/urgency.ts: `after`).
 */
export class RehashQueue {
  private readonly running = new Map<string, Promise<void>>();

  /** Tests shrink it to see what a full queue does. */
  constructor(public capacity: number) {}

  get size(): number {
    return this.running.size;
  }

  /**
   * Starts `job` unless one for the same `key` (the account and the hash being replaced) is
   * already waiting — two sign-ins at once need one rehash — or the queue is full.
   */
  add(key: string, job: () => Promise<void>): Enqueued {
    if (this.running.has(key)) return "queued";
    if (this.running.size >= this.capacity) return "skipped";
    const done = withUrgency("after", job)
      .catch((err) => console.error(`[rehash] ${(err as Error).message}`))
      .finally(() => this.running.delete(key));
    this.running.set(key, done);
    keepServerOpenFor(done);
    return "queued";
  }

  /** Resolves once every job added so far, and any added meanwhile, has finished. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }
}

/**
 * On SIGTERM `next start` closes the server and exits once its `after()` work has finished (see
 * its start-server cleanup), and on Vercel `after()` keeps the function alive: handing each job
 * to it is what drains the queue on a graceful stop. Outside a Next request (tests, scripts)
 * `after` throws; there the caller awaits `settled()` itself.
 */
function keepServerOpenFor(done: Promise<void>): void {
  try {
    after(done);
  } catch {
    // Not inside a Next request.
  }
}

const store = globalThis as unknown as { __intellistackRehashQueue?: RehashQueue };

/** The process's queue (one per process, like the hash limiter whose slots it borrows). */
export function rehashQueue(): RehashQueue {
  store.__intellistackRehashQueue ??= new RehashQueue(REHASH_QUEUE_CAPACITY);
  return store.__intellistackRehashQueue;
}
