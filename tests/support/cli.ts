import { spawn } from "node:child_process";
import path from "node:path";
import { runCommand } from "@/scripts/run-command";

const tsx = path.join(process.cwd(), "node_modules/.bin/tsx");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run cli -- <args>` the way npm does, as a real child process. */
export function runCli(args: string[], env: Record<string, string>) {
  return new Promise<CliResult>((resolve) => {
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

/**
 * Runs a CLI command in this process against the database and auth instance the test
 * installed (spawning tsx costs seconds per call), capturing what it prints.
 */
export async function runCliInProcess(args: string[]): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const text = (parts: unknown[]) => `${parts.map((p) => (typeof p === "string" ? p : String(p))).join(" ")}\n`;
  const saved = { log: console.log, error: console.error, write: process.stderr.write };
  console.log = (...parts: unknown[]) => {
    stdout += text(parts);
  };
  console.error = (...parts: unknown[]) => {
    stderr += text(parts);
  };
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await runCommand(args, { keepDatabaseOpen: true });
    return { code, stdout, stderr };
  } finally {
    console.log = saved.log;
    console.error = saved.error;
    process.stderr.write = saved.write;
  }
}
