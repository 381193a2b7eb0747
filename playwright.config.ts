import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests against a production build (`npm run build` first) served by `next start`
 * on 127.0.0.1 with a fresh DATA_DIR, in Debian's Chromium (browsers cannot be downloaded here).
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
// Workers inherit the main process's environment, so the folder is chosen once.
process.env.E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "itutor-e2e-"));

export default defineConfig({
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  timeout: 60_000,
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "e2e", testDir: "tests/e2e", use: { ...devices["Desktop Chrome"], channel: undefined } },
    { name: "oidc", testDir: "tests/oidc", use: { ...devices["Desktop Chrome"], channel: undefined } },
    // Issue 14's suite against the production build: headers and framing, sign-in redirects,
    // two-step verification, a fuzz run, and the faults that need a server of their own
    // (memory, shutdown, database outage, blank environment), started on E2E_PORT + 10…19.
    {
      name: "security",
      testDir: "tests/security",
      testMatch: /.*\.spec\.ts$/,
      timeout: 180_000,
      use: { ...devices["Desktop Chrome"], channel: undefined },
    },
  ],
  webServer: {
    // Prepares DATA_DIR with the real CLI, starts the local OpenAI-compatible model server,
    // then runs `npm run start` (tests/support/e2e-server.ts).
    command: "npx tsx tests/support/e2e-server.ts",
    url: `${baseURL}/api/health`,
    reuseExistingServer: process.env.E2E_REUSE_SERVER === "1",
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      DATA_DIR: process.env.E2E_DATA_DIR,
      DATABASE_URL: "",
      BETTER_AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-0123456789",
      BETTER_AUTH_URL: baseURL,
      CRON_SECRET: "e2e-cron-secret-0123456789",
      // The per-IP limiter would throttle a suite that signs in many times from 127.0.0.1;
      // it is covered by its own integration test. Lockout and quotas stay on.
      RATE_LIMIT_ENABLED: "false",
      // Small, so the chat suite can reach it; ChatKit is tried and falls back when its CDN
      // script does not load (tests route that script to a stand-in or to an error).
      TUTOR_DAILY_LIMIT: "5",
      CHAT_UI: "auto",
      // The admin suite signs in as the CLI-made admin without a second factor; the production
      // default (required) is tested on a server of its own in tests/security/two-factor.spec.ts.
      ADMIN_REQUIRE_2FA: "false",
    },
  },
});
