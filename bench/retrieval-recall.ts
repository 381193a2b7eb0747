/**
 * Retrieval quality on learner questions (bench/retrieval/{tuning,held-out}/*.json): for each
 * question, where does the lesson that answers it first appear among the lessons of the top 5
 * passages? Prints recall@1, recall@5 and MRR per question set and per retriever, and the misses
 * of the tuning set (never those of the held-out set: nobody should tune against them).
 *   npm run bench:recall            (add --misses to list held-out misses too)
 * Retrievers: Postgres full-text on PGlite; the same on a real Postgres when TEST_DATABASE_URL is
 * set; full-text + pgvector (score fusion) with embeddings from the local OpenAI-compatible stub.
 */
import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "@/db/client";
import { vectorStoreAvailable } from "@/db/queries/vectors";
import { defaultContentDir, type LoadedCourse, loadCourse } from "@/lib/content/load";
import { seedCourse } from "@/lib/content/seed";
import { embedderFromEnv } from "@/lib/rag/embeddings";
import { syncRetrievalIndex } from "@/lib/rag/ingest";
import { postgresRetriever } from "@/lib/rag/postgres";
import type { Retriever } from "@/lib/rag/retriever";

export type QuestionSet = "tuning" | "held-out";
export interface Question {
  question: string;
  lessonId: string;
  kinds?: string[];
}

export interface RecallResult {
  total: number;
  /** Questions whose lesson is the first one returned. */
  top1: number;
  /** Questions whose lesson is among the lessons of the top 5 passages. */
  top5: number;
  recallAt1: number;
  recallAt5: number;
  /** Mean reciprocal rank of the answering lesson (0 when it is not returned). */
  mrr: number;
  misses: { question: string; expected: string; got: string[] }[];
}

const K = 5;

export function loadQuestions(set: QuestionSet): Question[] {
  const dir = path.join(import.meta.dirname, "retrieval", set);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as Question[]);
}

export async function scoreRetriever(
  retriever: Retriever,
  course: Pick<LoadedCourse, "id" | "stages">,
  questions: Question[],
): Promise<RecallResult> {
  const stageIds = course.stages.map((s) => s.id);
  let top1 = 0;
  let top5 = 0;
  let rr = 0;
  const misses: RecallResult["misses"] = [];
  for (const q of questions) {
    const passages = await retriever.search({ query: q.question, courseId: course.id, stageIds, limit: K });
    const lessons = [...new Set(passages.map((p) => p.lessonId))];
    const rank = lessons.indexOf(q.lessonId) + 1;
    if (rank === 1) top1++;
    if (rank > 0) {
      top5++;
      rr += 1 / rank;
    }
    if (rank !== 1) misses.push({ question: q.question, expected: q.lessonId, got: lessons });
  }
  const total = questions.length;
  return { total, top1, top5, recallAt1: top1 / total, recallAt5: top5 / total, mrr: rr / total, misses };
}

/** Full-text retrieval on an in-memory PGlite with the shipped course (what the tests hold floors on). */
export async function measureRecall(set: QuestionSet): Promise<RecallResult> {
  const handle = await openDatabase({ driver: "pglite", dataDir: "" }, { inMemory: true });
  try {
    await handle.migrate();
    const course = await loadCourse(defaultContentDir());
    await seedCourse({ db: handle.db, course });
    return await scoreRetriever(postgresRetriever(handle.db), course, loadQuestions(set));
  } finally {
    await handle.close();
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
const line = (name: string, set: QuestionSet, r: RecallResult) =>
  `${name.padEnd(44)} ${set.padEnd(8)}  recall@1 ${pct(r.recallAt1)}  recall@5 ${pct(r.recallAt5)} (${String(r.top5).padStart(2)}/${r.total})  MRR ${r.mrr.toFixed(3)}`;

async function main() {
  const showHeldOutMisses = process.argv.includes("--misses");
  const course = await loadCourse(defaultContentDir());
  const sets: QuestionSet[] = ["tuning", "held-out"];
  const questions = Object.fromEntries(sets.map((s) => [s, loadQuestions(s)])) as Record<QuestionSet, Question[]>;
  const tuningMisses = new Map<string, RecallResult["misses"]>();
  const answerMisses = new Map<string, RecallResult["misses"]>();

  const run = async (name: string, retriever: Retriever) => {
    for (const set of sets) {
      const r = await scoreRetriever(retriever, course, questions[set]);
      console.log(line(name, set, r));
      if (set === "tuning" || showHeldOutMisses) tuningMisses.set(`${name} · ${set}`, r.misses);
    }
  };

  const lite = await openDatabase({ driver: "pglite", dataDir: "" }, { inMemory: true });
  await lite.migrate();
  await seedCourse({ db: lite.db, course });
  await run("full-text · PGlite", postgresRetriever(lite.db));
  const { falseAnswers, loadOffTopic, scoreAnswers } = await import("./retrieval-answers");
  const offTopic = await falseAnswers(lite.db, postgresRetriever(lite.db), course, loadOffTopic());
  console.log(
    `${"retrieval-only answers · PGlite".padEnd(44)} off-topic answered as covered ${offTopic.answered.length}/${offTopic.total}${offTopic.answered.map((a) => `; "${a.question}" → ${a.got}`).join("")}`,
  );
  for (const set of sets) {
    const a = await scoreAnswers(lite.db, postgresRetriever(lite.db), course, questions[set]);
    console.log(
      `${"retrieval-only answers · PGlite".padEnd(44)} ${set.padEnd(8)}  right ${pct(a.rate)} (${a.right}/${a.total})  another lesson ${a.wrong}  nearest only ${a.nearest}  nothing ${a.nothing}`,
    );
    if (set === "tuning" || showHeldOutMisses) {
      answerMisses.set(
        set,
        a.misses.map((m) => ({ question: m.question, expected: m.expected, got: [`${m.fit}: ${m.got ?? "-"}`] })),
      );
    }
  }

  if (process.env.TEST_DATABASE_URL) {
    process.env.TEST_DB_DRIVER = "pg";
    const { createTestDatabase } = await import("../tests/support/db");
    const pg = await createTestDatabase();
    try {
      await seedCourse({ db: pg.db, course });
      await run("full-text · Postgres", postgresRetriever(pg.db));
    } finally {
      await pg.close();
    }
  } else {
    console.log("full-text · Postgres: skipped (set TEST_DATABASE_URL)");
  }

  // Embeddings from the local OpenAI-compatible stub: deterministic hashed bags of words, a
  // stand-in for a real embedding model (none is reachable offline), so this line checks the
  // fusion wiring and that dense results do not drag full-text down, not semantic quality.
  const { startOpenAIStub } = await import("../tests/support/openai-stub");
  const stub = await startOpenAIStub();
  try {
    const embedder = embedderFromEnv({
      model: { apiKey: "sk-local", baseURL: stub.url, tutorModel: "stub", embeddingModel: "stub-embed" },
    });
    if (embedder && (await vectorStoreAvailable(lite.db))) {
      await syncRetrievalIndex({ db: lite.db, embedder });
      await run("full-text + pgvector (fused, stub) · PGlite", postgresRetriever(lite.db, embedder));
    }
  } finally {
    await stub.close();
    await lite.close();
  }

  for (const [set, misses] of answerMisses) tuningMisses.set(`retrieval-only answers · ${set}`, misses);
  for (const [name, misses] of tuningMisses) {
    if (misses.length === 0) continue;
    console.log(`\nnot first (${name}):`);
    for (const m of misses) console.log(`  "${m.question}" → ${m.expected}; got [${m.got.join(", ")}]`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
