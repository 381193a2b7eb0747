import { resetRequest } from "./next-request";

/**
 * Test files share workers (isolate: false in vitest.config.ts). The app keeps its process-wide
 * state on globalThis under `__intellistack…` (database and auth handles, the JWKS cache, the
 * hash limiter and rehash queue, the edge and shutdown flags, a database outage seen, rendered
 * lessons): every file starts without any of it, as a fresh process would, so nothing one file
 * installed (another file's signing keys, say) is seen by the next. Each file closes the
 * database and auth instance it opened itself.
 */
const store = globalThis as Record<string, unknown>;
for (const key of Object.keys(store)) {
  if (key.startsWith("__intellistack")) delete store[key];
}

// The request the next/headers stand-in answers with: none, until the file sets one.
resetRequest();
