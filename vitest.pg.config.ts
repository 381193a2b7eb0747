import { defineConfig } from "vitest/config";
import { shared } from "./vitest.config.ts";

/**
 * The database-touching integration tests against a real Postgres (TEST_DATABASE_URL), once
 * through node-postgres and once through the Neon serverless driver (over a local
 * WebSocket→TCP proxy started by tests/support/ws-proxy.ts).
 */
const project = (driver: "pg" | "neon") => ({
  ...shared,
  test: {
    name: driver,
    include: ["tests/integration/**/*.test.{ts,tsx}", "tests/security/**/*.test.{ts,tsx}"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { TEST_DB_DRIVER: driver },
  },
});

export default defineConfig({
  // Vitest defaults to cores - 1 workers (one on a 2-core machine); the server does the waiting here.
  test: { projects: [project("pg"), project("neon")], maxWorkers: "100%" },
});
