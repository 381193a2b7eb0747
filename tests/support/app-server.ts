import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

/**
 * A production server of its own (`next start` on the current build) for the tests that need
 * to hurt one: memory, shutdown, a database outage, odd environments. Each gets a fresh
 * DATA_DIR (PGlite) or the DATABASE_URL it is given, prepared with the real CLI first.
 */
export interface AppServer {
  url: string;
  pid: number;
  dataDir: string;
  /** Everything the server printed so far. */
  output(): string;
  /** Resident memory of the server process, in bytes (Linux). */
  rss(): number;
  /** Sends a signal; resolves when the process has exited (or at once when `wait` is false). */
  signal(name: NodeJS.Signals, wait?: boolean): Promise<void>;
  exited(): Promise<number | null>;
  /** Kills the server (if running) and removes its DATA_DIR unless `keepData`. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export interface AppServerOptions {
  port: number;
  env?: Record<string, string>;
  /** CLI commands run before start (PGlite allows one process at a time). */
  prepare?: string[][];
  /** Wait for /api/health to answer 200 (default), or only for the port to answer. */
  waitForHealthy?: boolean;
  /** Reuse this DATA_DIR (a restart on the same embedded database). */
  dataDir?: string;
}

export const SERVER_PASSWORD = "Correct-Horse-Battery-9-Staple";

const nextBin = () => createRequire(import.meta.url).resolve("next/dist/bin/next");

export function cli(args: string[], env: Record<string, string>): string {
  return execFileSync("npm", ["run", "--silent", "cli", "--", ...args], {
    env: { ...process.env, ...env, NODE_ENV: "development" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "itutor-sec-"));
  const url = `http://127.0.0.1:${options.port}`;
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    DATABASE_URL: "",
    BETTER_AUTH_SECRET: "security-secret-security-secret-0123456789",
    BETTER_AUTH_URL: url,
    CRON_SECRET: "security-cron-secret-0123456789",
    RATE_LIMIT_ENABLED: "false",
    CHAT_UI: "builtin",
    ...options.env,
  };
  for (const args of options.prepare ?? []) cli(args, env);
  let output = "";
  const child: ChildProcess = spawn(
    process.execPath,
    [nextBin(), "start", "-p", String(options.port), "-H", "127.0.0.1"],
    {
      env: { ...process.env, ...env, NODE_ENV: "production", PORT: String(options.port) },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const exit = new Promise<number | null>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
  let done = false;
  void exit.then(() => {
    done = true;
  });

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (done) throw new Error(`the server exited during start-up:\n${output}`);
    const ok = await fetch(`${url}/api/health`)
      .then((r) => (options.waitForHealthy === false ? true : r.ok))
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the server did not become ready:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  const server: AppServer = {
    url,
    pid: child.pid as number,
    dataDir,
    output: () => output,
    rss() {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    },
    async signal(name, wait = true) {
      if (!done) child.kill(name);
      if (wait) await exit;
    },
    exited: () => exit,
    async stop({ keepData = false } = {}) {
      if (!done) {
        child.kill("SIGKILL");
        await exit;
      }
      if (!keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

/** A verified user created with the real CLI (run before start when the database is PGlite). */
export const createUserArgs = (email: string, role: "student" | "instructor" | "admin" = "student") => [
  "user:create",
  "--email",
  email,
  "--password",
  SERVER_PASSWORD,
  "--name",
  email.split("@")[0] as string,
  "--role",
  role,
  "--verified",
];
