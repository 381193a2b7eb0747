import { defineConfig } from "vitest/config";
import { driverProjects, fastHashEnv, RUN_GUARD } from "./vitest.config.ts";

/**
 * The database-touching integration tests against a real Postgres (TEST_DATABASE_URL), once
 * through node-postgres and once through the Neon serverless driver (over a local
 * WebSocket→TCP proxy started by tests/support/ws-proxy.ts). As in vitest.config.ts, passwords
 * are hashed at the test cost except in the files that call hashAtProductionCost().
 */
const include = ["tests/integration/**/*.test.{ts,tsx}", "tests/security/**/*.test.{ts,tsx}"];
// The embedded database's own code: there is no PGlite folder in these runs.
const exclude = ["tests/integration/pglite-thread.test.ts"];

export default defineConfig({
  // Vitest defaults to cores - 1 workers (one on a 2-core machine); the server does the waiting here.
  test: {
    globalSetup: [RUN_GUARD],
    projects: (["pg", "neon"] as const).flatMap((driver) =>
      driverProjects(driver, include, { TEST_DB_DRIVER: driver, ...fastHashEnv }, exclude),
    ),
    maxWorkers: "100%",
  },
});
