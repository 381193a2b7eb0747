import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { median } from "./stats";

/**
 * One line of the report: a measure, its baseline from the same run, their ratio and the goal.
 * A goal is on the ratio (most lines) or on the value itself (sizes, counts).
 */
export interface Goal {
  on: "ratio" | "value";
  op: "<=" | ">=" | "==";
  target: number;
}

export interface Line {
  name: string;
  unit: string;
  /** Median over the repetitions. */
  value: number;
  baseline: number | null;
  baselineLabel: string;
  /** Median of the per-repetition ratios (each pair measured back to back). */
  ratio: number | null;
  goal: Goal | null;
  ok: boolean | null;
  samples: { value: number; baseline: number | null }[];
  note?: string;
}

export interface Measured {
  value: number;
  baseline?: number | null;
  note?: string;
}

const meets = (goal: Goal, x: number) =>
  goal.op === "<=" ? x <= goal.target : goal.op === ">=" ? x >= goal.target : x === goal.target;

/** Builds a line from repeated paired measurements. */
export function line(
  spec: { name: string; unit: string; baselineLabel?: string; goal?: Goal; note?: string },
  runs: Measured[],
): Line {
  const samples = runs.map((r) => ({ value: r.value, baseline: r.baseline ?? null }));
  const paired = samples.filter((s) => s.baseline !== null && s.baseline !== 0);
  const value = median(samples.map((s) => s.value));
  const baseline = paired.length ? median(paired.map((s) => s.baseline as number)) : null;
  const ratio = paired.length ? median(paired.map((s) => s.value / (s.baseline as number))) : null;
  const goal = spec.goal ?? null;
  const judged = goal ? (goal.on === "ratio" ? ratio : value) : null;
  const notes = [spec.note, ...runs.map((r) => r.note)].filter(Boolean);
  return {
    name: spec.name,
    unit: spec.unit,
    value,
    baseline,
    baselineLabel: spec.baselineLabel ?? "",
    ratio,
    goal,
    ok: goal && judged !== null && !Number.isNaN(judged) ? meets(goal, judged) : null,
    samples,
    note: notes.length ? [...new Set(notes)].join("; ") : undefined,
  };
}

const num = (x: number) =>
  Number.isNaN(x) ? "n/a" : Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2);

export function goalText(goal: Goal | null): string {
  if (!goal) return "—";
  const op = goal.op === "<=" ? "≤" : goal.op === ">=" ? "≥" : "=";
  return goal.on === "ratio" ? `${op} ${goal.target}×` : `${op} ${num(goal.target)}`;
}

export function formatLine(l: Line): string {
  const value = `${num(l.value)} ${l.unit}`;
  const baseline = l.baseline === null ? "—" : `${l.baselineLabel ? `${l.baselineLabel} ` : ""}${num(l.baseline)}`;
  const ratio = l.ratio === null ? "—" : `${num(l.ratio)}×`;
  const verdict = l.ok === null ? "" : l.ok ? "ok" : "short";
  return [
    l.name.padEnd(46),
    value.padStart(14),
    baseline.padStart(24),
    ratio.padStart(8),
    goalText(l.goal).padStart(9),
    `  ${verdict}`,
  ].join("  ");
}

export function header(): string {
  return [
    "name".padEnd(46),
    "value".padStart(14),
    "baseline".padStart(24),
    "ratio".padStart(8),
    "goal".padStart(9),
    "  ok/short",
  ].join("  ");
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** Writes the run's lines as JSON beside the others (bench/results is git-ignored). */
export function saveResults(dir: string, run: Record<string, unknown>, lines: Line[]): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ ...run, lines }, null, 2)}\n`);
  return file;
}
