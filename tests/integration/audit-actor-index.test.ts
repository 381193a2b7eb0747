import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgetActor } from "@/db/queries/account";
import { createTestDatabase, type TestDatabase, testDriver } from "../support/db";

/**
 * Deleting an account rewrites the audit rows that name it as the actor (`details.by`, and the
 * older `byEmail` / `by: "admin:<email>"`). Without an index for those that statement read the
 * whole log: 0.7–0.8 s for 3 million events on an idle Postgres, growing with the log toward the
 * 8 s statement limit, past which the deletion fails. With sequential scans priced out, the plan
 * must reach the rows through the auth_event_by* indexes; without them it can only scan.
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

describe(`forgetting an actor in the audit log (${testDriver()})`, () => {
  it("finds the rows through indexes on the actor, not by reading the log", async () => {
    const plan = await db.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const update = forgetActor({ db: tx, userId: "user_1", email: "Former.Admin@School.test" });
      const result = (await tx.execute(sql`explain ${update.getSQL()}`)) as unknown as {
        rows: Record<string, string>[];
      };
      return result.rows.map((row) => Object.values(row).join(" ")).join("\n");
    });
    expect(plan).not.toMatch(/Seq Scan on auth_event/);
    for (const index of ["auth_event_by_idx", "auth_event_by_lower_idx", "auth_event_by_email_idx"]) {
      expect(plan).toContain(index);
    }
  });
});
