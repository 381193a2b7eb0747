import { afterAll } from "vitest";

const store = globalThis as { __intellistackEnv?: unknown };

/**
 * Called at the top of the test files that measure password hashing itself (format
 * compatibility with better-auth, the hash limiter, timing): that file's passwords are hashed at
 * the production scrypt cost. Every other file hashes at TEST_FAST_PASSWORD_HASH's cost
 * (vitest.config.ts sets it; lib/auth/password-hash.ts). Files share workers and module cache,
 * so this is a call, not an import's side effect, and the setting is put back afterwards.
 */
export function hashAtProductionCost(): void {
  const saved = process.env.TEST_FAST_PASSWORD_HASH;
  process.env.TEST_FAST_PASSWORD_HASH = "false";
  store.__intellistackEnv = undefined;
  afterAll(() => {
    if (saved === undefined) delete process.env.TEST_FAST_PASSWORD_HASH;
    else process.env.TEST_FAST_PASSWORD_HASH = saved;
    store.__intellistackEnv = undefined;
  });
}
