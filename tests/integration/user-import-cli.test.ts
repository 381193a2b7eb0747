import fs from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installDatabaseHandle } from "@/db/client";
import { importRun, session, user } from "@/db/schema";
import { CliError, type CommandIO } from "@/scripts/commands/types";
import { usersExport, usersImport, usersImportRollback } from "@/scripts/commands/user-import";
import { runCliInProcess } from "../support/cli";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { tempDir } from "../support/fixtures";
import { legacyUserSet, toJsonLines } from "../support/legacy-users";

/**
 * The users:* commands, run in this process against the test database (each spawned CLI run
 * costs seconds), and one import through the CLI's entry point (runCommand) to prove the
 * wiring from arguments to stdout and stderr.
 */
let t: TestDatabase;
let dir: string;
let file: string;

function capture(isTTY = false) {
  const out: string[] = [];
  let err = "";
  const io: CommandIO = {
    out: (line) => out.push(line),
    err: {
      isTTY,
      write: (text) => {
        err += text;
        return true;
      },
    },
  };
  return { io, out, err: () => err };
}

const userCount = async () => (await t.db.select({ id: user.id }).from(user)).length;

beforeAll(async () => {
  t = await createTestDatabase();
  installDatabaseHandle(t);
  dir = await tempDir("itutor-import-cli-");
  file = path.join(dir, "legacy.jsonl");
  await fs.writeFile(file, toJsonLines((await legacyUserSet(10_000)).records.slice(0, 50)));
}, 120_000);
afterAll(() => t?.close());

describe("users:import", () => {
  it("--dry-run reports and writes nothing; --from (the design card's spelling) imports with plain progress lines", async () => {
    const dry = capture();
    await usersImport.run(["--file", file, "--dry-run"], dry.io);
    expect(dry.out[0]).toMatch(/^legacy\.jsonl: JSON Lines, 50 rows, sha256 [0-9a-f]{16}…$/);
    expect(dry.out.join("\n")).toContain("problems:        none");
    expect(dry.out.at(-1)).toBe("dry run: nothing was written (50 users would be created)");
    expect(await userCount()).toBe(0);

    const real = capture(false);
    await usersImport.run(["--from", file], real.io);
    expect(real.out.at(-2)).toMatch(/^run \d+: imported 50 users and \d+ Google\/GitHub links?; 0 already present$/);
    expect(real.out.at(-1)).toMatch(/^to undo it: npm run cli -- users:import:rollback --run \d+$/);
    expect(real.err()).toMatch(/^importing: 0\/50 users \(0%\), \d+\/s\nimporting: 50\/50 users \(100%\), \d+\/s\n$/);
    expect(await userCount()).toBe(50);

    const again = capture();
    await usersImport.run(["--file", file], again.io);
    expect(again.out.join("\n")).toMatch(/this file was imported before: run #\d+ \(completed/);
    expect(again.out.at(-1)).toBe("nothing to import: all 50 users are already present; nothing was written");
  });

  it("refuses a file with problems (listing them by line) or that is not an export, in one line each", async () => {
    const bad = path.join(dir, "bad.csv");
    await fs.writeFile(
      bad,
      [
        "id,email,name,email_verified,password_hash,role,created_at,accounts",
        "a1,a1@x.example,A,true,,student,2020-01-01,",
        "a2,A1@X.example,B,true,,wizard,2020-01-01,",
      ].join("\n"),
    );
    const r = capture();
    const error = await usersImport.run(["--file", bad], r.io).catch((e) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error.message).toBe("bad.csv: 2 problems in 1 row; nothing was written");
    expect(r.out).toContain("      line 3: a1@x.example is also on line 2");
    expect(r.out).toContain("    role_unknown ×1: unknown role");

    const garbage = path.join(dir, "photo.png");
    await fs.writeFile(garbage, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    await expect(usersImport.run(["--file", garbage], capture().io)).rejects.toThrow(
      /^photo\.png: not a text file \(it contains NUL bytes\)/,
    );
    await expect(usersImport.run(["--file", path.join(dir, "missing.jsonl")], capture().io)).rejects.toThrow(
      /^cannot read .*missing\.jsonl: no such file$/,
    );
    await expect(usersImport.run([], capture().io)).rejects.toThrow("--file is required");
  });
});

describe("users:export and users:import:rollback", () => {
  it("exports to a file only its owner can read, or to stdout", async () => {
    const target = path.join(dir, "backup.csv");
    const r = capture(true);
    await usersExport.run(["--file", target], r.io);
    expect(r.out).toEqual([`wrote 50 users to ${target} (csv)`]);
    expect(r.err()).toContain("50/50 users");
    const stat = await fs.stat(target);
    expect(stat.mode & 0o777).toBe(0o600);
    const text = await fs.readFile(target, "utf8");
    expect(text.split("\n")[0]).toBe("id,email,name,email_verified,password_hash,role,created_at,accounts,image");
    await expect(fs.stat(`${target}.partial`)).rejects.toThrow();

    const stdout = capture();
    await usersExport.run([], stdout.io);
    expect(stdout.out.join("\n").trim().split("\n")).toHaveLength(50);
    await expect(usersExport.run(["--format", "xml"], capture().io)).rejects.toThrow("--format must be jsonl or csv");
  });

  it("rolls a run back (with --force once someone has signed in), and says why it cannot twice", async () => {
    const [run] = await t.db.select().from(importRun).where(eq(importRun.status, "completed"));
    await expect(usersImportRollback.run(["--run", "abc"], capture().io)).rejects.toThrow("--run must be the number");
    const [someone] = await t.db.select().from(user).limit(1);
    await t.db.insert(session).values({
      id: "s1",
      token: "t1",
      userId: someone?.id as string,
      expiresAt: new Date(Date.now() + 3_600_000),
      updatedAt: new Date(),
    });
    await expect(usersImportRollback.run(["--run", String(run?.id)], capture().io)).rejects.toThrow(
      `1 imported user has been active since the import: ${someone?.email} (signed in); use --force to remove them anyway`,
    );
    expect(await userCount()).toBe(50);
    const r = capture();
    await usersImportRollback.run(["--run", String(run?.id), "--force"], r.io);
    expect(r.out).toEqual([`run ${run?.id} rolled back: removed 50 users (1 of them active, removed with --force)`]);
    expect(await userCount()).toBe(0);
    await expect(usersImportRollback.run(["--run", String(run?.id)], capture().io)).rejects.toThrow(
      `import run ${run?.id} was already rolled back`,
    );
    await expect(usersImportRollback.run(["--run", "999"], capture().io)).rejects.toThrow("there is no import run 999");
  });
});

describe("npm run cli -- users:import", () => {
  it("imports through the CLI's entry point: result on stdout, progress on stderr", async () => {
    // A database of its own, as the command's process would open; the one real `npm run cli`
    // child process of the suite is in cli.test.ts (tsx start-up plus PGlite cost seconds each).
    const own = await createTestDatabase();
    installDatabaseHandle(own);
    try {
      const r = await runCliInProcess(["users:import", "--from", file]);
      expect(r.stderr).toContain("importing: 50/50 users (100%)");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/run \d+: imported 50 users/);
    } finally {
      installDatabaseHandle(t);
      await own.close();
    }
  });
});
