import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { createTestDatabase, type TestDatabase } from "../support/db";

/**
 * Named statements on a real server (node-postgres, and the Neon driver through the local
 * WebSocket proxy): each connection parses a statement once and then only runs it, a migration
 * that changes a column's type under a kept statement costs no failed request, and statements
 * of several commands still run. Sequential calls reuse the pool's last idle connection, so
 * pg_prepared_statements (per connection) shows what that connection kept.
 */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
  if (t.config.driver === "pglite") throw new Error("this test needs a server database (npm run test:pg)");
  await t.db.execute(
    sql.raw("create table named_probe (id int primary key, v int); insert into named_probe values (1, 10)"),
  );
});
afterAll(() => t.close());

const rows = async <T>(query: ReturnType<typeof sql.raw>) =>
  ((await t.db.execute(query)) as unknown as { rows: T[] }).rows;

const kept = () =>
  rows<{ name: string; runs: string | number }>(
    sql.raw(
      "select name, generic_plans + custom_plans as runs from pg_prepared_statements where statement like '%named_probe%'",
    ),
  );

const probe = async () =>
  (await rows<{ v: unknown }>(sql`select v from named_probe where id = ${1}`))[0] as { v: unknown };

describe("named statements", () => {
  it("are parsed once per connection and then only run", async () => {
    for (let i = 0; i < 7; i++) expect(Number((await probe()).v)).toBe(10);
    const statements = await kept();
    expect(statements).toHaveLength(1);
    expect(statements[0]?.name).toMatch(/^s0_/);
    expect(Number(statements[0]?.runs)).toBe(7);
  });

  it("survive a column whose type changed under them: the request still gets its rows", async () => {
    await t.db.execute(sql.raw("alter table named_probe alter column v type bigint"));
    expect(Number((await probe()).v)).toBe(10);
    expect(Number((await probe()).v)).toBe(10);
    // The failed run's connection is dropped by the pool (pg-pool ends a client on an error);
    // the text has a new name, so no other connection runs the dead statement either.
    expect((await kept()).map((r) => r.name.slice(0, 3))).toEqual(["s1_"]);
  });

  it("are not used when DATABASE_NAMED_STATEMENTS is off (a pooler that cannot keep them)", async () => {
    if (t.config.driver === "pglite") throw new Error("unreachable");
    const plain = await openDatabase({ ...t.config, namedStatements: false });
    try {
      await plain.db.execute(sql`select v from named_probe where id = ${1}`);
      const kept = (await plain.db.execute(sql.raw("select name from pg_prepared_statements"))) as unknown as {
        rows: unknown[];
      };
      expect(kept.rows).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});
