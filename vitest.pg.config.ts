import { defineConfig } from "vitest/config";
import { fastHashEnv, productionHashTests, shared } from "./vitest.config.ts";

/**
 * The database-touching integration tests against a real Postgres (TEST_DATABASE_URL), once
 * through node-postgres and once through the Neon serverless driver (over a local
 * WebSocket→TCP proxy started by tests/support/ws-proxy.ts). As in vitest.config.ts, the files
 * that measure password hashing run at the production cost, the rest at the test cost.
 */
const include = ["tests/integration/**/*.test.{ts,tsx}", "tests/security/**/*.test.{ts,tsx}"];

const project = (driver: "pg" | "neon", hashing: "fast" | "production") => ({
  ...shared,
  test: {
    name: hashing === "fast" ? driver : `${driver} (production hash)`,
    include: hashing === "fast" ? include : productionHashTests.filter((file) => file.startsWith("tests/integration/")),
    exclude: hashing === "fast" ? productionHashTests : [],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { TEST_DB_DRIVER: driver, ...(hashing === "fast" ? fastHashEnv : {}) },
  },
});

export default defineConfig({
  // Vitest defaults to cores - 1 workers (one on a 2-core machine); the server does the waiting here.
  test: {
    projects: [
      project("pg", "fast"),
      project("pg", "production"),
      project("neon", "fast"),
      project("neon", "production"),
    ],
    maxWorkers: "100%",
  },
});
