import fs from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollment, tutorFeedback } from "@/db/schema";
import { createTestDatabase, type TestDatabase, testDriver } from "../support/db";
import { tempDir } from "../support/fixtures";

const migrations = path.join(process.cwd(), "db/migrations");

/** A copy of the migrations folder that stops before the enrolment migration (0006). */
async function migrationsBeforeEnrolment(): Promise<string> {
  const dir = await tempDir("itutor-migrations-");
  await fs.mkdir(path.join(dir, "meta"));
  const journal = JSON.parse(await fs.readFile(path.join(migrations, "meta/_journal.json"), "utf8"));
  journal.entries = journal.entries.filter((e: { tag: string }) => e.tag < "0006");
  await fs.writeFile(path.join(dir, "meta/_journal.json"), JSON.stringify(journal));
  for (const e of journal.entries as { tag: string }[]) {
    await fs.copyFile(path.join(migrations, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  }
  return dir;
}

async function migrateWith(t: TestDatabase, folder: string) {
  const driver = testDriver();
  const { migrate } =
    driver === "pglite"
      ? await import("drizzle-orm/pglite/migrator")
      : driver === "pg"
        ? await import("drizzle-orm/node-postgres/migrator")
        : await import("drizzle-orm/neon-serverless/migrator");
  await migrate(t.db as never, { migrationsFolder: folder });
}

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
  await migrateWith(t, await migrationsBeforeEnrolment());
  // Migrates from scratch (no template): slower than other files' setup on a busy machine.
}, 180_000);
afterAll(() => t.close());

describe("migration 0006: chat_thread.enrollment_ended_at → enrollment", () => {
  it("moves ended enrolments, enrols the other students, keeps feedback, and drops the column", async () => {
    const statements = [
      sql`insert into course (id, title, summary) values ('a-course', 'A', 's'), ('b-course', 'B', 's')`,
      sql`insert into "user" (id, name, email, role, created_at) values
        ('ended', 'E', 'ended@example.test', 'student', '2025-01-02T00:00:00Z'),
        ('plain', 'P', 'plain@example.test', null, '2025-02-03T00:00:00Z'),
        ('boss', 'B', 'boss@example.test', 'admin', '2025-01-01T00:00:00Z')`,
      sql`insert into chat_thread (id, user_id, course_id, enrollment_ended_at) values
        ('t1', 'ended', 'b-course', now() - interval '40 days'),
        ('t2', 'ended', 'b-course', now() - interval '10 days'),
        ('t3', 'ended', null, now() - interval '5 days'),
        ('t4', 'plain', 'a-course', null)`,
      sql`insert into chat_item (id, thread_id, user_id, type, content, feedback) values
        ('i1', 't4', 'plain', 'assistant_message', '{}', 'negative'),
        ('i2', 't4', 'plain', 'assistant_message', '{}', null)`,
    ];
    for (const statement of statements) await t.db.execute(statement);
    await t.migrate();

    const rows = await t.db.select().from(enrollment);
    const summary = rows
      .map((r) => [
        r.userId,
        r.courseId,
        r.status,
        r.endedAt ? Math.round((Date.now() - r.endedAt.getTime()) / 86400_000) : null,
      ])
      .sort((x, y) => String(x).localeCompare(String(y)));
    expect(summary).toEqual([
      ["ended", "a-course", "withdrawn", 5],
      ["ended", "b-course", "withdrawn", 10],
      ["plain", "a-course", "active", null],
    ]);
    const plain = rows.find((r) => r.userId === "plain");
    expect(plain?.startedAt.toISOString()).toBe("2025-02-03T00:00:00.000Z");

    expect((await t.db.select().from(tutorFeedback)).map((f) => [f.itemId, f.kind])).toEqual([["i1", "negative"]]);
    const columns = (await t.db.execute(
      sql`select column_name from information_schema.columns where table_name = 'chat_thread' and column_name = 'enrollment_ended_at'`,
    )) as unknown as { rows: unknown[] };
    expect(columns.rows).toEqual([]);
  });
});
