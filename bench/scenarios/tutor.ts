import type { AppServer } from "../support/app";
import { appCpu, CpuCosts, type CpuMeter } from "../support/cpu";
import { pool, type StreamTiming, timeStream } from "../support/load";
import { type Line, line, type Measured } from "../support/report";
import { median, percentile } from "../support/stats";
import type { World } from "../support/world";
import type { Settings } from "./pages";

const QUESTION = "Why is the inverse of a rotation matrix its transpose?";

function chatkitRequest(app: AppServer, world: World, learner: number, question: string) {
  const who = world.learners[learner % world.learners.length];
  return timeStream(
    `${app.url}/api/chatkit`,
    {
      headers: { "content-type": "application/json", cookie: who?.cookie ?? "", "X-Tutor-Lesson-Id": world.lesson.id },
      body: JSON.stringify({
        type: "threads.create",
        params: {
          input: { content: [{ type: "input_text", text: question }], attachments: [], inference_options: {} },
        },
      }),
    },
    "chatkit",
  );
}

/**
 * The bare route, or (with the app's URL) the floor route: the same lines from inside the app;
 * or, with a learner's cookie, the required-work route (the floor plus session, quota and the
 * stored turn).
 */
const bareRequest = (bareUrl: string, question: string, cookie?: string) =>
  timeStream(
    bareUrl,
    {
      headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ text: question }),
    },
    "bare",
  );
const floorUrl = (app: AppServer) => `${app.url}/api/bench/floor`;
const requiredRequest = (app: AppServer, world: World, learner: number, question: string) =>
  bareRequest(`${app.url}/api/bench/required`, question, world.learners[learner % world.learners.length]?.cookie);
const medianDelta = (runs: StreamTiming[]) =>
  median(runs.map((r) => r.firstDeltaMs ?? Number.NaN).filter((x) => !Number.isNaN(x)));

const failures = (runs: StreamTiming[]) => runs.filter((r) => r.error !== null || r.firstDeltaMs === null);

/**
 * The tutor's first text delta against the bare route on the same model, `c` learners at once,
 * each sending a new conversation; medians over `rounds × c` turns. Beside it, what a turn
 * costs in CPU (the server, plus a local Postgres's processes) against what a bare request
 * costs its process: the work behind the wait, which no scheduling takes away. And the floor
 * route under the same load (the bare route's work inside the app's route runtime), which splits
 * the ratio into what the runtime costs (floor ÷ bare) and what the tutor's own work costs
 * (tutor ÷ floor).
 */
async function firstDelta(
  app: AppServer,
  world: World,
  bareUrl: string,
  cpu: CpuMeter,
  s: Settings,
  concurrency: number,
): Promise<Line[]> {
  const turns = concurrency * (s.quick ? 3 : 6);
  const runs: Measured[] = [];
  const floorRuns: Measured[] = [];
  const ownRuns: Measured[] = [];
  const requiredRuns: Measured[] = [];
  const beyondRuns: Measured[] = [];
  const costs = new CpuCosts(world.driver);
  const floorCosts = new CpuCosts(world.driver);
  const requiredCosts = new CpuCosts(world.driver);
  for (let rep = 0; rep < s.reps; rep++) {
    const t0 = appCpu(cpu, world.driver);
    const tutor = await pool(turns, concurrency, (i) => chatkitRequest(app, world, i % concurrency, QUESTION));
    const t1 = appCpu(cpu, world.driver);
    const b0 = cpu.bare();
    const bare = await pool(turns, concurrency, () => bareRequest(bareUrl, QUESTION));
    const b1 = cpu.bare();
    const f0 = appCpu(cpu, world.driver);
    const floor = await pool(turns, concurrency, () => bareRequest(floorUrl(app), QUESTION));
    const f1 = appCpu(cpu, world.driver);
    const r0 = appCpu(cpu, world.driver);
    const required = await pool(turns, concurrency, (i) => requiredRequest(app, world, i % concurrency, QUESTION));
    const r1 = appCpu(cpu, world.driver);
    const failed = failures(tutor).length + failures(bare).length + failures(floor).length;
    const [t, b, f, r] = [medianDelta(tutor), medianDelta(bare), medianDelta(floor), medianDelta(required)];
    runs.push({ value: t, baseline: b, note: failed ? `${failed} failed turns` : undefined });
    floorRuns.push({ value: f, baseline: b });
    ownRuns.push({ value: t, baseline: f });
    const requiredFailed = failures(required).length;
    requiredRuns.push({ value: r, baseline: b, note: requiredFailed ? `${requiredFailed} failed` : undefined });
    beyondRuns.push({ value: t, baseline: r });
    const bareCpu = b0 === null || b1 === null ? null : (b1 - b0) / turns;
    costs.add(t0, t1, turns, bareCpu);
    floorCosts.add(f0, f1, turns, bareCpu);
    requiredCosts.add(r0, r1, turns, bareCpu);
  }
  const name = (what: string) => `${what}, c=${concurrency} [${world.driver}]`;
  const delta = line(
    {
      name: name("tutor first text delta p50"),
      unit: "ms",
      baselineLabel: "bare",
      goal: { on: "ratio", op: "<=", target: 1.5 },
    },
    runs,
  );
  // No goals below: they explain the line above (the CPU of each turn is what concurrency
  // queues up; the floor route says how much of the ratio the route runtime alone makes).
  const cost = costs.line({
    name: name("tutor CPU per turn"),
    baselineLabel: "bare",
    tail: "the bare route's process alone",
  });
  const floorDelta = line({ name: name("floor route first text p50"), unit: "ms", baselineLabel: "bare" }, floorRuns);
  const floorCost = floorCosts.line({
    name: name("floor route CPU per request"),
    baselineLabel: "bare",
    tail: "the bare route's process alone",
  });
  const own = line({ name: name("tutor first text p50 vs floor"), unit: "ms", baselineLabel: "floor" }, ownRuns);
  // The least any tutor turn must do (session, quota, the stored turn): what it costs against
  // the bare route, and what the tutor's own work adds to it.
  const requiredDelta = line(
    { name: name("required-work route first text p50"), unit: "ms", baselineLabel: "bare" },
    requiredRuns,
  );
  const requiredCost = requiredCosts.line({
    name: name("required-work route CPU per request"),
    baselineLabel: "bare",
    tail: "the bare route's process alone",
  });
  const beyond = line(
    { name: name("tutor first text p50 vs required work"), unit: "ms", baselineLabel: "required" },
    beyondRuns,
  );
  return [delta, cost, floorDelta, floorCost, own, requiredDelta, requiredCost, beyond].filter(
    (l): l is Line => l !== null,
  );
}

export interface ManyStreams {
  lines: Line[];
  /** Threads the run created, checked for their stored answers once the server has stopped. */
  threadIds: string[];
}

/**
 * `count` learners open a conversation at the same moment while the model takes 2 s to start
 * answering: how long until each gets its response headers (the first byte), against the bare
 * route under the same burst. Every stream must end without an error.
 */
export async function manyStreams(app: AppServer, world: World, bareUrl: string, count: number): Promise<ManyStreams> {
  const slow = `${QUESTION} (wait 2000 ms)`;
  const bare = await Promise.all(Array.from({ length: count }, () => bareRequest(bareUrl, slow)));
  const tutor = await Promise.all(Array.from({ length: count }, (_, i) => chatkitRequest(app, world, i, slow)));
  const floor = await Promise.all(Array.from({ length: count }, () => bareRequest(floorUrl(app), slow)));
  const required = await Promise.all(Array.from({ length: count }, (_, i) => requiredRequest(app, world, i, slow)));
  const errors = failures(tutor);
  const p95 = (runs: StreamTiming[]) =>
    percentile(
      runs.map((r) => r.headersMs),
      0.95,
    );
  const goal = world.driver === "pglite" ? 2 : 1.5;
  const firstError = errors[0]?.error ?? (errors.length ? "no text" : "");
  return {
    threadIds: tutor.map((r) => r.threadId).filter((id): id is string => id !== null),
    lines: [
      line(
        {
          name: `${count} tutor streams, first byte p95 [${world.driver}]`,
          unit: "ms",
          baselineLabel: "bare",
          goal: { on: "ratio", op: "<=", target: goal },
          note: `p50 ${median(tutor.map((r) => r.headersMs)).toFixed(0)} ms vs bare ${median(bare.map((r) => r.headersMs)).toFixed(0)} ms; model waits 2 s`,
        },
        [{ value: p95(tutor), baseline: p95(bare) }],
      ),
      // No goal: the same burst on the floor route, the bare route's work inside the app.
      line(
        {
          name: `${count} floor route streams, first byte p95 [${world.driver}]`,
          unit: "ms",
          baselineLabel: "bare",
          note: failures(floor).length ? `${failures(floor).length} failed` : undefined,
        },
        [{ value: p95(floor), baseline: p95(bare) }],
      ),
      line(
        {
          name: `${count} tutor streams, first byte p95 vs floor [${world.driver}]`,
          unit: "ms",
          baselineLabel: "floor",
        },
        [{ value: p95(tutor), baseline: p95(floor) }],
      ),
      // No goals: the least any tutor turn must do (session, quota, the stored turn), same burst.
      line(
        {
          name: `${count} required-work route streams, first byte p95 [${world.driver}]`,
          unit: "ms",
          baselineLabel: "bare",
          note: failures(required).length ? `${failures(required).length} failed` : undefined,
        },
        [{ value: p95(required), baseline: p95(bare) }],
      ),
      line(
        {
          name: `${count} tutor streams, first byte p95 vs required work [${world.driver}]`,
          unit: "ms",
          baselineLabel: "required",
        },
        [{ value: p95(tutor), baseline: p95(required) }],
      ),
      line(
        {
          name: `${count} tutor streams, errors [${world.driver}]`,
          unit: "",
          goal: { on: "value", op: "==", target: 0 },
          note: errors.length ? `first: ${firstError}` : undefined,
        },
        [{ value: errors.length }],
      ),
    ],
  };
}

export async function tutorScenarios(
  app: AppServer,
  world: World,
  bareUrl: string,
  cpu: CpuMeter,
  s: Settings,
): Promise<Line[]> {
  // Warm the route and the model connection before timing anything.
  await pool(10, 5, (i) => chatkitRequest(app, world, i, QUESTION));
  await pool(10, 5, () => bareRequest(bareUrl, QUESTION));
  await pool(10, 5, () => bareRequest(floorUrl(app), QUESTION));
  await pool(10, 5, (i) => requiredRequest(app, world, i, QUESTION));
  return [
    ...(await firstDelta(app, world, bareUrl, cpu, s, 10)),
    ...(await firstDelta(app, world, bareUrl, cpu, s, 50)),
  ];
}
