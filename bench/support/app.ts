import { createRequire } from "node:module";
import path from "node:path";
import { type Child, freePort, startChild, treeRssMiB, waitForUrl } from "./procs";
import { BENCH_SECRET, type World } from "./world";

/** A production server (`next start` on the current build) on loopback, on the world's database. */
export interface AppServer {
  url: string;
  child: Child;
  rssMiB(): number;
  stop(): Promise<void>;
}

const nextBin = () => createRequire(import.meta.url).resolve("next/dist/bin/next");

export async function startApp({
  world,
  modelUrl,
  port,
}: {
  world: World;
  /** The OpenAI-compatible model the tutor calls. */
  modelUrl: string;
  port?: number;
}): Promise<AppServer> {
  const p = port ?? (await freePort(3720));
  const url = `http://127.0.0.1:${p}`;
  const child = startChild(
    `next start (${world.driver})`,
    process.execPath,
    [nextBin(), "start", "-p", String(p), "-H", "127.0.0.1"],
    {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: "production",
        PORT: String(p),
        HOSTNAME: "127.0.0.1",
        BETTER_AUTH_SECRET: BENCH_SECRET,
        BETTER_AUTH_URL: url,
        CRON_SECRET: "bench-cron-secret-0123456789",
        // Sign-ins come from one address here; the per-IP limiter would measure itself.
        RATE_LIMIT_ENABLED: "false",
        // Every learner sends many turns; the quota check still runs, it just never refuses.
        TUTOR_DAILY_LIMIT: "1000000",
        CHAT_UI: "builtin",
        OPENAI_API_KEY: "sk-bench-local",
        OPENAI_BASE_URL: modelUrl,
        TUTOR_MODEL: "bench-model",
        // The floor route (app/api/bench/floor): the bare route's work inside the app.
        BENCH_FLOOR_ROUTE: "1",
        ...world.appEnv,
        // Profiling a scenario: BENCH_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" (bench/README.md).
        ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
      },
    },
  );
  await waitForUrl(child, `${url}/api/health`);
  return {
    url,
    child,
    rssMiB: () => treeRssMiB(child.pid),
    stop: () => child.stop(),
  };
}
