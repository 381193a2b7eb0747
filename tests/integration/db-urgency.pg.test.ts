import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withUrgency } from "@/db/urgency";
import { createTestDatabase, type TestDatabase } from "../support/db";

/**
 * On a server database (node-postgres, and the Neon driver), statements that find every pooled
 * connection busy are served by urgency (db/urgency.ts), not in arrival order: a request's
 * checks before its response, then a started stream's work, then bookkeeping.
 */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
  if (t.config.driver === "pglite") throw new Error("this test needs a server database (npm run test:pg)");
  await t.db.execute(sql.raw("create table urgency_probe (seq serial primary key, label text)"));
});
afterAll(() => t.close());

const POOL_SIZE = 10;

describe("statements waiting for a pooled connection", () => {
  it("get one by urgency: a request's before a started stream's before bookkeeping", async () => {
    // Every connection held by an open transaction; each is let go on its own, one at a time.
    const releases: (() => void)[] = [];
    let ready = 0;
    const held = Array.from({ length: POOL_SIZE }, () =>
      t.db.transaction(async () => {
        ready++;
        await new Promise<void>((r) => releases.push(r));
      }),
    );
    while (ready < POOL_SIZE) await new Promise((r) => setTimeout(r, 5));

    // `.then` starts each statement now, in its caller's scope (a Drizzle query is lazy).
    const log = (label: string) =>
      t.db.execute(sql`insert into urgency_probe (label) values (${label})`).then(() => label);
    const waiting = [
      withUrgency("after", () => log("after")),
      withUrgency("stream", () => log("stream 1")),
      withUrgency("stream", () => log("stream 2")),
      log("respond"),
    ];
    await new Promise((r) => setTimeout(r, 20));
    expect(await labelsApart()).toEqual([]);

    for (let freed = 1; freed <= waiting.length; freed++) {
      releases.shift()?.();
      while ((await labelsApart()).length < freed) await new Promise((r) => setTimeout(r, 5));
    }
    for (const release of releases) release();
    await Promise.all([...held, ...waiting]);
    expect(await labelsApart()).toEqual(["respond", "stream 1", "stream 2", "after"]);
  });
});

/** The labels so far, read on a connection of its own (the pool's are all taken meanwhile). */
async function labelsApart(): Promise<string[]> {
  if (t.config.driver === "pglite") throw new Error("unreachable");
  const client = new pg.Client({ connectionString: t.config.url });
  await client.connect();
  try {
    const result = await client.query<{ label: string }>("select label from urgency_probe order by seq");
    return result.rows.map((r) => r.label);
  } finally {
    await client.end();
  }
}
