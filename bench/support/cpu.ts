import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { childrenOf } from "./procs";
import { type Line, line, type Measured } from "./report";
import { median } from "./stats";
import type { Driver } from "./world";

/**
 * CPU time (user + system, every thread) spent by processes, read from Linux's /proc: how much
 * work a turn costs, apart from how long it waits. The figures are clock ticks, so a sample
 * should span many turns (10 ms resolution on most kernels).
 */

let ticksPerSecond: number | undefined;
function tickMs(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return 1000 / ticksPerSecond;
}

/** utime + stime of one process in ms, or null when it is gone (or /proc is not there). */
function processCpuMs(pid: number): { comm: string; ms: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { comm, ms: (Number(fields[11]) + Number(fields[12])) * tickMs() };
  } catch {
    return null;
  }
}

/** CPU ms of a process and its descendants; null without /proc. */
export function treeCpuMs(pid: number): number | null {
  const own = processCpuMs(pid);
  if (!own) return null;
  return childrenOf(pid).reduce((sum, child) => sum + (treeCpuMs(child) ?? 0), own.ms);
}

/**
 * CPU ms of every process of a local PostgreSQL server (backends and its own workers), or null
 * when there is none on this machine. A snapshot: a backend that exits between two snapshots
 * takes its time with it, so compare snapshots over a stretch in which the pool stays open.
 */
export function postgresCpuMs(): number | null {
  let total = 0;
  let found = false;
  for (const entry of fs.existsSync("/proc") ? fs.readdirSync("/proc") : []) {
    if (!/^\d+$/.test(entry)) continue;
    const p = processCpuMs(Number(entry));
    if (p?.comm !== "postgres") continue;
    found = true;
    total += p.ms;
  }
  return found ? total : null;
}

/** What a stretch of work cost: CPU ms, split by where it was spent. */
export interface CpuMeter {
  /** The app's server (with PGlite's thread, when that is the database). */
  app(): number | null;
  /** The database server's processes, when it is a separate local Postgres; else null. */
  database(): number | null;
  /** The bare route's process. */
  bare(): number | null;
}

export interface AppCpu {
  server: number;
  database: number;
}

/**
 * CPU ms so far of the app's server and of a local Postgres (PGlite runs inside the server, so
 * its database figure is 0); null where /proc cannot tell.
 */
export function appCpu(cpu: CpuMeter, driver: Driver): AppCpu | null {
  const server = cpu.app();
  const database = driver === "pg" ? cpu.database() : 0;
  return server === null || database === null ? null : { server, database };
}

/**
 * CPU per unit of work (a turn, a sign-in) over the repetitions of a measure, against a
 * baseline's CPU per unit, and the line that reports it: no goal, it explains the latency or
 * rate line above it.
 */
export class CpuCosts {
  private readonly runs: Measured[] = [];
  private readonly server: number[] = [];
  private readonly database: number[] = [];
  private readonly driver: Driver;

  constructor(driver: Driver) {
    this.driver = driver;
  }

  /** One stretch of `units`: the app's CPU before and after it, and the baseline's per unit. */
  add(before: AppCpu | null, after: AppCpu | null, units: number, baseline: number | null): void {
    if (!before || !after || baseline === null) return;
    const server = (after.server - before.server) / units;
    const database = (after.database - before.database) / units;
    this.server.push(server);
    this.database.push(database);
    this.runs.push({ value: server + database, baseline });
  }

  /**
   * The line, or null when /proc could not tell. `serverIncludes` says what the server's figure
   * counts besides itself; `tail` ends the note.
   */
  line(spec: { name: string; baselineLabel: string; serverIncludes?: string; tail: string }): Line | null {
    if (this.runs.length === 0) return null;
    const where =
      this.driver === "pg"
        ? `Postgres ${median(this.database).toFixed(1)} ms`
        : "PGlite's thread counted in the server";
    const server = `server ${median(this.server).toFixed(1)} ms${spec.serverIncludes ?? ""}`;
    return line(
      { name: spec.name, unit: "ms", baselineLabel: spec.baselineLabel, note: `${server} + ${where}; ${spec.tail}` },
      this.runs,
    );
  }
}

/**
 * Resident MiB of a process in anonymous mappings of exactly 256 KiB: V8 allocates its heap in
 * pages of that size (every isolate: the main thread and workers), so this is how much of the
 * RSS is JavaScript heap, live or garbage not yet collected or returned. Null without /proc.
 */
export function v8PagesMiB(pid: number): number | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/smaps`, "utf8");
  } catch {
    return null;
  }
  let kib = 0;
  let inPage = false;
  for (const row of text.split("\n")) {
    const mapping = row.match(/^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ (\d+)\s*(.*)$/);
    if (mapping) {
      const size = Number.parseInt(mapping[2] as string, 16) - Number.parseInt(mapping[1] as string, 16);
      inPage = size === 256 * 1024 && mapping[3] === "0" && !mapping[4];
    } else if (inPage && row.startsWith("Rss:")) {
      kib += Number(row.split(/\s+/)[1]);
    }
  }
  return kib / 1024;
}
