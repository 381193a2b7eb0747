import { availableParallelism } from "node:os";

/**
 * At most one password hash per core at a time. scrypt (and bcrypt) saturate a core each, and
 * they run on libuv's thread pool (4 threads by default), where the session cookie's HMAC,
 * file reads and DNS also wait: a burst of 16 sign-ins would queue every other request's
 * crypto behind them. Beyond one per core, more hashes in flight add no throughput, only that
 * queue; they wait here instead, in order, without blocking anything.
 */
/**
 * How long request hashing must have been idle before background work starts. A hash cannot be
 * paused, so background work that starts in the short gap between two sign-ins' hashes (each
 * sign-in spends most of its time in the database) makes the next sign-in wait for it; during a
 * burst those gaps are shorter than this, so the backlog waits for the burst to end.
 */
export const BACKGROUND_QUIET_MS = 100;

export class HashLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  // Work nobody is waiting for (the rehash after a legacy sign-in), started by `pump` only.
  private readonly background: (() => void)[] = [];
  private requestsInFlight = 0;
  private lastRequestAt = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly limit: number,
    private readonly quietMs = BACKGROUND_QUIET_MS,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error("the hash limit must be a positive integer");
  }

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  get queuedInBackground(): number {
    return this.background.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    this.requestsInFlight++;
    this.lastRequestAt = performance.now();
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      this.requestsInFlight--;
      this.lastRequestAt = performance.now();
      this.release();
    }
  }

  /**
   * Like `run`, for work no request is waiting for: it takes a slot only while no request is
   * hashing or waiting to, and none has for `quietMs`, so under a burst every sign-in goes first
   * and this work drains once the burst has passed. Started work is not taken back.
   */
  async runInBackground<T>(task: () => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => {
      this.background.push(resolve);
      this.pump();
    });
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  // Hand the slot straight to the next request in line, so `active` never dips and lets a
  // newcomer jump the queue; otherwise it is free for background work.
  private release(): void {
    const next = this.waiting.shift();
    if (next) {
      next();
      return;
    }
    this.active--;
    this.pump();
  }

  private pump(): void {
    while (this.background.length > 0 && this.active < this.limit) {
      if (this.requestsInFlight > 0) return; // their release pumps again
      const quietFor = performance.now() - this.lastRequestAt;
      if (quietFor < this.quietMs) {
        this.timer ??= setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, this.quietMs - quietFor);
        return;
      }
      this.active++;
      this.background.shift()?.();
    }
  }
}

const store = globalThis as unknown as { __intellistackHashLimiter?: HashLimiter };

/** Hashes that may run at once: one per core this process may use, at most 4. */
export const hashSlots = () => Math.max(1, Math.min(availableParallelism(), 4));

/** The process's limiter: `hashSlots()` slots. */
export function hashLimiter(): HashLimiter {
  store.__intellistackHashLimiter ??= new HashLimiter(hashSlots());
  return store.__intellistackHashLimiter;
}

/** Wraps a hash or verify function so every call takes a slot. */
export function limitHashing<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return (...args) => hashLimiter().run(() => fn(...args));
}
