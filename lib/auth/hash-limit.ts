import { availableParallelism } from "node:os";

/**
 * At most one password hash per core at a time. scrypt (and bcrypt) saturate a core each, and
 * they run on libuv's thread pool (4 threads by default), where the session cookie's HMAC,
 * file reads and DNS also wait: a burst of 16 sign-ins would queue every other request's
 * crypto behind them. Beyond one per core, more hashes in flight add no throughput, only that
 * queue; they wait here instead, in order, without blocking anything.
 */
export class HashLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  // Work nobody is waiting for (the rehash after a legacy sign-in): served only when `waiting` is empty.
  private readonly background: (() => void)[] = [];

  constructor(readonly limit: number) {
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
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    return this.holding(task);
  }

  /**
   * Like `run`, for work no request is waiting for: it takes a slot only when one is free and no
   * `run` caller is waiting, so under a burst every sign-in goes first and this work drains once
   * the burst has passed. A slot it already holds is not taken back (a hash cannot be paused).
   */
  async runInBackground<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit || this.waiting.length > 0 || this.background.length > 0) {
      await new Promise<void>((resolve) => this.background.push(resolve));
    } else this.active++;
    return this.holding(task);
  }

  private async holding<T>(task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next in line, so `active` never dips and lets a newcomer
      // jump the queue; requests before background work.
      const next = this.waiting.shift() ?? this.background.shift();
      if (next) next();
      else this.active--;
    }
  }
}

const store = globalThis as unknown as { __intellistackHashLimiter?: HashLimiter };

/** The process's limiter: one slot per core this process may use (at most 4, the thread pool's size). */
export function hashLimiter(): HashLimiter {
  store.__intellistackHashLimiter ??= new HashLimiter(Math.max(1, Math.min(availableParallelism(), 4)));
  return store.__intellistackHashLimiter;
}

/** Wraps a hash or verify function so every call takes a slot. */
export function limitHashing<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return (...args) => hashLimiter().run(() => fn(...args));
}
