import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/**
 * tests/support/run-guard.ts, the first global setup of `npm test` and `npm run test:pg`: a real
 * `vitest run` in a child process, on a throwaway config whose next global setup never
 * finishes (without the guard that run exits 0 with no tests) or finishes at once.
 */
const root = process.cwd();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "run-guard-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

fs.writeFileSync(path.join(dir, "never.mjs"), "export default () => new Promise(() => {});\n");
fs.writeFileSync(path.join(dir, "at-once.mjs"), "export default async () => {};\n");
fs.writeFileSync(path.join(dir, "one.test.mjs"), 'it("runs", () => expect(1).toBe(1));\n');

function vitestRun(setup: string, guarded: boolean) {
  const config = path.join(dir, `${setup}-${guarded}.config.mjs`);
  const globalSetup = [...(guarded ? [path.join(root, "tests/support/run-guard.ts")] : []), `./${setup}.mjs`];
  const test = { root: dir, globals: true, include: ["one.test.mjs"], globalSetup };
  fs.writeFileSync(config, `export default ${JSON.stringify({ test })};\n`);
  // The child is a run of its own, not a worker of this one.
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("VITEST")) delete env[key];
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, "node_modules/vitest/vitest.mjs"), "run", "--config", config],
      { cwd: root, env, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? (err.code as number) : 0, out: stdout + stderr }),
    );
  });
}

describe("a test run that never gets going", () => {
  it("exits 0 with no tests without the guard (the hole the guard closes)", async () => {
    const run = await vitestRun("never", false);
    expect(run.code).toBe(0);
    expect(run.out).not.toMatch(/passed/);
  });

  it("fails, and says why, with the guard", async () => {
    const run = await vitestRun("never", true);
    expect(run.code).toBe(1);
    expect(run.out).toContain("vitest stopped before the test run ended");
  });

  it("passes as before when the setup finishes", async () => {
    const run = await vitestRun("at-once", true);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/1 passed/);
    expect(run.out).not.toContain("vitest stopped");
  });
});
