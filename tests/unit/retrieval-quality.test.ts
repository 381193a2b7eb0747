import { describe, expect, it } from "vitest";
import { measureRecall } from "../../bench/retrieval-recall";

describe("retrieval quality on the shipped course", () => {
  it("puts the answering lesson in the top 5 for most learner questions (full figure from npm run bench:recall)", async () => {
    const result = await measureRecall(5);
    console.info(`[retrieval] recall@5 = ${result.hits}/${result.total}`);
    expect(result.total).toBeGreaterThanOrEqual(20);
    // A floor against regressions, not a target: the measured figure is in the README.
    expect(result.recall).toBeGreaterThanOrEqual(0.75);
  });
});
