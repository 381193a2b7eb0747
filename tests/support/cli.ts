import { spawn } from "node:child_process";
import path from "node:path";

const tsx = path.join(process.cwd(), "node_modules/.bin/tsx");

/** Runs `npm run cli -- <args>` the way npm does, as a real child process. */
export function runCli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(tsx, ["--conditions=react-server", "scripts/cli.ts", ...args], {
      env: { ...process.env, NODE_ENV: "development", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
