import { Worker } from "node:worker_threads";
import { PGLITE_THREAD_CODE } from "./pglite-thread-code";
import { UrgencyGate } from "./urgency";

/**
 * Statements sent to the thread at once, outside transactions. The thread runs one at a time;
 * a few queued there keep it busy, and the rest wait here to be sent by urgency (urgency.ts).
 */
export const THREAD_IN_FLIGHT = 4;

/**
 * The embedded database (PGlite, Postgres compiled to WASM) on a thread of its own. In process,
 * every query runs its WASM on the event loop: under load the database's work and the server's
 * (rendering, streaming, auth) take turns on one core while the other idles. On its own thread
 * the database runs beside the server the way a Postgres server process does, and the event
 * loop only posts messages.
 *
 * The client answers the part of PGlite's interface Drizzle uses (`query`, `exec`,
 * `transaction`, `close`). A transaction holds PGlite's own lock on the thread, so other
 * statements wait for it as they would in process. Query results and errors cross as copies;
 * an error keeps its SQLSTATE `code`, constraint and detail. If the thread stops (a crash),
 * statements in flight fail as a lost connection would (503 `db:unavailable`) and the next
 * statement starts a new thread on the same folder.
 */

type Row = Record<string, unknown> | unknown[];
export interface Results {
  rows: Row[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}
export interface QueryOptions {
  rowMode?: "array" | "object";
  parsers?: Record<number, (value: string, typeId: number) => unknown>;
}
export interface Transaction {
  query(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results>;
  exec(sql: string, options?: QueryOptions): Promise<Results[]>;
  rollback(): Promise<void>;
  readonly closed: boolean;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

type Message =
  | { op: "query"; sql: string; params?: unknown[]; options?: ThreadOptions; tx?: number }
  | { op: "exec"; sql: string; options?: ThreadOptions; tx?: number }
  | { op: "begin" }
  | { op: "end"; tx: number; commit: boolean }
  | { op: "close" };

interface ThreadOptions {
  rowMode?: "array" | "object";
  rawTypes: number[];
}

/** Builds an Error on this side from the fields the thread sent. */
function rebuildError(fields: Record<string, unknown>): Error {
  const err = new Error(String(fields.message));
  Object.assign(err, fields);
  return err;
}

const PROBE = "\u0000probe";

/**
 * Functions cannot cross to the thread. Drizzle passes parsers only to keep some types as the
 * text Postgres sent (dates, intervals): those cross as type ids; any other parser is refused
 * rather than silently dropped.
 */
function threadOptions(options?: QueryOptions): ThreadOptions | undefined {
  if (!options) return undefined;
  const rawTypes: number[] = [];
  for (const [oid, parse] of Object.entries(options.parsers ?? {})) {
    if (parse(PROBE, Number(oid)) !== PROBE) {
      throw new Error(`the embedded database thread only keeps values as text; a parser for type ${oid} cannot cross`);
    }
    rawTypes.push(Number(oid));
  }
  return { rowMode: options.rowMode, rawTypes };
}

export class PgliteThread {
  private worker?: Worker;
  private started?: Promise<Worker>;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private readonly gate = new UrgencyGate(THREAD_IN_FLIGHT);

  private constructor(
    private readonly dataDir: string,
    /** A data directory dump for a new database; used by the first thread only. */
    private template?: Uint8Array,
  ) {}

  /** Starts the thread and opens (or creates, from `template` if given) the database in `dataDir`. */
  static async open(dataDir: string, template?: Blob): Promise<PgliteThread> {
    const client = new PgliteThread(dataDir, template ? new Uint8Array(await template.arrayBuffer()) : undefined);
    await client.start();
    return client;
  }

  async query(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results> {
    return this.call({ op: "query", sql, params, options: threadOptions(options) }) as Promise<Results>;
  }

  async exec(sql: string, options?: QueryOptions): Promise<Results[]> {
    return this.call({ op: "exec", sql, options: threadOptions(options) }) as Promise<Results[]>;
  }

  /** Runs `callback` in a transaction: committed when it returns, rolled back when it throws. */
  async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    const id = (await this.call({ op: "begin" })) as number;
    let closed = false;
    const open = () => {
      if (closed) throw new Error("Transaction is closed");
    };
    const tx: Transaction = {
      query: async (sql, params, options) => {
        open();
        return (await this.call({ op: "query", sql, params, options: threadOptions(options), tx: id })) as Results;
      },
      exec: async (sql, options) => {
        open();
        return (await this.call({ op: "exec", sql, options: threadOptions(options), tx: id })) as Results[];
      },
      rollback: async () => {
        open();
        closed = true;
        await this.call({ op: "end", tx: id, commit: false });
      },
      get closed() {
        return closed;
      },
    };
    let result: T;
    try {
      result = await callback(tx);
    } catch (err) {
      if (!closed) {
        closed = true;
        await this.call({ op: "end", tx: id, commit: false }).catch(() => {});
      }
      throw err;
    }
    if (!closed) {
      closed = true;
      await this.call({ op: "end", tx: id, commit: true });
    }
    return result;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const worker = await this.started?.catch(() => undefined);
    if (!worker) return;
    await this.send(worker, { op: "close" }).catch(() => {});
    await worker.terminate();
  }

  /** Tests: stop the thread as a crash would. */
  async crashForTest(): Promise<void> {
    await this.worker?.terminate();
  }

  private async call(message: Message): Promise<unknown> {
    // A transaction's own statements, and its end, never wait behind statements its lock holds up.
    const inTransaction = "tx" in message && message.tx !== undefined;
    const release = inTransaction ? null : await this.gate.acquire();
    try {
      if (this.closed) throw new Error("Connection terminated: the embedded database was closed");
      return await this.send(await this.start(), message);
    } finally {
      release?.();
    }
  }

  private send(worker: Worker, message: Message): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) worker.ref(); // a statement in flight keeps the process alive
      worker.postMessage({ ...message, id });
    });
  }

  private settle(id: number, outcome: { result?: unknown; error?: Record<string, unknown> }): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref();
    if (outcome.error) pending.reject(rebuildError(outcome.error));
    else pending.resolve(outcome.result);
  }

  private start(): Promise<Worker> {
    this.started ??= new Promise<Worker>((resolve, reject) => {
      const workerData = { dataDir: this.dataDir, template: this.template };
      const worker = new Worker(PGLITE_THREAD_CODE, { eval: true, workerData });
      this.worker = worker;
      worker.on("message", (m: { ready?: true; id?: number; result?: unknown; error?: Record<string, unknown> }) => {
        if (!m.ready) return this.settle(m.id as number, m);
        if (m.error) {
          reject(rebuildError(m.error));
          void worker.terminate();
          return;
        }
        this.template = undefined;
        if (this.pending.size === 0) worker.unref();
        resolve(worker);
      });
      worker.on("error", (err) => this.stopped(worker, err, reject));
      worker.on("exit", (code) => this.stopped(worker, new Error(`exit code ${code}`), reject));
    });
    return this.started;
  }

  // Whatever was in flight is lost with the thread; the next statement starts a new one.
  private stopped(worker: Worker, cause: Error, rejectStart: (err: Error) => void): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.started = undefined;
    const err = new Error(`Connection terminated: the embedded database thread stopped (${cause.message})`, { cause });
    rejectStart(err);
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(err);
  }
}
