import { type ChildProcess, spawn } from "node:child_process";

/**
 * A real second process that holds the PGlite folder lock of `dir` (db/lock.ts) until it is
 * killed, as a running dev server or CLI command would.
 */
export async function holdInChild(dir: string, holder: string): Promise<ChildProcess> {
  const script = `
    const fs = require("node:fs");
    fs.writeFileSync(${JSON.stringify(`${dir}.lock`)}, JSON.stringify({ pid: process.pid, holder: ${JSON.stringify(holder)}, since: new Date().toISOString() }), { flag: "wx" });
    process.stdout.write("held\\n");
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve) => child.stdout?.once("data", () => resolve()));
  return child;
}
