import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "@/db/availability";
import { currentUrgency, lowerUrgency, type Urgency, UrgencyGate, withUrgency } from "@/db/urgency";

/** Queues one waiter per urgency given, in that order; records the order they are served in. */
function queue(gate: UrgencyGate, urgencies: Urgency[]) {
  const served: string[] = [];
  const done = urgencies.map((urgency, i) =>
    gate.acquire(urgency).then((release) => {
      served.push(`${urgency}${i}`);
      release();
    }),
  );
  return { served, done: Promise.all(done) };
}

describe("the urgency gate in front of the database's connections", () => {
  it("lets holders straight through while a slot is free", async () => {
    const gate = new UrgencyGate(2);
    const a = await gate.acquire("after");
    const b = await gate.acquire("respond");
    expect(gate.waiting).toEqual([0, 0, 0]);
    a();
    b();
  });

  it("serves waiters by urgency, and in arrival order within one urgency", async () => {
    const gate = new UrgencyGate(1);
    const hold = await gate.acquire("respond");
    const { served, done } = queue(gate, ["after", "stream", "respond", "after", "respond", "stream"]);
    expect(gate.waiting).toEqual([2, 2, 2]);
    hold();
    await done;
    expect(served).toEqual(["respond2", "respond4", "stream1", "stream5", "after0", "after3"]);
  });

  it("serves a waiter that waited too long first, whatever its urgency (nothing starves)", async () => {
    let now = 0;
    const gate = new UrgencyGate(1, { promoteAfterMs: 100, now: () => now });
    const hold = await gate.acquire("respond");
    const old = queue(gate, ["after"]);
    now = 150;
    const fresh = queue(gate, ["respond", "respond"]);
    hold();
    await Promise.all([old.done, fresh.done]);
    // Served in one pass: the old one first, then the urgent ones.
    expect([...old.served, ...fresh.served]).toEqual(["after0", "respond0", "respond1"]);
  });

  it("fails a wait longer than its timeout as a database that is not answering, and forgets it", async () => {
    const gate = new UrgencyGate(1, { timeoutMs: 20 });
    const hold = await gate.acquire("respond");
    const err = await gate.acquire("stream").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(isDatabaseUnavailable(err)).toBe(true);
    expect(gate.waiting).toEqual([0, 0, 0]);
    hold();
    const again = await gate.acquire("after");
    again();
  });

  it("counts a release once, however often it is called", async () => {
    const gate = new UrgencyGate(1);
    const first = await gate.acquire("respond");
    first();
    first();
    const second = await gate.acquire("respond");
    let third = false;
    void gate.acquire("respond").then((release) => {
      third = true;
      release();
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(third).toBe(false);
    second();
    await new Promise((r) => setTimeout(r, 0));
    expect(third).toBe(true);
  });
});

describe("urgency scopes", () => {
  it("are `respond` outside any scope, carry through awaits, and only ever get lower", async () => {
    expect(currentUrgency()).toBe("respond");
    await withUrgency("stream", async () => {
      await new Promise((r) => setTimeout(r, 1));
      expect(currentUrgency()).toBe("stream");
      lowerUrgency("respond");
      expect(currentUrgency()).toBe("stream");
      const later = Promise.resolve().then(() => currentUrgency());
      lowerUrgency("after");
      expect(await later).toBe("after");
    });
    expect(currentUrgency()).toBe("respond");
  });

  it("are what a gate uses when a waiter names none", async () => {
    const gate = new UrgencyGate(1);
    const hold = await gate.acquire("respond");
    const served: string[] = [];
    const note = (label: string) => (release: () => void) => {
      served.push(label);
      release();
    };
    const background = withUrgency("after", () => gate.acquire().then(note("after")));
    const request = gate.acquire().then(note("respond"));
    hold();
    await Promise.all([background, request]);
    expect(served).toEqual(["respond", "after"]);
  });
});
