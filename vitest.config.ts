import fs from "node:fs";
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

/**
 * Test files that replace a module with vi.mock (next/headers and next/cache, to call server
 * actions). Most files share workers (isolate: false), and with a shared module cache a mock
 * cannot reach app modules another file already imported with the real module, nor can the
 * mock be kept from the next file's: these run in workers of their own, one per file.
 */
export const moduleMockTests = fs
  .globSync(include, { cwd: root, exclude: (file) => file.includes("node_modules") })
  .filter((file) => /\bvi\.(mock|doMock)\(/.test(fs.readFileSync(path.join(root, file), "utf8")))
  .sort();

export default defineConfig({
  ...shared,
  test: {
    environment: "node",
    globalSetup: ["tests/support/pglite-template.ts"],
    // Vitest defaults to cores - 1 workers: one on a 2-core machine. The tests are CPU-bound
    // (PGlite is WASM), so every core earns its keep.
    maxWorkers: "100%",
    // A fresh worker per file cost ~0.6 s of start-up plus a fresh import of the app (a third of
    // the run). Files open and close their own database and auth instance, and the setup file
    // clears the app's process-wide state before each file, so workers are reused; a run with
    // --sequence.shuffle.files checks that no file depends on the ones before it.
    isolate: false,
    setupFiles: ["tests/support/fresh-process-state.ts"],
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
          exclude: [...exclude, ...productionHashTests, ...moduleMockTests],
          env: { TEST_DB_DRIVER: "pglite", ...fastHashEnv },
        },
      },
      {
        extends: true,
        test: {
          name: "fast-hash, module mocks",
          include: moduleMockTests,
          isolate: true,
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
