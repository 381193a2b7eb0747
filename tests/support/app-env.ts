import { onTestFinished, vi } from "vitest";

const cached = globalThis as { __intellistackEnv?: unknown };

/**
 * The app's configuration from these variables for the current test: lib/env.ts caches what it
 * parsed, so the cache is dropped now and again when the test ends (with the variables, and
 * after `cleanup`).
 */
export function stubAppEnv(vars: Record<string, string | undefined>, cleanup?: () => void): void {
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  cached.__intellistackEnv = undefined;
  onTestFinished(() => {
    vi.unstubAllEnvs();
    cached.__intellistackEnv = undefined;
    cleanup?.();
  });
}
