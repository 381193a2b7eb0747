import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquireDirLock, DatabaseLockedError } from "@/db/lock";
import { tempDir } from "../support/fixtures";
import { holdInChild } from "../support/lock-holder";

describe("acquireDirLock", () => {
  it("refuses a folder held by another live process and names the holder", async () => {
    const dir = path.join(await tempDir(), "pglite");
    const child = await holdInChild(dir, "the app");
    try {
      let error: unknown;
      try {
        acquireDirLock(dir, "the CLI");
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(DatabaseLockedError);
      expect((error as Error).message).toBe(
        `the app (pid ${child.pid}) holds ${path.relative(process.cwd(), dir)}; stop it or set DATABASE_URL`,
      );
    } finally {
      child.kill();
    }
  });

  it("takes over a stale lock whose process has exited", async () => {
    const dir = path.join(await tempDir(), "pglite");
    const child = await holdInChild(dir, "the app");
    child.kill();
    await new Promise((resolve) => child.once("exit", resolve));
    const release = acquireDirLock(dir, "the CLI");
    expect(JSON.parse(fs.readFileSync(`${dir}.lock`, "utf8"))).toMatchObject({ pid: process.pid, holder: "the CLI" });
    release();
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
  });

  it("creates the parent folder when it is missing", async () => {
    const dir = path.join(await tempDir(), "nested", "deeper", "pglite");
    const release = acquireDirLock(dir, "the app");
    expect(fs.existsSync(`${dir}.lock`)).toBe(true);
    release();
  });
});
