import fs from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { authEvent } from "@/db/schema";
import type { DatabaseConfig } from "@/lib/env";
import { runCli as cli } from "../support/cli";
import { createTestDatabase, type TestDatabase, testDriver } from "../support/db";
import { copyFixtureCourse, tempDir } from "../support/fixtures";

// As in cli.test.ts: the CLI child reaches the database this test created.
let t: TestDatabase | undefined;
let config: DatabaseConfig;
let env: Record<string, string>;
const password = "Correct-Horse-Battery-9-Staple";
// Each command is a fresh tsx process; on a busy machine a handful of them take minutes.
const CLI_TIMEOUT = 300_000;

beforeAll(async () => {
  if (testDriver() === "pglite") {
    const dataDir = await tempDir("itutor-enrol-cli-");
    config = { driver: "pglite", dataDir: path.join(dataDir, "pglite") };
    env = { DATA_DIR: dataDir, DATABASE_URL: "" };
  } else {
    t = await createTestDatabase();
    config = t.config;
    env = { DATABASE_URL: (t.config as { url: string }).url, DATABASE_DRIVER: "pg" };
  }
  expect((await cli(["db:seed", "--dir", await copyFixtureCourse()], env)).code).toBe(0);
  for (const name of ["ada", "bea"]) {
    const created = await cli(
      ["user:create", "--email", `${name}@example.com`, "--password", password, "--name", name, "--verified"],
      env,
    );
    expect(created.code).toBe(0);
  }
}, CLI_TIMEOUT);
afterAll(() => t?.close());

describe("enrol:end and enrol:list", () => {
  it(
    "lists the students the CLI created as enrolled, and ends one by email on a given day",
    async () => {
      const list = await cli(["enrol:list"], env);
      expect(list.code).toBe(0);
      const lines = list.stdout.trim().split("\n");
      expect(lines[0]).toBe("email\tstatus\tstarted\tended\tname");
      expect(lines.slice(1).map((l) => l.split("\t").slice(0, 2))).toEqual([
        ["ada@example.com", "active"],
        ["bea@example.com", "active"],
      ]);

      const ended = await cli(["enrol:end", "--email", "ada@example.com", "--ended-at", "2026-01-05"], env);
      expect(ended.code).toBe(0);
      expect(ended.stdout).toContain("ended 1 enrolment in fixture-course as completed");
      const again = await cli(["enrol:end", "--email", "ada@example.com"], env);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain("ada@example.com has no active enrolment");
    },
    CLI_TIMEOUT,
  );

  it(
    "ends everyone in a file, reports who did not match, and checks its arguments",
    async () => {
      const file = path.join(await tempDir("itutor-list-"), "leavers.csv");
      await fs.writeFile(file, "email\nBEA@example.com\nghost@example.com\nbroken@\n");
      const ended = await cli(["enrol:end", "--file", file, "--status", "withdrawn"], env);
      expect(ended.code).toBe(0);
      expect(ended.stdout).toContain(
        "ended 1 enrolment in fixture-course as withdrawn; 0 unchanged, 1 unknown, 1 invalid",
      );
      expect(ended.stderr).toContain("no account: ghost@example.com");

      const json = await cli(["enrol:list", "--status", "withdrawn", "--json"], env);
      expect(JSON.parse(json.stdout).map((r: { email: string }) => r.email)).toEqual(["bea@example.com"]);

      const both = await cli(["enrol:end", "--email", "ada@example.com", "--file", file], env);
      expect(both.code).toBe(1);
      expect(both.stderr).toContain("give exactly one of --email or --file");

      const db = await openDatabase(config);
      try {
        const events = await db.db.select().from(authEvent).where(eq(authEvent.type, "enrolment_change"));
        expect(events.map((e) => [e.email, e.details.to, e.details.by, e.details.via])).toEqual([
          ["ada@example.com", "completed", "cli", "cli"],
          ["bea@example.com", "withdrawn", "cli", "cli"],
        ]);
        expect(events[0]?.details.endedAt).toBe("2026-01-05T00:00:00.000Z");
      } finally {
        await db.close();
      }
    },
    CLI_TIMEOUT,
  );
});
