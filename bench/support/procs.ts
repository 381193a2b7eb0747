import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import { sleep } from "./stats";

/**
 * Child processes of the benchmark (the app, the model stand-in, the bare route), each in its
 * own process group so stopping one takes its children with it and nothing else.
 */
export interface Child {
  name: string;
  pid: number;
  process: ChildProcess;
  /** Everything it printed, for the error message when it dies. */
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<Child>();

export function startChild(
  name: string,
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Child {
  const proc = spawn(command, args, {
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? process.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  proc.stdout?.on("data", keep);
  proc.stderr?.on("data", keep);
  const child: Child = {
    name,
    pid: proc.pid as number,
    process: proc,
    output: () => out,
    async stop() {
      running.delete(child);
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        return;
      }
      const timeout = sleep(10_000).then(() => "timeout" as const);
      if ((await Promise.race([exited, timeout])) === "timeout") {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {}
        await exited;
      }
    },
  };
  running.add(child);
  return child;
}

/** Stops every child still running (on exit, Ctrl-C or a failed scenario). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((c) => c.stop()));
}

export async function waitForUrl(child: Child, url: string, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.process.exitCode !== null) {
      throw new Error(`${child.name} exited with ${child.process.exitCode}:\n${child.output()}`);
    }
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {}
    await sleep(200);
  }
  throw new Error(`${child.name} did not answer ${url} within ${timeoutMs} ms:\n${child.output()}`);
}

/** The first free loopback port at or after `from` (the benchmark's range is 3720–3799). */
export async function freePort(from: number, to = 3799): Promise<number> {
  for (let port = from; port <= to; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}–${to}`);
}

export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {}
  }
  return out;
}

/** Resident memory of a process and all its descendants, in MiB (Linux /proc). */
export function treeRssMiB(pid: number): number {
  let kib = 0;
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift() as number;
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, "utf8");
      kib += Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
    } catch {}
    queue.push(...childrenOf(p));
  }
  return kib / 1024;
}

/** Starts a TypeScript helper (bench/support/*.ts) under tsx and waits for its first line. */
export async function startScript(
  name: string,
  script: string,
  args: string[],
  expect: RegExp,
  timeoutMs = 60_000,
): Promise<{ child: Child; match: RegExpMatchArray }> {
  const child = startChild(name, process.execPath, ["--import", "tsx", script, ...args]);
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const match = child.output().match(expect);
    if (match) return { child, match };
    if (child.process.exitCode !== null) break;
    await sleep(50);
  }
  await child.stop();
  throw new Error(`${name} did not start:\n${child.output()}`);
}
