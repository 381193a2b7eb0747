import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { authEvent } from "@/db/schema";
import { completeLesson, getVisibleStageIds } from "@/lib/content/access";
import type { DatabaseConfig } from "@/lib/env";
import { type AuthTestContext, createTestAuth } from "../support/auth";
import { runCliInProcess as cli, runCli } from "../support/cli";
import { createTestDatabase, insertUsers, pgliteTemplate, type TestDatabase, testDriver } from "../support/db";
import { copyFixtureCourse, tempDir } from "../support/fixtures";

// Commands run in this process against the test's database and auth instance; one test runs
// the real `npm run cli` child process against a database another process then reopens.
let ctx: AuthTestContext;
beforeAll(async () => {
  ctx = await createTestAuth();
});
afterAll(() => ctx.close());

describe("npm run cli, as a real process", () => {
  let t: TestDatabase | undefined;
  afterAll(() => t?.close());

  // Two real `npm run cli` processes (tsx start-up, a PGlite folder migrated from scratch): on a
  // busy 2-core machine that alone can pass 30 s, so this one test gets room.
  it("seeds a database that survives a restart", async () => {
    let config: DatabaseConfig;
    let env: Record<string, string>;
    if (testDriver() === "pglite") {
      const dataDir = await tempDir("itutor-cli-");
      config = { driver: "pglite", dataDir: path.join(dataDir, "pglite") };
      env = { DATA_DIR: dataDir, DATABASE_URL: "" };
      // A migrated folder from the template: the child then opens it without running initdb.
      await (await openDatabase(config, { template: pgliteTemplate() })).close();
    } else {
      t = await createTestDatabase();
      config = t.config;
      // The Neon driver's local WebSocket proxy lives in this test process only, so the CLI
      // child reaches the same database through node-postgres.
      env = { DATABASE_URL: (t.config as { url: string }).url, DATABASE_DRIVER: "pg" };
    }
    const dir = await copyFixtureCourse();
    const seed = await runCli(["db:seed", "--dir", dir], env);
    expect(seed.stderr).toBe("");
    expect(seed.code).toBe(0);
    expect(seed.stdout).toContain("course fixture-course: 4 created, 0 updated, 0 unchanged");

    // Another process opens the same database, records progress, and closes it...
    const first = await openDatabase(config);
    const user = { id: "persist", role: "student" as const };
    try {
      await insertUsers(first.db, [user.id]);
      await completeLesson({ user, lessonId: "vectors", db: first.db });
      await completeLesson({ user, lessonId: "frames", db: first.db });
    } finally {
      await first.close();
    }
    // ...and after a "restart" the progress is still there.
    const second = await openDatabase(config);
    expect(await getVisibleStageIds({ user, courseId: "fixture-course", db: second.db })).toEqual(["basics", "motion"]);
    await second.close();
  }, 120_000);
});

describe("content commands", () => {
  it("prints usage and exits 2 for an unknown command", async () => {
    const r = await cli(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command: frobnicate");
    expect(r.stderr).toContain("content:reindex");
  });

  it("seeds idempotently and reindexes with progress", async () => {
    const dir = await copyFixtureCourse();
    const seed = await cli(["db:seed", "--dir", dir]);
    expect(seed.stderr).toBe("");
    expect(seed.code).toBe(0);
    expect(seed.stdout).toContain("course fixture-course: 4 created, 0 updated, 0 unchanged");
    const again = await cli(["db:seed", "--dir", dir]);
    expect(again.stdout).toContain("0 created, 0 updated, 4 unchanged");

    const reindex = await cli(["content:reindex"]);
    expect(reindex.code).toBe(0);
    expect(reindex.stdout).toMatch(/reindexed \d+ lessons into \d+ chunks/);
    expect(reindex.stderr).toContain("4/4");
  });

  it("fails with a one-line reason when the content is malformed", async () => {
    const dir = await copyFixtureCourse();
    const r = await cli(["db:seed", "--dir", path.join(dir, "missing")]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("course.md: not found");
  });
});

describe("user commands", () => {
  it("creates a verified admin, refuses a duplicate and a weak password, and changes roles", async () => {
    const created = await cli([
      "user:create",
      "--email",
      "Root@Example.com",
      "--password",
      "Correct-Horse-Battery-9",
      "--name",
      "Root",
      "--role",
      "admin",
      "--verified",
    ]);
    expect(created.stderr).toBe("");
    expect(JSON.parse(created.stdout)).toMatchObject({ email: "root@example.com", role: "admin", emailVerified: true });

    const duplicate = await cli([
      "user:create",
      "--email",
      "root@example.com",
      "--password",
      "Correct-Horse-Battery-9",
      "--name",
      "Again",
    ]);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain("already exists");

    const weak = await cli(["user:create", "--email", "weak@example.com", "--password", "password", "--name", "Weak"]);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain("password rejected");

    const badRole = await cli(["user:set-role", "--email", "root@example.com", "--role", "overlord"]);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain("--role must be one of student, instructor, admin");

    const demoted = await cli(["user:set-role", "--email", "root@example.com", "--role", "instructor"]);
    expect(demoted.code).toBe(0);
    expect(demoted.stdout).toContain("admin -> instructor");

    const missing = await cli(["user:set-role", "--email", "nobody@example.com", "--role", "student"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no user with email nobody@example.com");
  });
});

describe("operator commands leave the same audit event as the pages", () => {
  const eventsFor = async (action: string) =>
    (await ctx.db.db.select().from(authEvent).where(eq(authEvent.type, "admin_action"))).filter(
      (e) => e.details.action === action,
    );

  it("retention:run records its run, by the CLI", async () => {
    const r = await cli(["retention:run"]);
    expect(r.code).toBe(0);
    const [run] = await eventsFor("retention_run");
    expect(run).toMatchObject({ userId: null, email: null, details: { by: "cli", threadsDeleted: 0 } });
    expect(run?.details).toHaveProperty("logsDeleted");
  });

  it("oauth:client:create says what is wrong with a redirect URI, as the admin page does", async () => {
    const r = await cli([
      ...["oauth:client:create", "--name", "Local tool", "--redirect-uri", "http://localhost:4000/cb"],
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("http://localhost:4000/cb: A web client cannot redirect to localhost");
    expect(r.stderr).toContain("Native");
  });

  it("oauth:client:create records the new client, by the CLI, for its owner", async () => {
    const admin = await cli([
      ...["user:create", "--email", "owner@example.com", "--password", "Correct-Horse-Battery-9"],
      ...["--name", "Owner", "--role", "admin", "--verified"],
    ]);
    expect(admin.code).toBe(0);
    const ownerId = JSON.parse(admin.stdout).id as string;
    const r = await cli([
      ...["oauth:client:create", "--name", "Audited RP", "--redirect-uri", "https://rp.example.com/cb"],
      ...["--owner", "owner@example.com"],
    ]);
    expect(r.code).toBe(0);
    const clientId = JSON.parse(r.stdout).client_id as string;
    expect(await eventsFor("oauth_client_create")).toEqual([
      expect.objectContaining({
        userId: ownerId,
        email: "owner@example.com",
        details: { action: "oauth_client_create", clientId, by: "cli" },
      }),
    ]);
  });
});
