import fs from "node:fs";
import path from "node:path";
import { defineConfig, type TestUserConfig } from "vitest/config";

const root = import.meta.dirname;

export const shared = {
  resolve: {
    alias: {
      "@": root,
      // `server-only` throws outside React Server Components; tests run server code directly.
      "server-only": path.join(root, "tests/support/empty.ts"),
      // Request-scoped Next.js modules, so tests can call the real server actions (the request
      // is chosen with asRequest). An alias, not vi.mock: files keep sharing workers.
      "next/headers": path.join(root, "tests/support/next-request.ts"),
      "next/cache": path.join(root, "tests/support/next-request.ts"),
    },
  },
};

/**
 * Passwords are hashed at a test-only scrypt cost (lib/auth/password-hash.ts), so the hundreds
 * of sign-ups and sign-ins are not mostly hashing; the files that test hashing itself call
 * hashAtProductionCost() (tests/support/production-hash.ts), which puts the production cost
 * back for that file.
 */
export const fastHashEnv = { TEST_FAST_PASSWORD_HASH: "true" };

const include = [
  "tests/unit/**/*.test.{ts,tsx}",
  "tests/integration/**/*.test.{ts,tsx}",
  "tests/security/**/*.test.{ts,tsx}",
];
// Need a server database (npm run test:pg): to freeze, or to keep named statements.
const exclude = ["tests/**/*.pg.test.ts"];

/**
 * Test files that replace a module with vi.mock (none today: next/headers and next/cache are
 * aliased above). Files share workers (isolate: false), and with a shared module cache a mock
 * cannot reach app modules another file already imported with the real module, nor can the
 * mock be kept from the next file's: such a file runs in a worker of its own.
 */
export const moduleMockTests = fs
  .globSync(include, { cwd: root, exclude: (file) => file.includes("node_modules") })
  .filter((file) => /\bvi\.(mock|doMock)\(/.test(fs.readFileSync(path.join(root, file), "utf8")))
  .sort();

/** The first global setup of every run: a run that never gets going fails instead of passing empty. */
export const RUN_GUARD = "tests/support/run-guard.ts";

/** What every test project shares, here and in vitest.pg.config.ts. */
export const sharedTest: TestUserConfig = {
  environment: "node",
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
};

/** A project for these files on one database driver, and the files that vi.mock isolated beside it. */
export function driverProjects(name: string, files: string[], env: Record<string, string>, excluded: string[] = []) {
  const mocking = moduleMockTests.filter((file) => files.some((glob) => path.matchesGlob(file, glob)));
  const project = (suffix: string, test: object) => ({
    ...shared,
    test: { ...sharedTest, name: name + suffix, env, ...test },
  });
  return [
    project("", { include: files, exclude: [...excluded, ...moduleMockTests] }),
    ...(mocking.length === 0 ? [] : [project(", module mocks", { include: mocking, isolate: true })]),
  ];
}

export default defineConfig({
  ...shared,
  test: {
    globalSetup: [RUN_GUARD, "tests/support/pglite-template.ts"],
    // Vitest defaults to cores - 1 workers: one on a 2-core machine. The tests are CPU-bound
    // (PGlite is WASM), so every core earns its keep.
    maxWorkers: "100%",
    projects: driverProjects("pglite", include, { TEST_DB_DRIVER: "pglite", ...fastHashEnv }, exclude),
  },
});
