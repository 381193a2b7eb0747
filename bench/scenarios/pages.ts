import type { AppServer } from "../support/app";
import { closedLoop, gzipSize, rawGet } from "../support/load";
import { type Line, line, type Measured } from "../support/report";
import { median } from "../support/stats";
import type { World } from "../support/world";

export interface Settings {
  quick: boolean;
  reps: number;
  /** Length of one throughput measurement. */
  durationMs: number;
}

/** Lesson pages against the dashboard (/learn) and the health check, 10 clients each. */
async function throughput(app: AppServer, world: World, s: Settings, tag: string): Promise<Line[]> {
  const get = (path: string) => (worker: number) =>
    fetch(`${app.url}${path}`, {
      headers: { cookie: world.learners[worker % world.learners.length]?.cookie ?? "" },
      redirect: "manual",
    }).then(async (res) => {
      await res.arrayBuffer();
      return res.status === 200;
    });
  const lesson: Measured[] = [];
  const lessonP50: Measured[] = [];
  const health: Measured[] = [];
  for (let rep = 0; rep < s.reps; rep++) {
    const run = (path: string) => closedLoop({ concurrency: 10, durationMs: s.durationMs, request: get(path) });
    // Alternate the order so drift in the machine's load does not favour one side.
    const [a, b] =
      rep % 2 === 0
        ? [await run(world.lesson.path), await run("/learn")]
        : await run("/learn").then(async (learn) => [await run(world.lesson.path), learn] as const);
    const h = await run("/api/health");
    const note = a.failed + b.failed > 0 ? `${a.failed + b.failed} failed requests` : undefined;
    lesson.push({ value: a.perSecond, baseline: b.perSecond, note });
    lessonP50.push({ value: median(a.latencies), baseline: median(b.latencies) });
    health.push({ value: h.perSecond });
  }
  return [
    line(
      {
        name: `lesson page req/s, c=10 [${tag}]`,
        unit: "req/s",
        baselineLabel: "/learn",
        goal: { on: "ratio", op: ">=", target: 0.8 },
      },
      lesson,
    ),
    line({ name: `lesson page p50, c=10 [${tag}]`, unit: "ms", baselineLabel: "/learn" }, lessonP50),
    line({ name: `/api/health req/s, c=10 [${tag}]`, unit: "req/s" }, health),
  ];
}

/** Scripts a current browser loads with the page (`noModule` polyfills are for old ones only). */
const scriptSources = (html: string) =>
  [...html.matchAll(/<script([^>]*)\ssrc="([^"]+)"([^>]*)>/g)]
    .filter((m) => !/nomodule/i.test(`${m[1]} ${m[3]}`))
    .map((m) => (m[2] as string).replace(/&amp;/g, "&"));

/** What one lesson page costs to download: its HTML and the JavaScript it loads at once. */
async function weight(app: AppServer, world: World, tag: string): Promise<Line[]> {
  const cookie = world.learners[0]?.cookie ?? "";
  const page = await rawGet(`${app.url}${world.lesson.path}`, { cookie });
  if (page.status !== 200) throw new Error(`lesson page answered ${page.status}`);
  const html = page.body.toString("utf8");
  const payload = [...html.matchAll(/<script>self\.__next_f\.push\(([\s\S]*?)\)<\/script>/g)].reduce(
    (n, m) => n + Buffer.byteLength(m[1] as string),
    0,
  );
  const copies = html.split(world.lesson.marker).length - 1;
  const scripts = [...new Set(scriptSources(html))];
  const chunks = await Promise.all(
    scripts.map(async (src) => {
      const r = await rawGet(new URL(src, app.url).toString());
      return { src, raw: r.body.length, wire: r.wireBytes, gzip: gzipSize(r.body) };
    }),
  );
  const kib = (n: number) => n / 1024;
  if (process.env.BENCH_LIST_CHUNKS)
    for (const c of chunks) console.log(`  ${c.src}  raw ${c.raw}  gz ${c.gzip}  wire ${c.wire}`);
  const wire = chunks.reduce((n, c) => n + c.wire, 0);
  const gz = chunks.reduce((n, c) => n + c.gzip, 0);
  const raw = chunks.reduce((n, c) => n + c.raw, 0);
  const largest = chunks.reduce((a, c) => (c.raw > a.raw ? c : a), { src: "", raw: 0, wire: 0, gzip: 0 });
  return [
    line(
      {
        name: `lesson first-load JS sent [${tag}]`,
        unit: "KiB",
        baselineLabel: "gzip",
        goal: { on: "value", op: "<=", target: 150 },
        note: `${scripts.length} scripts, ${kib(raw).toFixed(0)} KiB uncompressed, largest ${kib(largest.raw).toFixed(0)} KiB (${largest.src.split("/").pop()})`,
      },
      [{ value: kib(wire), baseline: kib(gz) }],
    ),
    line(
      {
        name: `lesson HTML sent [${tag}]`,
        unit: "KiB",
        baselineLabel: "gzip",
        goal: { on: "ratio", op: "<=", target: 1.1 },
        note: `${kib(page.body.length).toFixed(0)} KiB uncompressed, ${kib(payload).toFixed(0)} KiB of it the embedded payload, encoding ${page.headers["content-encoding"] ?? "none"}`,
      },
      [{ value: kib(page.wireBytes), baseline: kib(gzipSize(page.body)) }],
    ),
    line({ name: `lesson copies in the HTML [${tag}]`, unit: "", goal: { on: "value", op: "==", target: 1 } }, [
      { value: copies },
    ]),
  ];
}

export async function pageScenarios(app: AppServer, world: World, s: Settings): Promise<Line[]> {
  const tag = world.driver;
  return [...(await weight(app, world, tag)), ...(await throughput(app, world, s, tag))];
}
