import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgetActor } from "@/db/queries/account";
import { actorsMatching, authEventsPage } from "@/db/queries/admin-audit";
import { user } from "@/db/schema";
import { createTestDatabase, type TestDatabase, testDriver } from "../support/db";
import { planOf } from "../support/plans";

/**
 * Two statements over the whole audit log that read it row by row, timed on three million events
 * on an idle Postgres: deleting an account rewrote the rows naming it as the actor (0.7–0.8 s,
 * growing with the log toward the 8 s statement limit, past which the deletion fails), and the
 * admin audit's "who" search walked the log newest first (2.1 s for an address nobody used;
 * 1.3–4.0 s for a learner's). Each now reaches its rows through indexes. The plans are read with
 * the other ways priced out: each index must be there, and every arm of the filter must be one
 * an index can serve, or the plan has nothing but a scan.
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await db.db.insert(user).values({ id: "user_admin", name: "Admin", email: "head.admin@school.test" });
});
afterAll(() => db.close());

describe(`audit log statements served by indexes (${testDriver()})`, () => {
  it("forgetting an actor finds the rows naming it through the actor indexes", async () => {
    const plan = await planOf(
      db,
      async (tx) => forgetActor({ db: tx, userId: "user_1", email: "Former.Admin@School.test" }).getSQL(),
      ["enable_seqscan"],
    );
    expect(plan).not.toMatch(/Seq Scan on auth_event/);
    for (const index of ["auth_event_by_idx", "auth_event_by_lower_idx", "auth_event_by_email_idx"]) {
      expect(plan).toContain(index);
    }
  });

  it("a who search reads the matching rows by index, not the log newest first", async () => {
    const who = "head.admin";
    const actors = await actorsMatching(db.db, who);
    expect(actors).toEqual(["user_admin"]);
    const plan = await planOf(
      db,
      async (tx) => authEventsPage({ db: tx, filter: { who }, limit: 50, actors }).getSQL(),
      ["enable_seqscan", "enable_indexscan"],
    );
    expect(plan).toMatch(/Bitmap Heap Scan on auth_event/);
    expect(plan).toContain("auth_event_email_trgm_idx");
    expect(plan).toContain("auth_event_user_idx");
    // Who acted: on an empty log the planner may read the actor index whole (it holds only the
    // rows that have an actor) and filter them; on a large one it looks the ids up.
    expect(plan).toMatch(/auth_event_by(_lower)?_idx/);
  });
});
