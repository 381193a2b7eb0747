/**
 * Retrieval quality: for each learner question in bench/retrieval/*.json, is the lesson that
 * answers it among the lessons of the top 5 passages? Prints recall@5 and the misses.
 *   npm run bench:recall
 */
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "@/db/client";
import { defaultContentDir, loadCourse } from "@/lib/content/load";
import { seedCourse } from "@/lib/content/seed";
import { postgresRetriever } from "@/lib/rag/postgres";

export interface RecallResult {
  total: number;
  hits: number;
  recall: number;
  misses: { question: string; expected: string; got: string[] }[];
}

export async function measureRecall(k = 5): Promise<RecallResult> {
  const dir = path.join(import.meta.dirname, "retrieval");
  const questions = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as { question: string; lessonId: string }[]);
  const handle = await openDatabase({ driver: "pglite", dataDir: "" }, { inMemory: true });
  try {
    await handle.migrate();
    const course = await loadCourse(defaultContentDir());
    await seedCourse({ db: handle.db, course });
    const retriever = postgresRetriever(handle.db);
    const stageIds = course.stages.map((s) => s.id);
    const misses: RecallResult["misses"] = [];
    for (const q of questions) {
      const passages = await retriever.search({ query: q.question, courseId: course.id, stageIds, limit: k });
      const lessons = [...new Set(passages.map((p) => p.lessonId))];
      if (!lessons.includes(q.lessonId)) misses.push({ question: q.question, expected: q.lessonId, got: lessons });
    }
    const hits = questions.length - misses.length;
    return { total: questions.length, hits, recall: hits / questions.length, misses };
  } finally {
    await handle.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  measureRecall().then((r) => {
    console.log(`recall@5: ${r.hits}/${r.total} = ${(r.recall * 100).toFixed(1)}%`);
    for (const m of r.misses) console.log(`  miss: "${m.question}" expected ${m.expected}, got [${m.got.join(", ")}]`);
  });
}
