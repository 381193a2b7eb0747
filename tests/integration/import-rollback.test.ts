import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authEvent, importRun, importRunUser, lessonProgress, user } from "@/db/schema";
import { seedFromDir } from "@/lib/content/seed";
import { AppError } from "@/lib/errors";
import { executeImport } from "@/lib/migration/import";
import { planImport } from "@/lib/migration/plan";
import { RollbackRefused, rollbackImport } from "@/lib/migration/rollback";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { fixtureCourseDir } from "../support/fixtures";

/**
 * Rollbacks of small runs (a few users without passwords, so nothing is hashed): two at once,
 * and which kinds of activity since the import make a rollback ask for force.
 */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedFromDir({ db: t.db, dir: fixtureCourseDir });
});
afterAll(() => t?.close());

let file = 0;
/** Imports `n` students as one run; returns the run and its user ids. */
async function importStudents(n: number): Promise<{ runId: number; ids: string[] }> {
  file += 1;
  const ids = Array.from({ length: n }, (_, i) => `r${file}-u${i}`);
  const lines = ids.map((id) =>
    JSON.stringify({
      id,
      email: `${id}@rollback.example`,
      name: id,
      email_verified: true,
      password_hash: "",
      role: "student",
      created_at: "2020-01-01",
      accounts: [],
    }),
  );
  const plan = await planImport({
    db: t.db,
    bytes: new TextEncoder().encode(lines.join("\n")),
    fileName: `run-${file}.jsonl`,
  });
  const outcome = await executeImport({ db: t.db, plan, operator: { by: "cli:test" } });
  return { runId: outcome.runId as number, ids };
}

const eventCount = async (type: "user_import_removed" | "import_rollback", runId: number) =>
  (
    await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(authEvent)
      .where(and(eq(authEvent.type, type), sql`(${authEvent.details}->>'run')::int = ${runId}`))
  )[0]?.n;

describe("two rollbacks of one run at the same time", () => {
  it("only one removes the users; the other is refused and changes nothing", async () => {
    const { runId, ids } = await importStudents(5);
    const results = await Promise.allSettled([
      rollbackImport({ db: t.db, runId, operator: { by: "cli:first" } }),
      rollbackImport({ db: t.db, runId, operator: { by: "admin-second" } }),
    ]);
    const done = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(done).toHaveLength(1);
    expect(done[0]?.removed).toBe(5);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(AppError);
    expect((refused[0] as AppError).code).toBe("import:already_rolled_back");
    expect((refused[0] as AppError).status).toBe(409);

    const winner = results[0]?.status === "fulfilled" ? "cli:first" : "admin-second";
    const [run] = await t.db.select().from(importRun).where(eq(importRun.id, runId));
    expect(run).toMatchObject({ status: "rolled_back", removedCount: 5, rolledBackBy: winner });
    expect(await t.db.select().from(user).where(inArray(user.id, ids))).toEqual([]);
    expect(await eventCount("user_import_removed", runId)).toBe(5);
    expect(await eventCount("import_rollback", runId)).toBe(1);
  });

  it("one after the other, the second says the run was already rolled back; an unknown run is not found", async () => {
    const { runId } = await importStudents(1);
    await rollbackImport({ db: t.db, runId, operator: { by: "cli:test" } });
    await expect(rollbackImport({ db: t.db, runId, operator: { by: "cli:test" } })).rejects.toThrow(
      `import run ${runId} was already rolled back`,
    );
    await expect(rollbackImport({ db: t.db, runId: 9999, operator: { by: "cli:test" } })).rejects.toThrow(
      "there is no import run 9999",
    );
    expect(await t.db.select().from(importRunUser).where(eq(importRunUser.runId, runId))).toEqual([]);
  });
});

describe("what counts as activity since the import", () => {
  it("completed lessons do, without any sign-in left on record; a refusal changes nothing", async () => {
    const { runId, ids } = await importStudents(3);
    const learner = ids[1] as string;
    // Sessions expire and login_success events go after AUDIT_RETENTION_DAYS: progress stays.
    await t.db.insert(lessonProgress).values({ userId: learner, lessonId: "vectors" });
    const refused = await rollbackImport({ db: t.db, runId, operator: { by: "cli:test" } }).catch((e) => e);
    expect(refused).toBeInstanceOf(RollbackRefused);
    expect((refused as RollbackRefused).active).toEqual([
      { id: learner, email: `${learner}@rollback.example`, signedIn: false, chatted: false, progressed: true },
    ]);
    expect((refused as Error).message).toContain(`${learner}@rollback.example (completed lessons)`);
    const [run] = await t.db.select().from(importRun).where(eq(importRun.id, runId));
    expect(run).toMatchObject({ status: "completed", rolledBackBy: null, removedCount: null });
    expect(await t.db.select().from(user).where(inArray(user.id, ids))).toHaveLength(3);
    expect(await eventCount("user_import_removed", runId)).toBe(0);

    const forced = await rollbackImport({ db: t.db, runId, force: true, operator: { by: "cli:test" } });
    expect(forced).toMatchObject({ removed: 3, forced: [{ id: learner, progressed: true }] });
  });
});
