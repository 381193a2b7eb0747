import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultContentDir, type LoadedCourse, loadCourse } from "@/lib/content/load";
import { seedCourse } from "@/lib/content/seed";
import { postgresRetriever } from "@/lib/rag/postgres";
import { loadQuestions, type QuestionSet, scoreRetriever } from "../../bench/retrieval-recall";
import { createTestDatabase, type TestDatabase } from "../support/db";

/**
 * Floors against ranking regressions on both question sets, on every database driver (full
 * figures, and the hybrid retriever: `npm run bench:recall`). They sit a little under the
 * measured figures (tuning r@5 98.6%, MRR 0.944; held-out r@5 98.6%, MRR 0.914), so a change that
 * loses a few questions fails here.
 */
let t: TestDatabase;
let course: LoadedCourse;
beforeAll(async () => {
  t = await createTestDatabase();
  course = await loadCourse(defaultContentDir());
  await seedCourse({ db: t.db, course });
});
afterAll(() => t.close());

describe("retrieval quality on the shipped course (full-text)", () => {
  it.each([
    { set: "tuning" as QuestionSet, recallAt5: 0.95, mrr: 0.9 },
    { set: "held-out" as QuestionSet, recallAt5: 0.95, mrr: 0.87 },
  ])("$set questions: recall@5 >= $recallAt5, MRR >= $mrr", async ({ set, recallAt5, mrr }) => {
    const result = await scoreRetriever(postgresRetriever(t.db), course, loadQuestions(set));
    console.info(
      `[retrieval] ${set}: recall@1 ${result.top1}/${result.total}, recall@5 ${result.top5}/${result.total}, MRR ${result.mrr.toFixed(3)}`,
    );
    expect(result.total).toBeGreaterThanOrEqual(48);
    expect(result.recallAt5).toBeGreaterThanOrEqual(recallAt5);
    expect(result.mrr).toBeGreaterThanOrEqual(mrr);
  });
});
