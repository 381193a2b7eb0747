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

export default defineConfig({
  ...shared,
  test: {
    include: [
      "tests/unit/**/*.test.{ts,tsx}",
      "tests/integration/**/*.test.{ts,tsx}",
      "tests/security/**/*.test.{ts,tsx}",
    ],
    // Needs a server database to freeze (npm run test:pg).
    exclude: ["tests/security/**/*.pg.test.ts"],
    environment: "node",
    globalSetup: ["tests/support/pglite-template.ts"],
    // Vitest defaults to cores - 1 workers: one on a 2-core machine. The tests are CPU-bound
    // (PGlite is WASM, scrypt hashes), so every core earns its keep.
    maxWorkers: "100%",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { TEST_DB_DRIVER: "pglite" },
  },
});
