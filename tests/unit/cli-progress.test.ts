import { describe, expect, it } from "vitest";
import { rateProgress } from "@/scripts/commands/progress";

const sink = (isTTY: boolean) => {
  const writes: string[] = [];
  return { writes, err: { isTTY, write: (text: string) => writes.push(text) } };
};

describe("CLI progress", () => {
  it("on a terminal redraws one bar in place with the rate, ending the line when done", () => {
    const { writes, err } = sink(true);
    const report = rateProgress("importing", "users", err);
    for (const done of [0, 250, 500, 1000]) report({ done, total: 1000 });
    expect(writes).toHaveLength(4);
    expect(writes.every((w) => w.startsWith("\r"))).toBe(true);
    expect(writes[1]).toMatch(/^\rimporting █{8}░{22} 250\/1000 users \d+\/s$/);
    expect(writes[3]).toMatch(/█{30} 1000\/1000 users \d+\/s\n$/);
  });

  it("without a terminal writes plain lines, one per tenth of the work", () => {
    const { writes, err } = sink(false);
    const report = rateProgress("importing", "users", err);
    for (let done = 0; done <= 10_000; done += 500) report({ done, total: 10_000 });
    expect(writes).toHaveLength(11);
    expect(writes[0]).toMatch(/^importing: 0\/10000 users \(0%\), \d+\/s\n$/);
    expect(writes[10]).toMatch(/^importing: 10000\/10000 users \(100%\), \d+\/s\n$/);
    expect(writes.some((w) => w.includes("\r"))).toBe(false);
  });
});
