import { describe, expect, it } from "vitest";
import { measureRecall } from "../../bench/retrieval-recall";

/**
 * Floors against ranking regressions on both question sets (full figures and the hybrid
 * retriever: `npm run bench:recall`). They sit a little under the measured figures, so a change
 * that loses a few questions fails here.
 */
describe("retrieval quality on the shipped course (full-text, PGlite)", () => {
  it.each([
    { set: "tuning" as const, recallAt5: 0.85, mrr: 0.7 },
    { set: "held-out" as const, recallAt5: 0.85, mrr: 0.7 },
  ])("$set questions: recall@5 >= $recallAt5, MRR >= $mrr", async ({ set, recallAt5, mrr }) => {
    const result = await measureRecall(set);
    console.info(
      `[retrieval] ${set}: recall@1 ${result.top1}/${result.total}, recall@5 ${result.top5}/${result.total}, MRR ${result.mrr.toFixed(3)}`,
    );
    expect(result.total).toBeGreaterThanOrEqual(48);
    expect(result.recallAt5).toBeGreaterThanOrEqual(recallAt5);
    expect(result.mrr).toBeGreaterThanOrEqual(mrr);
  });
});
