/**
 * Issue 13, item 2: does the first page reload itself after `npm run dev` is restarted without
 * deleting `.next`? Starts `next dev` twice in this checkout (the second start reuses the first
 * one's `.next` and `.data`), opens a page in Chromium after each start and counts the page loads
 * and requests in a quiet window after the first load; then keeps a tab open while the server is
 * stopped and started again, and counts that tab's page loads. Exits 1 when a page reloaded itself.
 *
 *   npx tsx tests/dev/restart-reload.ts [--port 3155] [--path /sign-in] [--watch 60]
 *     [--email learner@example.test --password …]   (signs in first, for a lesson page)
 *
 * Heavy (two dev compiles): run it on its own, not beside a build.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { chromium, type Page } from "@playwright/test";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "3155" },
    path: { type: "string", default: "/sign-in" },
    watch: { type: "string", default: "60" },
    // A lesson needs a learner: create one first (`npm run cli -- user:create …`) and pass it here.
    email: { type: "string" },
    password: { type: "string" },
  },
});
const url = `http://127.0.0.1:${values.port}${values.path}`;
const watchMs = Number(values.watch) * 1000;

function startDev(log: string[]): ChildProcess {
  const child = spawn("npx", ["next", "dev", "-p", String(values.port), "-H", "127.0.0.1"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    // Sign-ins are accepted from the app's own origin only: make it this server's.
    env: { ...process.env, BETTER_AUTH_URL: new URL(url).origin },
  });
  const keep = (d: Buffer) => log.push(...d.toString().split("\n").filter(Boolean));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return child;
}

async function stopDev(child: ChildProcess) {
  if (child.pid) process.kill(-child.pid, "SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
}

const launchBrowser = () =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--headless"],
  });

/** The page's own loads (documents in its main frame) and every request it makes. */
function countLoads(page: Page) {
  const counts = {
    documents: 0,
    requests: 0,
    reset: () => {
      counts.documents = 0;
      counts.requests = 0;
    },
  };
  page.on("request", (r) => {
    counts.requests++;
    if (r.resourceType() === "document" && r.frame() === page.mainFrame()) counts.documents++;
  });
  return counts;
}

/** The first request waits for the compile and the app's start-up: retry until it answers. */
async function firstLoad(page: Page, beforeEachTry = () => {}) {
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
      await page.goto(url, { timeout: 600_000 });
      return;
    } catch (err) {
      if (Date.now() - started > 900_000) throw err;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

async function visit(label: string) {
  const log: string[] = [];
  const dev = startDev(log);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const started = Date.now();
    // Counted from the first navigation, so a reload while the first load is still going counts too.
    const loads = countLoads(page);
    await firstLoad(page, loads.reset);
    const firstLoadMs = Date.now() - started;
    await page.waitForTimeout(watchMs);
    const reloads = loads.documents - 1;
    const compiled = log.filter((l) => l.includes("Compiled in")).length;
    console.log(
      `${label}: first load after ${(firstLoadMs / 1000).toFixed(1)} s; then in ${values.watch} s ` +
        `${reloads} page reloads, ${loads.requests} requests in all, ${compiled} "Compiled in" lines`,
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
    const page = await browser.newPage();
    const loads = countLoads(page);
    await firstLoad(page);
    await stopDev(dev);
    await page.waitForTimeout(5_000);
    loads.reset();
    log.length = 0;
    dev = startDev(log);
    await page.waitForTimeout(watchMs + 30_000);
    const compiled = log.filter((l) => l.includes("Compiled in")).length;
    console.log(
      `tab open across a restart: ${loads.documents} page loads (1 expected), ${loads.requests} requests, ` +
        `${compiled} "Compiled in" lines in ${watchMs / 1000 + 30} s from the restart`,
    );
    return Math.max(0, loads.documents - 1);
  } finally {
    await browser.close();
    await stopDev(dev);
  }
}

const reloads = [await visit("first start"), await visit("restart (same .next)"), await openTabAcrossRestart()];
process.exit(reloads.some((n) => n > 0) ? 1 : 0);
