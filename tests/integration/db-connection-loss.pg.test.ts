import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/db/client";
import { expectLogged } from "../support/console";
import { testDriver } from "../support/db";
import type { FreezeProxy } from "../support/freeze-proxy";
import { openProxiedDatabase, type ProxiedDatabase } from "../support/proxied-db";

/**
 * A database restart or failover closes every pooled connection, some of them in the middle of
 * a statement. The pool must come out whole: Drizzle's transaction sends `begin` outside its
 * try, so a connection whose `begin` failed was never handed back, and ten such held the pool's
 * ten connections (and the urgency gate's ten slots) for good: every later statement timed out
 * waiting, a 503 until the app restarted. A connection lost while it sat idle, in the pool or
 * between a checkout's statements, raised an `error` event nobody listened to (an uncaught
 * exception). Runs on node-postgres and the Neon driver (npm run test:pg), through a TCP proxy
 * that cuts the connections as a restart would.
 */
let db: ProxiedDatabase;
let proxy: FreezeProxy;
let through: DbHandle;

beforeAll(async () => {
  db = await openProxiedDatabase();
  ({ proxy, through } = db);
}, 120_000);
afterAll(() => db?.close());

const POOL = 10;
const each = <T>(fn: () => Promise<T>) => Promise.all(Array.from({ length: POOL }, fn));
/** Opens all the pool's connections and leaves them idle. */
const fillPool = () => each(() => through.db.execute(sql`select pg_sleep(0.05)`));
const one = async () => {
  const result = (await through.db.execute(sql`select 1 as one`)) as unknown as { rows: { one: number }[] };
  return result.rows[0]?.one;
};

async function until(done: () => boolean) {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(done()).toBe(true);
}

describe(`pooled connections closed by a database restart (${testDriver()})`, () => {
  it("a transaction whose `begin` was cut off gives its connection back", async () => {
    expectLogged(/\[db\] a pooled connection closed/, "warn");
    await fillPool();
    proxy.freeze();
    const transactions = Array.from({ length: POOL }, () =>
      through.db.transaction(async (tx) => tx.execute(sql`select 1`)),
    );
    await until(() => proxy.heldFromApp() >= POOL); // every `begin` is on its way
    proxy.sever();
    proxy.thaw();
    const settled = await Promise.allSettled(transactions);
    expect(settled.map((s) => s.status)).toEqual(Array(POOL).fill("rejected"));
    // Held connections would leave nothing for these: each would wait out the connect timeout.
    expect(await each(one)).toEqual(Array(POOL).fill(1));
  }, 60_000);

  it("connections lost while idle in the pool are dropped, logged, and replaced", async () => {
    expectLogged(/\[db\] a pooled connection closed/, "warn");
    await fillPool();
    proxy.sever();
    // A statement sent before the close arrives fails like any sent during an outage (a 503);
    // once it has arrived, the pool has dropped the closed connections and opens new ones.
    await until(() => vi.mocked(console.warn).mock.calls.length >= POOL);
    expect(await each(one)).toEqual(Array(POOL).fill(1));
  }, 60_000);

  it("a connection lost between a transaction's statements fails that transaction alone", async () => {
    expectLogged(/\[db\] a pooled connection closed/, "warn");
    let cut: () => void = () => {};
    const cutDone = new Promise<void>((resolve) => {
      cut = resolve;
    });
    const transaction = through.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      proxy.sever();
      await cutDone; // the close reaches the checked-out connection while it is idle
      await tx.execute(sql`select 2`);
    });
    await new Promise((r) => setTimeout(r, 200));
    cut();
    await expect(transaction).rejects.toThrow();
    expect(await each(one)).toEqual(Array(POOL).fill(1));
  }, 60_000);

  it("a statement the server refuses keeps its connection", async () => {
    const pids = async () => {
      const rows = await each(async () => {
        const result = (await through.db.execute(sql`select pg_backend_pid() as pid, pg_sleep(0.05)`)) as unknown as {
          rows: { pid: number }[];
        };
        return result.rows[0]?.pid;
      });
      return new Set(rows);
    };
    const before = await pids();
    expect(before.size).toBe(POOL);
    const refused = through.db.transaction(async (tx) => tx.execute(sql`select no_such_column from pg_class`));
    await expect(refused).rejects.toThrow(/no_such_column/);
    expect(await pids()).toEqual(before);
  }, 60_000);
});
