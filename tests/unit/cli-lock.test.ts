import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquireDirLock } from "@/db/lock";
import { runCli } from "../support/cli";
import { tempDir } from "../support/fixtures";

describe("the CLI on an embedded database that another process holds", () => {
  it("stops with the holder's name instead of opening it", async () => {
    const dataDir = await tempDir("itutor-lock-");
    const release = acquireDirLock(path.join(dataDir, "pglite"), "the app");
    try {
      const r = await runCli(["db:seed"], { DATA_DIR: dataDir, DATABASE_URL: "" });
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(
        `db:seed: the app (pid ${process.pid}) holds ${path.relative(process.cwd(), path.join(dataDir, "pglite"))}; stop it or set DATABASE_URL`,
      );
    } finally {
      release();
    }
  });
});
