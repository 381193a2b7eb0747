/**
 * The performance suite: every scenario runs against the production build (`next start`) on
 * loopback, paired with a baseline measured in the same run, and prints
 *   name  value  baseline  ratio  goal  ok/short
 * plus a JSON file in bench/results/. Ratios are what to compare between machines and runs;
 * absolute times depend on the machine. See bench/README.md.
 *   npm run bench                 the full suite (PGlite, and Postgres when TEST_DATABASE_URL is set)
 *   npm run bench -- --quick      a short pass (PGlite only, one repetition), under two minutes
 *   npm run bench -- --only pages,tutor,auth,streams,history,memory,legacy   --driver pglite|pg   --strict
 * `legacy` (bench/legacy-import.ts) needs no build: the import rate for 10,000 users and first
 * bcrypt sign-ins through the auth handler against bare bcrypt, printed in its own section.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { openDatabase } from "@/db/client";
import { closeIdlePglite } from "../tests/support/pglite-pool";
import { benchLegacyImport } from "./legacy-import";
import { authScenarios } from "./scenarios/auth";
import { historyScenarios } from "./scenarios/history";
import { pageScenarios, type Settings } from "./scenarios/pages";
import { manyStreams, tutorScenarios } from "./scenarios/tutor";
import { type AppServer, startApp } from "./support/app";
import { type CpuMeter, postgresCpuMs, treeCpuMs, v8PagesMiB } from "./support/cpu";
import { startScript, stopAll } from "./support/procs";
import { formatLine, header, type Line, line, machine, saveResults } from "./support/report";
import { sleep } from "./support/stats";
import { createWorld, type Driver } from "./support/world";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
};

const quick = flag("quick");
const settings: Settings = { quick, reps: quick ? 1 : 3, durationMs: quick ? 3_000 : 8_000 };
const only = new Set((option("only") ?? `pages,tutor,auth,streams,history,memory${quick ? "" : ",legacy"}`).split(","));
const streamCount = Number(option("streams") ?? 500);
const idleMs = Number(option("idle") ?? (quick ? 15_000 : 60_000));
const drivers: Driver[] = option("driver")
  ? [option("driver") as Driver]
  : quick || !process.env.TEST_DATABASE_URL
    ? ["pglite"]
    : ["pglite", "pg"];

function ensureBuild() {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (fs.existsSync(buildId) && !flag("build")) return fs.readFileSync(buildId, "utf8").trim();
  console.log("building (next build)…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error("next build failed");
  return fs.readFileSync(buildId, "utf8").trim();
}

const lines: Line[] = [];
function report(more: Line[]) {
  for (const l of more) {
    lines.push(l);
    console.log(formatLine(l));
    if (l.note) console.log(`${" ".repeat(6)}${l.note}`);
  }
}

async function storedAnswers(open: () => ReturnType<typeof openDatabase>, threadIds: string[]): Promise<number> {
  if (threadIds.length === 0) return 0;
  const handle = await open();
  try {
    const { chatItem } = await import("@/db/schema");
    const { and, inArray, eq } = await import("drizzle-orm");
    const rows = await handle.db
      .selectDistinct({ threadId: chatItem.threadId })
      .from(chatItem)
      .where(and(inArray(chatItem.threadId, threadIds), eq(chatItem.type, "assistant_message")));
    return rows.length;
  } finally {
    await handle.close();
  }
}

async function runDriver(driver: Driver, modelUrl: string, bare: { url: string; pid: number }) {
  const started = performance.now();
  const world = await createWorld({ driver, learners: Math.max(streamCount, 60) });
  console.log(
    `\n[${driver}] ${world.learners.length} learners ready in ${((performance.now() - started) / 1000).toFixed(1)} s; lesson ${world.lesson.path}`,
  );
  let app: AppServer | undefined;
  try {
    app = await startApp({ world, modelUrl });
    // Warm every route once (first compiles, first lesson render, connections).
    for (const p of ["/learn", world.lesson.path, "/api/health"]) {
      await fetch(`${app.url}${p}`, { headers: { cookie: world.learners[0]?.cookie ?? "" } }).then((r) =>
        r.arrayBuffer(),
      );
    }
    const idleRss = app.rssMiB();
    if (only.has("pages")) report(await pageScenarios(app, world, settings));
    // CPU per turn or sign-in, beside the latency and rate lines (Linux /proc; null elsewhere).
    const server = app;
    const cpu: CpuMeter = {
      app: () => treeCpuMs(server.child.pid),
      database: postgresCpuMs,
      bare: () => treeCpuMs(bare.pid),
    };
    if (only.has("tutor")) report(await tutorScenarios(app, world, bare.url, cpu, settings));
    if (only.has("auth")) report(await authScenarios(app, world, cpu, settings));
    let threadIds: string[] = [];
    if (only.has("streams")) {
      const many = await manyStreams(app, world, bare.url, streamCount);
      report(many.lines);
      threadIds = many.threadIds;
    }
    if (only.has("memory")) {
      const loaded = app.rssMiB();
      await sleep(idleMs);
      const rested = app.rssMiB();
      const heap = v8PagesMiB(app.child.pid);
      report([
        line(
          {
            name: `server RSS after load, then ${idleMs / 1000} s idle [${driver}]`,
            unit: "MiB",
            baselineLabel: "idle at start",
            goal: { on: "ratio", op: "<=", target: 1.5 },
            note: `right after the load ${loaded.toFixed(0)} MiB${heap === null ? "" : `; after the idle, ${heap.toFixed(0)} MiB of it V8's heap pages (live objects and uncollected garbage)`}`,
          },
          [{ value: rested, baseline: idleRss }],
        ),
      ]);
    }
    await app.stop();
    app = undefined;
    if (only.has("streams")) {
      const stored = await storedAnswers(world.open, threadIds);
      report([
        line(
          {
            name: `${streamCount} tutor streams, answers stored [${driver}]`,
            unit: "",
            goal: { on: "value", op: "==", target: streamCount },
          },
          [{ value: stored }],
        ),
      ]);
    }
  } finally {
    await app?.stop();
    await world.cleanup();
  }
}

/** A database of its own for the in-process history measures. */
async function historyDatabase(driver: Driver) {
  if (driver === "pglite") {
    const handle = await openDatabase({ driver: "pglite", dataDir: "" }, { inMemory: true });
    await handle.migrate();
    return { handle, done: () => handle.close() };
  }
  const world = await createWorld({ driver, learners: 1, signIns: 0 });
  const handle = await world.open();
  return {
    handle,
    done: async () => {
      await handle.close();
      await world.cleanup();
    },
  };
}

async function main() {
  if (only.has("legacy")) await benchLegacyImport({ postgres: drivers.includes("pg") });
  if (only.size === 1 && only.has("legacy")) return;
  const buildId = ensureBuild();
  const host = machine();
  console.log(
    `IntelliStack Tutor benchmark${quick ? " (quick)" : ""}: build ${buildId}, ${host.cpus} × ${host.cpuModel}, ${host.memoryGiB} GiB, Node ${host.node}, load ${host.loadAverage.join(" ")}`,
  );
  console.log(`drivers: ${drivers.join(", ")}; ${settings.reps} repetition(s) per measure; medians\n`);
  console.log(header());
  const t0 = performance.now();

  if (only.has("history")) {
    for (const driver of drivers) {
      const { handle, done } = await historyDatabase(driver);
      try {
        report(await historyScenarios(handle, driver, settings));
      } finally {
        await done();
      }
    }
  }

  const http = ["pages", "tutor", "auth", "streams", "memory"].some((s) => only.has(s));
  if (http) {
    const model = await startScript("model", "bench/support/model-server.ts", ["0"], /ready (\S+)/);
    const bare = await startScript(
      "bare route",
      "bench/support/bare-route.ts",
      ["0", model.match[1] as string],
      /ready (\S+)/,
    );
    try {
      for (const driver of drivers) {
        await runDriver(driver, model.match[1] as string, { url: bare.match[1] as string, pid: bare.child.pid });
      }
    } finally {
      await bare.child.stop();
      await model.child.stop();
    }
  }

  const seconds = (performance.now() - t0) / 1000;
  const short = lines.filter((l) => l.ok === false);
  console.log(
    `\n${lines.length} measures in ${seconds.toFixed(0)} s: ${lines.filter((l) => l.ok).length} ok, ${short.length} short`,
  );
  const file = saveResults(
    path.join(root, "bench/results"),
    { quick, buildId, machine: host, drivers, seconds },
    lines,
  );
  console.log(`results: ${path.relative(root, file)}`);
  if (flag("strict") && short.length > 0) process.exitCode = 1;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void stopAll().finally(() => process.exit(130));
  });
}

main()
  .catch(async (err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(async () => {
    await stopAll();
    // The query benchmarks borrow in-memory databases from the test pool; open, they would keep
    // this process running after the report.
    await closeIdlePglite();
  });
