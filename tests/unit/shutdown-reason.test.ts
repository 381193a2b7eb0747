import { describe, expect, it, vi } from "vitest";

/**
 * Next bundles lib/http/shutdown.ts twice in production (instrumentation, which handles
 * SIGTERM, and the routes, which read the abort reason). A reason made by one copy must be
 * recognised by the other, or an answer stopped by SIGTERM passes for a learner's cancel and
 * the learner is never told to retry.
 */
describe("isShutdownReason", () => {
  it("recognises a ShutdownError made by another copy of the module", async () => {
    const first = await import("@/lib/http/shutdown");
    vi.resetModules();
    const second = await import("@/lib/http/shutdown");
    expect(second.ShutdownError).not.toBe(first.ShutdownError);
    expect(second.isShutdownReason(new first.ShutdownError())).toBe(true);
    expect(first.isShutdownReason(new second.ShutdownError())).toBe(true);
  });

  it("does not take a learner's cancel or another error for a shutdown", async () => {
    const { isShutdownReason } = await import("@/lib/http/shutdown");
    const cancelled = new AbortController();
    cancelled.abort();
    expect(isShutdownReason(cancelled.signal.reason)).toBe(false);
    expect(isShutdownReason(new Error("The server is shutting down."))).toBe(false);
    expect(isShutdownReason(undefined)).toBe(false);
  });
});
