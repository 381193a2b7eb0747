import { performance } from "node:perf_hooks";
import type { AppServer } from "../support/app";
import { appCpu, CpuCosts, type CpuMeter } from "../support/cpu";
import { pool } from "../support/load";
import { startScript } from "../support/procs";
import { type Line, line, type Measured } from "../support/report";
import { median } from "../support/stats";
import { BENCH_PASSWORD, type World } from "../support/world";
import type { Settings } from "./pages";

function signIn(app: AppServer, email: string): Promise<number> {
  return fetch(`${app.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.url },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  }).then(async (res) => {
    await res.arrayBuffer();
    return res.status;
  });
}

/** get-session, one at a time, for `ms`: the latency a signed-in page sees for its session. */
async function sessionLatencies(app: AppServer, world: World, ms: number): Promise<number[]> {
  const cookie = world.learners[1]?.cookie ?? "";
  const out: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const t0 = performance.now();
    const res = await fetch(`${app.url}/api/auth/get-session`, { headers: { cookie } });
    await res.arrayBuffer();
    if (res.status === 200) out.push(performance.now() - t0);
  }
  return out;
}

/** Hashes per second, and the CPU ms its process spent per hash. */
async function bareScrypt(concurrency: number, count: number): Promise<{ rate: number; cpuMs: number }> {
  const { child, match } = await startScript(
    "bare scrypt",
    "bench/support/bare-scrypt.ts",
    [String(concurrency), String(count)],
    /rate ([\d.]+) cpu ([\d.]+)/,
    300_000,
  );
  await child.stop();
  return { rate: Number(match[1]), cpuMs: Number(match[2]) };
}

/** `count` sign-ins, `concurrency` at a time, each worker on its own account: sign-ins per second. */
async function signInRate(app: AppServer, accounts: string[], concurrency: number, count: number) {
  let failed = 0;
  const start = performance.now();
  await pool(count, concurrency, async (i) => {
    if ((await signIn(app, accounts[i % concurrency] as string)) !== 200) failed++;
  });
  return { perSecond: (count - failed) / ((performance.now() - start) / 1000), failed };
}

export async function authScenarios(app: AppServer, world: World, cpu: CpuMeter, s: Settings): Promise<Line[]> {
  const lines: Line[] = [];
  const accounts = world.signInEmails;

  // 16 right passwords for one account at the same moment: a lockout must count failures only.
  const parallel: Measured[] = [];
  for (let rep = 0; rep < s.reps; rep++) {
    // Accounts 16+ are kept for this: a lock left behind must not spoil the throughput runs.
    const target = accounts[16 + (rep % Math.max(1, accounts.length - 16))] as string;
    const statuses = await Promise.all(Array.from({ length: 16 }, () => signIn(app, target)));
    parallel.push({
      value: statuses.filter((x) => x === 200).length,
      note: `statuses ${[...new Set(statuses)].map((x) => `${x}×${statuses.filter((y) => y === x).length}`).join(", ")}`,
    });
  }
  lines.push(
    line(
      {
        name: `16 parallel correct sign-ins, one account [${world.driver}]`,
        unit: "× 200",
        goal: { on: "value", op: "==", target: 16 },
      },
      parallel,
    ),
  );

  // get-session while 16 sign-ins run, against get-session with nothing else running.
  const session: Measured[] = [];
  for (let rep = 0; rep < s.reps; rep++) {
    const idle = await sessionLatencies(app, world, s.durationMs / 2);
    let stop = false;
    const load = Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        while (!stop) await signIn(app, accounts[i % accounts.length] as string);
      }),
    );
    await new Promise((r) => setTimeout(r, 500));
    const busy = await sessionLatencies(app, world, s.durationMs);
    stop = true;
    await load;
    session.push({ value: median(busy), baseline: median(idle) });
  }
  lines.push(
    line(
      {
        name: `get-session p50 during 16 sign-ins [${world.driver}]`,
        unit: "ms",
        baselineLabel: "idle",
        goal: { on: "ratio", op: "<=", target: 3 },
      },
      session,
    ),
  );

  // Sign-in throughput against bare scrypt at the same cost and concurrency (a fixed number of
  // each: at a few hashes per second, a fixed time window would count almost nothing).
  const costs = new CpuCosts(world.driver);
  for (const concurrency of s.quick ? [4, 16] : [4, 8, 16]) {
    const count = Math.max(concurrency * (s.quick ? 1 : 3), 12);
    const runs: Measured[] = [];
    for (let rep = 0; rep < s.reps; rep++) {
      const c0 = appCpu(cpu, world.driver);
      const ours = await signInRate(app, accounts, concurrency, count);
      const c1 = appCpu(cpu, world.driver);
      const bare = await bareScrypt(concurrency, count);
      runs.push({
        value: ours.perSecond,
        baseline: bare.rate,
        note: ours.failed ? `${ours.failed} failed` : undefined,
      });
      costs.add(c0, c1, count, bare.cpuMs);
    }
    lines.push(
      line(
        {
          name: `sign-ins/s, c=${concurrency} [${world.driver}]`,
          unit: "/s",
          baselineLabel: "bare scrypt",
          goal: { on: "ratio", op: ">=", target: 0.9 },
        },
        runs,
      ),
    );
  }
  // No goal: a sign-in's CPU over the bare hash's bounds the rate ratio on busy cores.
  const cost = costs.line({
    name: `sign-in CPU per sign-in [${world.driver}]`,
    baselineLabel: "bare hash",
    serverIncludes: " (its hash threads included)",
    tail: "all concurrencies",
  });
  if (cost) lines.push(cost);
  return lines;
}
