import { describe, expect, it } from "vitest";
import { HashLimiter, hashLimiter, limitHashing } from "@/lib/auth/hash-limit";
import { hashPassword, verifyPassword } from "@/lib/auth/password-hash";
import { hashAtProductionCost } from "../support/production-hash";

// At the production scrypt cost: this file tests the hashing itself.
hashAtProductionCost();

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("HashLimiter", () => {
  it("never runs more than its limit at once, and starts the rest in arrival order", async () => {
    const limiter = new HashLimiter(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const releases: (() => void)[] = [];
    const tasks = Array.from({ length: 6 }, (_, i) =>
      limiter.run(async () => {
        started.push(i);
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(limiter.queued).toBe(4);
    while (releases.length > 0 || started.length < 6) {
      releases.shift()?.();
      await tick();
    }
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(limiter.inFlight).toBe(0);
  });

  it("frees the slot when a task fails", async () => {
    const limiter = new HashLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(limiter.inFlight).toBe(0);
    expect(await limiter.run(async () => "next")).toBe("next");
  });

  it("background work takes a slot only when no request is waiting for one", async () => {
    const limiter = new HashLimiter(1);
    const order: string[] = [];
    const releases: (() => void)[] = [];
    const task = (name: string) => async () => {
      order.push(name);
      await new Promise<void>((resolve) => releases.push(resolve));
    };
    // Free slot, nobody waiting: background work starts at once.
    const all = [limiter.runInBackground(task("bg1"))];
    await tick();
    expect(order).toEqual(["bg1"]);
    // Queued behind it: more background work, then two requests that arrive later.
    all.push(limiter.runInBackground(task("bg2")));
    all.push(limiter.run(task("req1")), limiter.run(task("req2")));
    await tick();
    expect(limiter.queuedInBackground).toBe(1);
    expect(limiter.queued).toBe(2);
    while (order.length < 4 || releases.length > 0) {
      releases.shift()?.();
      await tick();
    }
    await Promise.all(all);
    // The running hash finishes; both requests go before the waiting background work.
    expect(order).toEqual(["bg1", "req1", "req2", "bg2"]);
    expect(limiter.inFlight).toBe(0);
    // A free slot with background work already waiting is not taken out of turn by new background work.
    expect(await limiter.runInBackground(async () => "alone")).toBe("alone");
  });

  it("background work waits for request hashing to be idle for a quiet period, even with a slot free", async () => {
    const limiter = new HashLimiter(2, 50);
    let releaseRequest = () => {};
    const request = limiter.run(() => new Promise<void>((resolve) => (releaseRequest = resolve)));
    let startedAt = 0;
    const background = limiter.runInBackground(async () => {
      startedAt = performance.now();
    });
    await new Promise((resolve) => setTimeout(resolve, 80));
    // One slot is free, but a request is hashing: a sign-in's next hash would wait behind this work.
    expect(startedAt).toBe(0);
    expect(limiter.queuedInBackground).toBe(1);
    releaseRequest();
    await request;
    const idleFrom = performance.now();
    await background;
    expect(startedAt - idleFrom).toBeGreaterThanOrEqual(40);
    expect(limiter.inFlight).toBe(0);
  });

  it("wraps the real hash and verify: 8 sign-ins at once keep at most the limit in flight", async () => {
    const limiter = hashLimiter();
    let peak = 0;
    const watch = setInterval(() => {
      peak = Math.max(peak, limiter.inFlight);
    }, 1);
    const hash = limitHashing(hashPassword);
    const verify = limitHashing(verifyPassword);
    const stored = await hash("Correct-Horse-Battery-9-Staple");
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        verify({ hash: stored, password: i % 2 ? "Correct-Horse-Battery-9-Staple" : "wrong" }),
      ),
    );
    clearInterval(watch);
    expect(results).toEqual([false, true, false, true, false, true, false, true]);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(limiter.limit);
    expect(limiter.inFlight).toBe(0);
  });
});
