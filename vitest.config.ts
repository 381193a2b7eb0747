import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export const shared = {
  resolve: {
    alias: {
      "@": root,
      // `server-only` throws outside React Server Components; tests run server code directly.
      "server-only": path.join(root, "tests/support/empty.ts"),
    },
  },
};

/**
 * The tests that measure password hashing itself (format compatibility with better-auth, the
 * hash limiter, timing): they run at the production scrypt cost. Every other test file signs
 * users up and in at TEST_FAST_PASSWORD_HASH's cost (lib/auth/password-hash.ts).
 */
export const productionHashTests = [
  "tests/unit/password-hash.test.ts",
  "tests/unit/hash-limit.test.ts",
  "tests/unit/legacy-hash.test.ts",
  "tests/integration/auth-lockout-timing.test.ts",
];
export const fastHashEnv = { TEST_FAST_PASSWORD_HASH: "true" };

const include = [
  "tests/unit/**/*.test.{ts,tsx}",
  "tests/integration/**/*.test.{ts,tsx}",
  "tests/security/**/*.test.{ts,tsx}",
];
// Needs a server database to freeze (npm run test:pg).
const exclude = ["tests/security/**/*.pg.test.ts"];

export default defineConfig({
  ...shared,
  test: {
    environment: "node",
    globalSetup: ["tests/support/pglite-template.ts"],
    // Vitest defaults to cores - 1 workers: one on a 2-core machine. The tests are CPU-bound
    // (PGlite is WASM), so every core earns its keep.
    maxWorkers: "100%",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The retention job's routine summary line, printed by every test that runs it: noise that
    // would hide a real log line. Errors a test provokes on purpose go through expectLogged
    // (tests/support/console.ts).
    onConsoleLog: (log, type) => !(type === "stdout" && log.startsWith("[retention] ")),
    projects: [
      {
        extends: true,
        test: {
          name: "fast-hash",
          include,
          exclude: [...exclude, ...productionHashTests],
          env: { TEST_DB_DRIVER: "pglite", ...fastHashEnv },
        },
      },
      {
        extends: true,
        test: { name: "production-hash", include: productionHashTests, env: { TEST_DB_DRIVER: "pglite" } },
      },
    ],
  },
});
