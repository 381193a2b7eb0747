import { defineConfig } from "vitest/config";
import { fastHashEnv, shared } from "./vitest.config.ts";

/**
 * The database-touching integration tests against a real Postgres (TEST_DATABASE_URL), once
 * through node-postgres and once through the Neon serverless driver (over a local
 * WebSocket→TCP proxy started by tests/support/ws-proxy.ts). As in vitest.config.ts, passwords
 * are hashed at the test cost except in the files that import tests/support/production-hash.ts.
 */
const include = ["tests/integration/**/*.test.{ts,tsx}", "tests/security/**/*.test.{ts,tsx}"];

const project = (driver: "pg" | "neon") => ({
  ...shared,
  test: {
    name: driver,
    include,
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { TEST_DB_DRIVER: driver, ...fastHashEnv },
  },
});

export default defineConfig({
  // Vitest defaults to cores - 1 workers (one on a 2-core machine); the server does the waiting here.
  test: {
    projects: [project("pg"), project("neon")],
    maxWorkers: "100%",
  },
});
