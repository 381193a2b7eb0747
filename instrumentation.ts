/**
 * Next compiles this file for every runtime; NEXT_RUNTIME is a build-time constant that lets
 * the Edge bundle drop the Node-only code (the only process.env reads outside lib/env.ts).
 * Blank variables are removed before anything else loads (see dropBlankVariables).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { dropBlankVariables } = await import("./lib/env");
    dropBlankVariables();
    const { startServer } = await import("./lib/startup");
    await startServer();
  }
}

/**
 * A page that fails because the database is not answering cannot answer 503 itself (it renders
 * the error page); noting the outage here lets proxy.ts answer the next pages with 503 and
 * Retry-After until it passes.
 */
export async function onRequestError(err: unknown) {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { isDatabaseUnavailable, noteDatabaseUnavailable } = await import("./db/availability");
  if (isDatabaseUnavailable(err)) noteDatabaseUnavailable();
}
