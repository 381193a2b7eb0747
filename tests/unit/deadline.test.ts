import { describe, expect, it } from "vitest";
import { deadline } from "@/lib/tutor/deadline";

const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

describe("deadline", () => {
  it("aborts with a TimeoutError when the time is up", async () => {
    const d = deadline(10);
    await new Promise((resolve) => d.signal.addEventListener("abort", resolve));
    expect((d.signal.reason as DOMException).name).toBe("TimeoutError");
    d.clear();
  });

  it("aborts with the outer signal, and at once if it already has", () => {
    const outer = new AbortController();
    const d = deadline(60_000, outer.signal);
    outer.abort(new Error("learner left"));
    expect(d.signal.aborted).toBe(true);
    expect((d.signal.reason as Error).message).toBe("learner left");
    d.clear();
    expect(deadline(60_000, outer.signal).signal.aborted).toBe(true);
  });

  it("leaves no timer behind once cleared", () => {
    const before = timers();
    const outer = new AbortController();
    const d = deadline(120_000, outer.signal);
    expect(timers()).toBe(before + 1);
    d.clear();
    expect(timers()).toBe(before);
    outer.abort();
    expect(d.signal.aborted).toBe(false);
  });
});
