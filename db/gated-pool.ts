import { UrgencyGate } from "./urgency";

type Query = (config: unknown, values?: unknown, ...rest: unknown[]) => unknown;
type Listener = (err: Error) => void;
interface Checkout {
  query: Query;
  release: (err?: unknown) => unknown;
  on(event: "error", listener: Listener): unknown;
  removeListener(event: "error", listener: Listener): unknown;
}
interface PoolLike {
  query: Query;
  connect: (...args: unknown[]) => unknown;
  on(event: "error", listener: Listener): unknown;
  options?: { max?: number };
}

// SQLSTATE class 08 (connection exception) and 57P01-57P03 (the server is shutting down or
// restarting): the server ended the connection, as against refusing one statement.
const ENDED_BY_SERVER = /^(08...|57P0[123])$/;

/**
 * Whether a failed statement lost its connection: no answer from the server (the connection
 * closed, or the read timeout cut it off, leaving it in an unknown state), or an answer that
 * ends the connection. A statement the server refused (a constraint, a syntax error) keeps it.
 */
export function connectionLost(err: unknown): boolean {
  const e = err as { code?: unknown; severity?: unknown } | null;
  if (typeof e?.code !== "string" || typeof e.severity !== "string") return true;
  return ENDED_BY_SERVER.test(e.code);
}

const logLost: Listener = (err) => console.warn(`[db] a pooled connection closed: ${err.message}`);

/**
 * One checkout of a pooled connection, with its gate slot. A statement that loses the
 * connection hands it back at once, with the error so the pool drops it: Drizzle's transaction
 * sends `begin` before its `try`, and never releases a connection whose `begin` failed (after a
 * database restart, ten such held the pool and the gate for good). The holder's own release
 * afterwards does nothing. A connection that closes between statements is logged, not thrown
 * (nothing else listens while it is checked out).
 */
function checkout(client: Checkout, freeSlot: () => void): Checkout {
  const release = client.release.bind(client);
  const query = client.query;
  let lost = false;
  let returned = false;
  const handBack = (err?: unknown) => {
    if (lost) return; // handed back already, when the connection was lost
    if (!returned) {
      returned = true;
      client.removeListener("error", logLost);
      // The statement wrapper is this checkout's own; the pool's next one gets the plain client.
      Reflect.deleteProperty(client, "query");
      freeSlot();
    }
    return release(err);
  };
  client.on("error", logLost);
  client.query = (...args: Parameters<Query>) => {
    const result = query.apply(client, args) as Promise<unknown> | undefined;
    // Callback forms and submittables (cursors) are the caller's to handle.
    if (typeof result?.then !== "function") return result;
    return result.catch((err: unknown) => {
      if (!returned && connectionLost(err)) {
        handBack(err);
        lost = true;
      }
      throw err;
    });
  };
  client.release = handBack;
  return client;
}

/**
 * Puts an UrgencyGate (urgency.ts) in front of a node-postgres-style pool with as many slots as
 * the pool has connections: a statement (`pool.query`) holds a slot while it runs, a checked-out
 * connection (`pool.connect`, a transaction) until it is released. The pool's own queue, first
 * come first served, then stays empty; the gate's serves by urgency. A wait longer than the
 * pool's connect timeout fails as the pool's would (a 503 `db:unavailable`). Callback forms pass
 * through ungated (neither Drizzle nor better-auth uses them).
 */
export function gatePool<P extends PoolLike>(pool: P, timeoutMs: number): P {
  const gate = new UrgencyGate(pool.options?.max ?? 10, { timeoutMs });
  const query = pool.query.bind(pool) as Query;
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  // An idle pooled connection that closes (a restart, a failover) is dropped by the pool, which
  // then emits `error`: unheard, that is an uncaught exception.
  pool.on("error", logLost);

  pool.query = ((config: unknown, values?: unknown, ...rest: unknown[]) => {
    if (typeof values === "function" || rest.length > 0) return query(config, values, ...rest);
    return gate.acquire().then(async (release) => {
      try {
        return await (query(config, values) as Promise<unknown>);
      } finally {
        release();
      }
    });
  }) as P["query"];

  pool.connect = ((...args: unknown[]) => {
    if (args.length > 0) return connect(...args);
    return gate.acquire().then(async (release) => {
      let client: Checkout;
      try {
        client = (await connect()) as Checkout;
      } catch (err) {
        release();
        throw err;
      }
      // The pool sets a new `release` at every checkout, so the wrapper lasts one checkout.
      return checkout(client, release);
    });
  }) as P["connect"];
  return pool;
}
