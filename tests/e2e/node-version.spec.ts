import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

/**
 * On a Node older than package.json's engines range, `npm run dev`, `npm start` and the CLI stop
 * at once with one line naming the required version (scripts/check-node.cjs), instead of
 * starting and failing later. An old Node is simulated by a `node` on PATH that reports 20.19.0.
 */
function oldNodeOnPath(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "itutor-old-node-"));
  const pretend = path.join(dir, "pretend-node-20.cjs");
  fs.writeFileSync(pretend, 'Object.defineProperty(process.versions, "node", { value: "20.19.0" });\n');
  fs.writeFileSync(path.join(dir, "node"), `#!/bin/sh\nexec "${process.execPath}" --require "${pretend}" "$@"\n`, {
    mode: 0o755,
  });
  return dir;
}

function npm(args: string[], binDir: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn("npm", args, {
      env: { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH}`, PORT: "3598" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test("dev, start and the CLI refuse an old Node with one line naming the required version", async () => {
  const bin = oldNodeOnPath();
  const required = JSON.parse(fs.readFileSync("package.json", "utf8")).engines.node as string;
  for (const args of [
    ["run", "--silent", "dev"],
    ["run", "--silent", "start"],
    ["run", "--silent", "cli", "--", "help"],
  ]) {
    const result = await npm(args, bin);
    expect(result.code, args.join(" ")).not.toBe(0);
    const lines = result.stderr.trim().split("\n");
    expect(lines, args.join(" ")).toEqual([expect.stringContaining(`IntelliStack Tutor needs Node.js ${required}`)]);
    expect(lines[0]).toContain("this is Node 20.19.0");
    // Nothing started: no Next banner, no CLI usage.
    expect(result.stdout).not.toMatch(/Next\.js|usage:/);
  }
});
