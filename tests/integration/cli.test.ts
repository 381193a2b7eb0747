import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { completeLesson, getVisibleStageIds } from "@/lib/content/access";
import type { DatabaseConfig } from "@/lib/env";
import { runCli as cli } from "../support/cli";
import { createTestDatabase, insertUsers, type TestDatabase, testDriver } from "../support/db";
import { copyFixtureCourse, tempDir } from "../support/fixtures";

// The CLI reaches the same database the test created: a PGlite folder or a Postgres URL.
let t: TestDatabase | undefined;
let config: DatabaseConfig;
let env: Record<string, string>;

beforeAll(async () => {
  if (testDriver() === "pglite") {
    const dataDir = await tempDir("itutor-cli-");
    config = { driver: "pglite", dataDir: path.join(dataDir, "pglite") };
    env = { DATA_DIR: dataDir, DATABASE_URL: "" };
  } else {
    t = await createTestDatabase();
    config = t.config;
    // The Neon driver's local WebSocket proxy is configured inside this test process only, so
    // the CLI child reaches the same database through node-postgres. Every other test in the
    // neon project runs through the Neon driver.
    env = { DATABASE_URL: (t.config as { url: string }).url, DATABASE_DRIVER: "pg" };
  }
});
afterAll(() => t?.close());

describe("npm run cli", () => {
  it("prints usage and exits 2 for an unknown command", async () => {
    const r = await cli(["frobnicate"], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command: frobnicate");
    expect(r.stderr).toContain("content:reindex");
  });

  it("seeds, reindexes, and the data survives a restart", async () => {
    const dir = await copyFixtureCourse();
    const seed = await cli(["db:seed", "--dir", dir], env);
    expect(seed.stderr).toBe("");
    expect(seed.code).toBe(0);
    expect(seed.stdout).toContain("course fixture-course: 4 created, 0 updated, 0 unchanged");
    const again = await cli(["db:seed", "--dir", dir], env);
    expect(again.stdout).toContain("0 created, 0 updated, 4 unchanged");

    const reindex = await cli(["content:reindex"], env);
    expect(reindex.code).toBe(0);
    expect(reindex.stdout).toMatch(/reindexed \d+ lessons into \d+ chunks/);
    expect(reindex.stderr).toContain("4/4");

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
  });

  it("fails with a one-line reason when the content is malformed", async () => {
    const dir = await copyFixtureCourse();
    const r = await cli(["db:seed", "--dir", path.join(dir, "missing")], env);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("course.md: not found");
  });
});

describe("user commands", () => {
  it("creates a verified admin, refuses a duplicate and a weak password, and changes roles", async () => {
    const created = await cli(
      [
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
      ],
      env,
    );
    expect(created.stderr).toBe("");
    expect(JSON.parse(created.stdout)).toMatchObject({ email: "root@example.com", role: "admin", emailVerified: true });

    const duplicate = await cli(
      ["user:create", "--email", "root@example.com", "--password", "Correct-Horse-Battery-9", "--name", "Again"],
      env,
    );
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain("already exists");

    const weak = await cli(
      ["user:create", "--email", "weak@example.com", "--password", "password", "--name", "Weak"],
      env,
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain("password rejected");

    const badRole = await cli(["user:set-role", "--email", "root@example.com", "--role", "overlord"], env);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain("--role must be one of student, instructor, admin");

    const demoted = await cli(["user:set-role", "--email", "root@example.com", "--role", "instructor"], env);
    expect(demoted.code).toBe(0);
    expect(demoted.stdout).toContain("admin -> instructor");

    const missing = await cli(["user:set-role", "--email", "nobody@example.com", "--role", "student"], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no user with email nobody@example.com");
  });
});
