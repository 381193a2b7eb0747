/**
 * Graceful stop. On SIGTERM, Next stops accepting connections and waits for open responses;
 * a tutor answer can stream for a minute or more, past any orchestrator's kill timeout (Docker
 * waits 10 s, often less is configured), and a killed answer was lost. So answers get a short
 * grace period to finish; then every one still running is stopped the way a disconnect stops
 * it (the partial text is saved), told to the learner as a retryable error, and the process
 * exits well before a kill arrives.
 */

/** How long in-flight answers may run on after SIGTERM before they are saved and ended. */
export const SHUTDOWN_GRACE_MS = 3_000;

// Next bundles this module once for instrumentation (which handles SIGTERM) and again for the
// routes (which read the reason), so `instanceof` across the two fails; a registered symbol
// brands the error the same way in every copy.
const SHUTDOWN = Symbol.for("intellistack.shutdown");

export class ShutdownError extends Error {
  readonly [SHUTDOWN] = true;
  constructor() {
    super("The server is shutting down.");
    this.name = "ShutdownError";
  }
}

interface State {
  controller: AbortController;
  draining: boolean;
  installed: boolean;
}

const store = globalThis as unknown as { __intellistackShutdown?: State };
const state = (): State => {
  store.__intellistackShutdown ??= { controller: new AbortController(), draining: false, installed: false };
  return store.__intellistackShutdown;
};

/** Aborts (with a ShutdownError) when the grace period after SIGTERM has run out. */
export const shutdownSignal = (): AbortSignal => state().controller.signal;

/** True from SIGTERM on: new answers are refused (503) while running ones finish. */
export const isShuttingDown = (): boolean => state().draining;

export const isShutdownReason = (reason: unknown): boolean =>
  typeof reason === "object" && reason !== null && (reason as Record<symbol, unknown>)[SHUTDOWN] === true;

export function beginShutdown(graceMs = SHUTDOWN_GRACE_MS, afterGrace?: () => void): void {
  const s = state();
  if (s.draining) return;
  s.draining = true;
  setTimeout(() => {
    s.controller.abort(new ShutdownError());
    // Answers now end within moments; close their connections as they fall idle.
    if (afterGrace) setInterval(afterGrace, 100).unref();
  }, graceMs).unref();
}

/** Called once at start-up; Next's own handler still closes the server and exits. */
export function installShutdownHandler(afterGrace?: () => void): void {
  const s = state();
  if (s.installed) return;
  s.installed = true;
  process.once("SIGTERM", () => beginShutdown(SHUTDOWN_GRACE_MS, afterGrace));
}
