import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { importRun } from "@/db/schema";
import { createTestDatabase, insertUsers } from "../support/db";

// tests/support/pglite-pool.ts hands a PGlite database a test file closed to the next file in
// the same worker: it must come back as empty as the template, or not at all.
type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
const firstRow = async <T>(t: TestDb, query: ReturnType<typeof sql>) =>
  ((await t.db.execute(query)) as unknown as { rows: T[] }).rows[0];
const startedAt = async (t: TestDb) =>
  (await firstRow<{ s: string }>(t, sql`select pg_postmaster_start_time()::text as s`))?.s;
const run = (fileName: string) => ({
  fileName,
  fileChecksum: "0".repeat(64),
  format: "csv" as const,
  rowCount: 0,
  createdCount: 0,
  presentCount: 0,
  linkedAccountCount: 0,
  startedBy: "cli:test",
});
const count = async (t: TestDb, query: ReturnType<typeof sql>) => Number((await firstRow<{ n: number }>(t, query))?.n);

describe("PGlite databases reused between test files", () => {
  it("come back emptied, identities restarted and session settings discarded, and the old handle stops working", async () => {
    const first = await createTestDatabase();
    await insertUsers(first.db, ["a", "b"]);
    await first.db.insert(importRun).values(run("x.csv"));
    await first.db.execute(sql`set application_name = 'left-behind'`);
    const instance = await startedAt(first);
    expect(instance).toMatch(/^\d{4}-\d\d-\d\d /);
    await first.close();
    // Drizzle wraps the error ("Failed query: …") with the client's as its cause.
    const late = await first.db.execute(sql`select 1`).catch((err: Error) => err);
    expect((late as Error).cause).toMatchObject({ message: "this test database was closed" });

    const second = await createTestDatabase();
    try {
      expect(await startedAt(second)).toBe(instance);
      expect(await count(second, sql`select count(*) as n from "user"`)).toBe(0);
      expect(await firstRow(second, sql`show application_name`)).not.toMatchObject({
        application_name: "left-behind",
      });
      const [again] = await second.db.insert(importRun).values(run("y.csv")).returning();
      expect(again?.id).toBe(1);
    } finally {
      await second.close();
    }
  });

  it("is not reused when its schema no longer matches the template", async () => {
    const changed = await createTestDatabase();
    await changed.db.execute(sql`create table left_behind (id int)`);
    const instance = await startedAt(changed);
    await changed.close();

    const next = await createTestDatabase();
    try {
      expect(await startedAt(next)).not.toBe(instance);
      expect(await count(next, sql`select count(*) as n from pg_tables where tablename = 'left_behind'`)).toBe(0);
    } finally {
      await next.close();
    }
  });
});
