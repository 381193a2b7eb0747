import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { usersPageQuery } from "@/db/queries/admin-users";
import { enrollmentsPageQuery } from "@/db/queries/enrollment";
import { listThreadsForReview } from "@/db/queries/thread-review";
import { createTestDatabase, type TestDatabase, testDriver } from "../support/db";
import { planOf } from "../support/plans";

/**
 * The admin lists at a school's scale, timed on a real Postgres with 200,000 users, 200,000
 * enrolments in one course, 600,000 threads and two million audit events (migration 0013):
 * searching users by a part of an address took 0.6–0.8 s, the first page of a course's
 * enrolments 0.5 s, the newest threads for review 0.4 s, each reading its whole table; a deep
 * page of users 1 s, as the last sign-in was looked up for every row the offset skipped. Each
 * now reads its rows through an index. The plans are read with the other ways priced out.
 */
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

describe(`admin lists served by indexes (${testDriver()})`, () => {
  it("a user search reads the matching users through the trigram indexes on email and name", async () => {
    const plan = await planOf(
      db,
      (tx) => usersPageQuery({ db: tx, search: "head.admin", limit: 50, offset: 0 }).getSQL(),
      ["enable_seqscan", "enable_indexscan"],
    );
    expect(plan).toContain("user_email_trgm_idx");
    expect(plan).toContain("user_name_trgm_idx");
  });

  it("the user list walks users newest first by index, and looks up the last sign-in per listed user", async () => {
    const plan = await planOf(db, (tx) => usersPageQuery({ db: tx, limit: 50, offset: 100 }).getSQL(), [
      "enable_seqscan",
    ]);
    expect(plan).toContain("user_created_idx");
    expect(plan).not.toMatch(/Seq Scan/);
    // The sign-in lookup belongs to the node above the page's limit, so it runs for the listed
    // users only (in one flat statement it sat below the limit, under the scan).
    expect(plan.split("\n")[0]).toMatch(/^Subquery Scan on page/);
    expect(plan).toMatch(/^ {2}SubPlan/m);
  });

  it("a course's enrolments are read newest first by index", async () => {
    const plan = await planOf(
      db,
      (tx) => enrollmentsPageQuery({ db: tx, filter: { courseId: "robotics" }, limit: 50, offset: 0 }).getSQL(),
      ["enable_seqscan"],
    );
    expect(plan).toContain("enrollment_course_started_idx");
  });

  it("the newest threads for review are read by index", async () => {
    const plan = await planOf(db, (tx) => listThreadsForReview({ db: tx, limit: 100 }).getSQL(), ["enable_seqscan"]);
    expect(plan).toContain("chat_thread_created_idx");
  });
});
