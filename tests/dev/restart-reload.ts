/**
 * Issue 13, item 2: does the first page reload itself after `npm run dev` is restarted without
 * deleting `.next`? Starts `next dev` twice in this checkout (the first without `.next/dev`, the
 * second reusing the first one's `.next` and `.data`), opens a page in Chromium after each start and counts the page loads
 * and requests in a quiet window after the first load; then keeps a tab open while the server is
 * stopped and started again, and counts that tab's page loads. Exits 1 when a page reloaded itself.
 * Each case also prints the hot-reload messages the page received (a `reloadPage` names its
 * reason), the server's first compile time and the load average, so a failing run says why.
 *
 *   npx tsx tests/dev/restart-reload.ts [--port 3155] [--path /sign-in] [--first-path …] [--watch 60]
 *     [--email learner@example.test --password …]   (signs in first, for a lesson page)
 *     [--cases first,restart,open-tab]   (which cases to run; all by default)
 *     [--load 4]        (that many busy loops on the CPU for the whole run, as on a loaded machine)
 *     [--throttle 6]    (Chromium's CPU slowed that many times: a slow page start)
 *     [--verbose]       (every server line, console line, page load and hot-reload message)
 *
 * Heavy (two or three dev compiles): run it on its own, not beside a build.
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { type Browser, chromium, type Page } from "@playwright/test";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "3155" },
    path: { type: "string", default: "/sign-in" },
    // The page the first start opens (default: --path). The loop showed on a restart that opened a
    // page the previous run had not compiled: e.g. --first-path /sign-in --path /learn/chats.
    "first-path": { type: "string" },
    watch: { type: "string", default: "60" },
    // A lesson needs a learner: create one first (`npm run cli -- user:create …`) and pass it here.
    email: { type: "string" },
    password: { type: "string" },
    cases: { type: "string", default: "first,restart,open-tab" },
    load: { type: "string", default: "0" },
    throttle: { type: "string", default: "1" },
    verbose: { type: "boolean", default: false },
  },
});
const url = `http://127.0.0.1:${values.port}${values.path}`;
const firstUrl = `http://127.0.0.1:${values.port}${values["first-path"] ?? values.path}`;
const watchMs = Number(values.watch) * 1000;
const t0 = Date.now();
const stamp = () => `[${((Date.now() - t0) / 1000).toFixed(1)}]`;
const trace = (line: string) => {
  if (values.verbose) console.log(`${stamp()} ${line}`);
};

function startDev(log: string[]): ChildProcess {
  const child = spawn("npx", ["next", "dev", "-p", String(values.port), "-H", "127.0.0.1"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    // Sign-ins are accepted from the app's own origin only: make it this server's.
    env: { ...process.env, BETTER_AUTH_URL: new URL(url).origin },
  });
  const keep = (d: Buffer) => {
    for (const line of d.toString().split("\n").filter(Boolean)) {
      log.push(line);
      trace(`dev: ${line}`);
    }
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return child;
}

async function stopDev(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (child.pid) process.kill(-child.pid, "SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
}

/** Busy loops, each its own process group so that they are killed with the run, however it ends. */
function startLoad(count: number): () => void {
  const hogs = Array.from({ length: count }, () =>
    spawn("sh", ["-c", "while :; do :; done"], { detached: true, stdio: "ignore" }),
  );
  const stop = () => {
    for (const hog of hogs) if (hog.pid && hog.exitCode === null) process.kill(-hog.pid, "SIGKILL");
  };
  process.once("exit", stop);
  return stop;
}

const launchBrowser = () =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--headless"],
  });

async function newPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  const rate = Number(values.throttle);
  if (rate > 1) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  }
  page.on("console", (m) => trace(`console: ${m.text().slice(0, 200)}`));
  return page;
}

/** The page's own loads (documents in its main frame), every request, and its hot-reload messages. */
function countLoads(page: Page) {
  const counts = {
    documents: 0,
    requests: 0,
    hmr: new Map<string, number>(),
    reloadReasons: [] as string[],
    updates: [] as string[],
    reset: () => {
      counts.documents = 0;
      counts.requests = 0;
      counts.hmr.clear();
      counts.reloadReasons.length = 0;
      counts.updates.length = 0;
    },
    summary: () =>
      [...counts.hmr].map(([type, n]) => `${type}×${n}`).join(", ") +
      (counts.reloadReasons.length > 0
        ? `; reloadPage reasons: ${[...new Set(counts.reloadReasons)].join(" | ")}`
        : "") +
      (counts.updates.length > 0 ? `; updates: ${[...new Set(counts.updates)].join(" | ")}` : ""),
  };
  page.on("request", (r) => {
    counts.requests++;
    if (r.resourceType() === "document" && r.frame() === page.mainFrame()) {
      counts.documents++;
      trace(`document request #${counts.documents} ${r.url()}`);
    }
  });
  page.on("websocket", (ws) => {
    if (!ws.url().includes("/_next/hmr")) return;
    ws.on("framereceived", ({ payload }) => {
      if (typeof payload !== "string") return;
      let message: { type?: string; action?: string; data?: unknown };
      try {
        message = JSON.parse(payload);
      } catch {
        return;
      }
      const type = String(message.type ?? message.action ?? "?");
      counts.hmr.set(type, (counts.hmr.get(type) ?? 0) + 1);
      if (type === "reloadPage") counts.reloadReasons.push(String(message.data));
      if (type === "turbopack-message")
        for (const update of [message.data].flat()) counts.updates.push(describeUpdate(update));
      const detail =
        type === "reloadPage"
          ? String(message.data)
          : type === "turbopack-message"
            ? [message.data].flat().map(describeUpdate).join(" | ")
            : "";
      if (type !== "devIndicator") trace(`hmr: ${type} ${detail}`);
    });
  });
  return counts;
}

/**
 * One Turbopack update in words: its kind ("partial" is applied in place, "restart" reloads the
 * page), the chunk list it is for, and the modules it brings (their ids name the source files).
 */
function describeUpdate(update: unknown): string {
  const u = update as {
    type?: string;
    resource?: { path?: string };
    instruction?: { merged?: { entries?: Record<string, unknown> }[]; chunks?: Record<string, { type?: string }> };
  };
  const modules = (u.instruction?.merged ?? []).flatMap((m) => Object.keys(m.entries ?? {}));
  const chunks = Object.entries(u.instruction?.chunks ?? {}).map(([path, c]) => `${c.type} ${path}`);
  const shown = (list: string[]) => list.slice(0, 6).join(", ") + (list.length > 6 ? ` (+${list.length - 6})` : "");
  return `${u.type} ${u.resource?.path ?? "?"}${modules.length ? ` modules [${shown(modules)}]` : ""}${chunks.length ? ` chunks [${shown(chunks)}]` : ""}`;
}

/** The first request waits for the compile and the app's start-up: retry until it answers. */
async function firstLoad(page: Page, beforeEachTry = () => {}, target = url) {
  const started = Date.now();
  for (;;) {
    beforeEachTry();
    try {
      if (values.email) {
        const signIn = await page.context().request.post(new URL("/api/auth/sign-in/email", url).toString(), {
          data: { email: values.email, password: values.password },
          headers: { origin: new URL(url).origin },
          timeout: 600_000,
        });
        if (!signIn.ok()) throw new Error(`sign-in answered ${signIn.status()}`);
      }
      await page.goto(target, { timeout: 600_000 });
      return;
    } catch (err) {
      if (Date.now() - started > 900_000) throw err;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

/** The server's own figures: "Compiled in" lines (each one an update sent to browsers) and the first page's time. */
function serverFigures(log: string[]) {
  const compiled = log.filter((l) => l.includes("Compiled in")).length;
  const firstGet = log.find((l) => /GET \S+ 200 in/.test(l))?.match(/ in ([\d.]+(?:min|ms|s))/)?.[1] ?? "–";
  const load = os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(" ");
  return `${compiled} "Compiled in" lines; first page served in ${firstGet}; load average ${load}`;
}

async function visit(label: string, target = url) {
  const log: string[] = [];
  const dev = startDev(log);
  const browser = await launchBrowser();
  try {
    const page = await newPage(browser);
    const started = Date.now();
    // Counted from the first navigation, so a reload while the first load is still going counts too.
    const loads = countLoads(page);
    await firstLoad(page, loads.reset, target);
    const firstLoadMs = Date.now() - started;
    await page.waitForTimeout(watchMs);
    const reloads = loads.documents - 1;
    console.log(
      `${label}: first load after ${(firstLoadMs / 1000).toFixed(1)} s; then in ${values.watch} s ` +
        `${reloads} page reloads, ${loads.requests} requests in all, ${serverFigures(log)}; hmr: ${loads.summary()}`,
    );
    return reloads;
  } finally {
    await browser.close();
    await stopDev(dev);
  }
}

/**
 * The everyday case: the tab stays open while `npm run dev` is stopped and started again. The
 * dev client reloads the page once when its HMR socket reconnects to the new server; any
 * further page load in the watch window is the loop.
 */
async function openTabAcrossRestart() {
  const log: string[] = [];
  let dev = startDev(log);
  const browser = await launchBrowser();
  try {
    const page = await newPage(browser);
    const loads = countLoads(page);
    await firstLoad(page);
    await stopDev(dev);
    await page.waitForTimeout(5_000);
    loads.reset();
    log.length = 0;
    dev = startDev(log);
    await page.waitForTimeout(watchMs + 30_000);
    console.log(
      `tab open across a restart: ${loads.documents} page loads (1 expected), ${loads.requests} requests, ` +
        `in ${watchMs / 1000 + 30} s from the restart; ${serverFigures(log)}; hmr: ${loads.summary()}`,
    );
    return Math.max(0, loads.documents - 1);
  } finally {
    await browser.close();
    await stopDev(dev);
  }
}

const cases = new Set(values.cases.split(","));
const stopLoad = startLoad(Number(values.load));
const reloads: number[] = [];
try {
  if (cases.has("first")) {
    // A first start has no dev output and no Turbopack cache yet (a production build may stay).
    fs.rmSync(".next/dev", { recursive: true, force: true });
    reloads.push(await visit("first start", firstUrl));
  }
  if (cases.has("restart")) reloads.push(await visit("restart (same .next)"));
  if (cases.has("open-tab")) reloads.push(await openTabAcrossRestart());
} finally {
  stopLoad();
}
process.exit(reloads.some((n) => n > 0) ? 1 : 0);
