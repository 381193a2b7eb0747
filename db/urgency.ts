import { AsyncLocalStorage } from "node:async_hooks";

/**
 * How soon someone is waiting on a statement. When the database is busy (a burst of learners
 * opening conversations at once), statements wait for a connection; they are then served by
 * urgency instead of arrival, so every request's checks before its response go ahead of work
 * that an already-started response can do a moment later:
 * - `respond`: a request has not answered yet (the default: anything not marked otherwise);
 * - `stream`: its response has started (headers and first events are out) and the learner
 *   waits for the answer's first text;
 * - `after`: the learner already reads the answer; what is left is bookkeeping (storing the
 *   answer, the usage, the title).
 * Nothing is dropped or reordered within one urgency, and a statement that has waited
 * PROMOTE_AFTER_MS is served before anything newer whatever its urgency, so nothing starves.
 * With a free connection nothing waits at all.
 */
export type Urgency = "respond" | "stream" | "after";

const RANK: Record<Urgency, number> = { respond: 0, stream: 1, after: 2 };
const LANES = 3;

const scope = new AsyncLocalStorage<{ urgency: Urgency }>();

/** Runs `fn` (and everything it starts) at `urgency`. */
export function withUrgency<T>(urgency: Urgency, fn: () => T): T {
  return scope.run({ urgency }, fn);
}

/** Lowers the urgency of the current `withUrgency` scope from here on (never raises it). */
export function lowerUrgency(urgency: Urgency): void {
  const current = scope.getStore();
  if (current && RANK[urgency] > RANK[current.urgency]) current.urgency = urgency;
}

export function currentUrgency(): Urgency {
  return scope.getStore()?.urgency ?? "respond";
}

/** A waiter older than this is served first, whatever its urgency. */
export const PROMOTE_AFTER_MS = 2_500;

interface Waiter {
  since: number;
  grant(release: () => void): void;
  timer?: ReturnType<typeof setTimeout>;
}

export interface GateOptions {
  /**
   * Fail a wait longer than this as a database that is not answering (the message is the one
   * node-postgres gives for its own wait, which db/availability.ts reads as 503).
   */
  timeoutMs?: number;
  promoteAfterMs?: number;
  now?: () => number;
}

/**
 * At most `slots` holders at once (a pool's connections, statements in flight to the embedded
 * database's thread); waiters are served by urgency, then age (see above).
 */
export class UrgencyGate {
  private held = 0;
  private readonly lanes: Waiter[][] = Array.from({ length: LANES }, () => []);
  private readonly now: () => number;

  constructor(
    readonly slots: number,
    private readonly options: GateOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Waiting holders, per urgency (diagnostics and tests). */
  get waiting(): number[] {
    return this.lanes.map((lane) => lane.length);
  }

  /** Resolves with a release function once a slot is free; call it exactly once. */
  acquire(urgency: Urgency = currentUrgency()): Promise<() => void> {
    if (this.held < this.slots && this.lanes.every((lane) => lane.length === 0)) {
      this.held++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const lane = this.lanes[RANK[urgency]] as Waiter[];
      const waiter: Waiter = { since: this.now(), grant: resolve };
      const { timeoutMs } = this.options;
      if (timeoutMs !== undefined) {
        waiter.timer = setTimeout(() => {
          const at = lane.indexOf(waiter);
          if (at < 0) return;
          lane.splice(at, 1);
          reject(new Error("timeout exceeded when trying to connect (waiting for a free database connection)"));
        }, timeoutMs);
      }
      lane.push(waiter);
    });
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.held--;
      this.next();
    };
  }

  private next(): void {
    while (this.held < this.slots) {
      const waiter = this.take();
      if (!waiter) return;
      if (waiter.timer) clearTimeout(waiter.timer);
      this.held++;
      waiter.grant(this.releaser());
    }
  }

  /** The oldest waiter if it waited too long, else the first of the most urgent lane. */
  private take(): Waiter | undefined {
    const promoteAfter = this.options.promoteAfterMs ?? PROMOTE_AFTER_MS;
    let oldest: Waiter[] | undefined;
    for (const lane of this.lanes) {
      const head = lane[0];
      if (head && (!oldest || head.since < (oldest[0] as Waiter).since)) oldest = lane;
    }
    if (!oldest) return undefined;
    if (this.now() - (oldest[0] as Waiter).since >= promoteAfter) return oldest.shift();
    return this.lanes.find((lane) => lane.length > 0)?.shift();
  }
}
