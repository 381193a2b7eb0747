import fs from "node:fs/promises";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authEvent, enrollment, user } from "@/db/schema";
import { type AuthTestContext, createTestAuth } from "../support/auth";
import { runCliInProcess as cli } from "../support/cli";
import { copyFixtureCourse, tempDir } from "../support/fixtures";

// The commands run in this process against the test's database and auth instance, as
// cli.test.ts does; the course is loaded and two students are created with the CLI itself.
let ctx: AuthTestContext;
const password = "Correct-Horse-Battery-9-Staple";

beforeAll(async () => {
  ctx = await createTestAuth();
  expect((await cli(["db:seed", "--dir", await copyFixtureCourse()])).code).toBe(0);
  for (const name of ["ada", "bea"]) {
    const created = await cli([
      "user:create",
      "--email",
      `${name}@example.com`,
      "--password",
      password,
      "--name",
      name,
      "--verified",
    ]);
    expect(created.code).toBe(0);
  }
});
afterAll(() => ctx.close());

describe("enrol:end and enrol:list", () => {
  it("lists the students the CLI created as enrolled, and ends one by email on a given day", async () => {
    const list = await cli(["enrol:list"]);
    expect(list.code).toBe(0);
    const lines = list.stdout.trim().split("\n");
    expect(lines[0]).toBe("email\tstatus\tstarted\tended\tname");
    expect(lines.slice(1).map((l) => l.split("\t").slice(0, 2))).toEqual([
      ["ada@example.com", "active"],
      ["bea@example.com", "active"],
    ]);

    const ended = await cli(["enrol:end", "--email", "ada@example.com", "--ended-at", "2026-01-05"]);
    expect(ended.code).toBe(0);
    expect(ended.stdout).toContain("ended 1 enrolment in fixture-course as completed");
    // 2026-01-05 is over 30 days back: the next retention run takes the conversations.
    expect(ended.stdout).toContain(
      "Their conversations will be deleted at the next nightly clean-up (02:00 UTC), because the end date is over 30 days ago.",
    );
    const again = await cli(["enrol:end", "--email", "ada@example.com"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("ada@example.com has no active enrolment");
    const unknown = await cli(["enrol:end", "--email", "nobody@example.com"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no user with email nobody@example.com");
  });

  it("ends everyone in a file, reports who did not match, and checks its arguments", async () => {
    const file = path.join(await tempDir("itutor-list-"), "leavers.csv");
    await fs.writeFile(file, "email\nBEA@example.com\nghost@example.com\nbroken@\n");
    const ended = await cli(["enrol:end", "--file", file, "--status", "withdrawn"]);
    expect(ended.code).toBe(0);
    expect(ended.stdout).toContain(
      "ended 1 enrolment in fixture-course as withdrawn; 0 unchanged, 1 unknown, 1 invalid",
    );
    expect(ended.stderr).toContain("no account: ghost@example.com");
    expect(ended.stdout).not.toContain("nightly clean-up");

    const json = await cli(["enrol:list", "--status", "withdrawn", "--json"]);
    expect(JSON.parse(json.stdout).map((r: { email: string }) => r.email)).toEqual(["bea@example.com"]);

    const both = await cli(["enrol:end", "--email", "ada@example.com", "--file", file]);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("give exactly one of --email or --file");
    const typo = await cli(["enrol:end", "--email", "ada@example.com", "--ended-at", "0000-01-01"]);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain("enrol:end: An enrolment cannot end before 1 January 2000");
    const badStatus = await cli(["enrol:list", "--status", "paused"]);
    expect(badStatus.code).toBe(1);
    expect(badStatus.stderr).toContain("--status must be one of active, completed, withdrawn");

    const events = await ctx.db.db.select().from(authEvent).where(eq(authEvent.type, "enrolment_change"));
    expect(events.map((e) => [e.email, e.details.to, e.details.by, e.details.via])).toEqual([
      ["ada@example.com", "completed", "cli", "cli"],
      ["bea@example.com", "withdrawn", "cli", "cli"],
    ]);
    expect(events[0]?.details.endedAt).toBe("2026-01-05T00:00:00.000Z");
  });
});

describe("learners without an enrolment row", () => {
  const emailsIn = async (status: string) =>
    JSON.parse((await cli(["enrol:list", "--status", status, "--json"])).stdout).map((r: { email: string }) => r.email);

  it("a staff member made a student is enrolled, and a student with no row can still be ended", async () => {
    const staff = await cli([
      "user:create",
      "--email",
      "cora@example.com",
      "--password",
      password,
      "--name",
      "Cora",
      "--role",
      "instructor",
    ]);
    expect(staff.code).toBe(0);
    expect(await emailsIn("active")).not.toContain("cora@example.com");
    const unchanged = await cli(["enrol:end", "--email", "cora@example.com"]);
    expect(unchanged.code).toBe(1);
    expect(unchanged.stderr).toContain("unchanged (not enrolled): cora@example.com");

    expect((await cli(["user:set-role", "--email", "cora@example.com", "--role", "student"])).code).toBe(0);
    expect(await emailsIn("active")).toContain("cora@example.com");
    expect((await cli(["enrol:end", "--email", "cora@example.com"])).stdout).toContain("ended 1 enrolment");

    // A student left without a row (made one before this fix, say) counts as active: ending them records it.
    expect(
      (await cli(["user:create", "--email", "dora@example.com", "--password", password, "--name", "Dora"])).code,
    ).toBe(0);
    const [dora] = await ctx.db.db.select().from(user).where(eq(user.email, "dora@example.com"));
    await ctx.db.db.delete(enrollment).where(eq(enrollment.userId, dora?.id as string));
    const ended = await cli(["enrol:end", "--email", "dora@example.com", "--status", "withdrawn"]);
    expect(ended.code).toBe(0);
    expect(ended.stdout).toContain("ended 1 enrolment in fixture-course as withdrawn; 0 unchanged");
    expect(await emailsIn("withdrawn")).toContain("dora@example.com");
    const [event] = await ctx.db.db
      .select()
      .from(authEvent)
      .where(and(eq(authEvent.type, "enrolment_change"), eq(authEvent.userId, dora?.id as string)));
    expect(event?.details).toMatchObject({ from: "active", to: "withdrawn", by: "cli" });
  });
});
