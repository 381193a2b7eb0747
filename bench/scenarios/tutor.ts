import type { AppServer } from "../support/app";
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

const bareRequest = (bareUrl: string, question: string) =>
  timeStream(
    bareUrl,
    { headers: { "content-type": "application/json" }, body: JSON.stringify({ text: question }) },
    "bare",
  );

const failures = (runs: StreamTiming[]) => runs.filter((r) => r.error !== null || r.firstDeltaMs === null);

/**
 * The tutor's first text delta against the bare route on the same model, `c` learners at once,
 * each sending a new conversation; medians over `rounds × c` turns.
 */
async function firstDelta(
  app: AppServer,
  world: World,
  bareUrl: string,
  s: Settings,
  concurrency: number,
): Promise<Line> {
  const turns = concurrency * (s.quick ? 3 : 6);
  const runs: Measured[] = [];
  for (let rep = 0; rep < s.reps; rep++) {
    const tutor = await pool(turns, concurrency, (i) => chatkitRequest(app, world, i % concurrency, QUESTION));
    const bare = await pool(turns, concurrency, () => bareRequest(bareUrl, QUESTION));
    const failed = failures(tutor).length + failures(bare).length;
    runs.push({
      value: median(tutor.map((r) => r.firstDeltaMs ?? Number.NaN).filter((x) => !Number.isNaN(x))),
      baseline: median(bare.map((r) => r.firstDeltaMs ?? Number.NaN).filter((x) => !Number.isNaN(x))),
      note: failed ? `${failed} failed turns` : undefined,
    });
  }
  return line(
    {
      name: `tutor first text delta p50, c=${concurrency} [${world.driver}]`,
      unit: "ms",
      baselineLabel: "bare",
      goal: { on: "ratio", op: "<=", target: 1.5 },
    },
    runs,
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
  const errors = failures(tutor);
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
        [
          {
            value: percentile(
              tutor.map((r) => r.headersMs),
              0.95,
            ),
            baseline: percentile(
              bare.map((r) => r.headersMs),
              0.95,
            ),
          },
        ],
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

export async function tutorScenarios(app: AppServer, world: World, bareUrl: string, s: Settings): Promise<Line[]> {
  // Warm the route and the model connection before timing anything.
  await pool(10, 5, (i) => chatkitRequest(app, world, i, QUESTION));
  await pool(10, 5, () => bareRequest(bareUrl, QUESTION));
  return [await firstDelta(app, world, bareUrl, s, 10), await firstDelta(app, world, bareUrl, s, 50)];
}
