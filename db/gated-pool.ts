import { UrgencyGate } from "./urgency";

type Query = (config: unknown, values?: unknown, ...rest: unknown[]) => unknown;
interface Checkout {
  release: (err?: unknown) => unknown;
}
interface PoolLike {
  query: Query;
  connect: (...args: unknown[]) => unknown;
  options?: { max?: number };
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
      // The pool sets a new `release` at every checkout, so this wrapper lasts one checkout.
      const done = client.release.bind(client);
      client.release = (err?: unknown) => {
        release();
        return done(err);
      };
      return client;
    });
  }) as P["connect"];
  return pool;
}
