/**
 * What a learner sees, not only what retrieval ranks: for each question, the retrieval-only
 * tutor's answer (no model) for a learner whose stages are open up to the question's lesson.
 * An answer counts when it shows the question's lesson first as a match, not as "the nearest
 * passage" and not "nothing found". Retrieval can rank the right lesson first while the answer
 * still says it found nothing close (a low share of the question matched), so both are measured.
 */
import fs from "node:fs";
import path from "node:path";
import type { Executor } from "@/db/client";
import { getCourseOutline } from "@/db/queries/content";
import { getCourseGlossary } from "@/db/queries/retrieval";
import type { LoadedCourse } from "@/lib/content/load";
import type { Retriever } from "@/lib/rag/retriever";
import { runTutorTurn } from "@/lib/tutor/agent";
import { NEAREST_ONLY, NOTHING_FOUND } from "@/lib/tutor/retrieval-answer";
import type { Question } from "./retrieval-recall";

export type AnswerFit = "answered" | "nearest" | "nothing";

export interface AnswerResult {
  total: number;
  /** Answers that show the question's lesson first, as a match. */
  right: number;
  rate: number;
  /** Answers that show another lesson first as a match. */
  wrong: number;
  /** Answers that show only "the nearest passage", or say nothing was found. */
  nearest: number;
  nothing: number;
  misses: { question: string; expected: string; fit: AnswerFit; got: string | null }[];
}

/** The retrieval-only answer to one question: how it fits, and the lesson it shows first. */
async function answerOf(
  db: Executor,
  retriever: Retriever,
  courseId: string,
  question: string,
  stageIds: string[],
): Promise<{ fit: AnswerFit; first: string | null }> {
  const catalog = async () => ({
    stages: await getCourseOutline({ db, courseId }),
    glossary: await getCourseGlossary({ db, courseId }),
  });
  let text = "";
  let first: string | null = null;
  const turn = runTutorTurn(
    { model: null, retriever },
    { history: [], userText: question, courseId, stageIds, catalog, signal: new AbortController().signal },
  );
  for await (const event of turn) {
    if (event.type === "text") text += event.delta;
    if (event.type === "sources") first ??= event.passages[0]?.lessonId ?? null;
  }
  const fit: AnswerFit = text.includes(NOTHING_FOUND)
    ? "nothing"
    : text.includes(NEAREST_ONLY)
      ? "nearest"
      : "answered";
  return { fit, first };
}

export async function scoreAnswers(
  db: Executor,
  retriever: Retriever,
  course: Pick<LoadedCourse, "id" | "stages">,
  questions: Question[],
): Promise<AnswerResult> {
  const result: AnswerResult = { total: 0, right: 0, rate: 0, wrong: 0, nearest: 0, nothing: 0, misses: [] };
  for (const q of questions) {
    const upTo = course.stages.findIndex((s) => s.lessons.some((l) => l.id === q.lessonId));
    if (upTo < 0) throw new Error(`no lesson ${q.lessonId}`);
    const stageIds = course.stages.slice(0, upTo + 1).map((s) => s.id);
    const { fit, first } = await answerOf(db, retriever, course.id, q.question, stageIds);
    result.total++;
    if (fit === "answered" && first === q.lessonId) {
      result.right++;
      continue;
    }
    if (fit === "answered") result.wrong++;
    else result[fit]++;
    result.misses.push({ question: q.question, expected: q.lessonId, fit, got: first });
  }
  result.rate = result.total ? result.right / result.total : 0;
  return result;
}

/** Questions the course does not cover (bench/retrieval/off-topic/): none should get an answer. */
export function loadOffTopic(): string[] {
  return JSON.parse(
    fs.readFileSync(path.join(import.meta.dirname, "retrieval", "off-topic", "questions.json"), "utf8"),
  );
}

/** The off-topic questions answered as if the course covered them, with every stage open. */
export async function falseAnswers(
  db: Executor,
  retriever: Retriever,
  course: Pick<LoadedCourse, "id" | "stages">,
  questions: string[],
): Promise<{ total: number; answered: { question: string; got: string | null }[] }> {
  const stageIds = course.stages.map((s) => s.id);
  const answered: { question: string; got: string | null }[] = [];
  for (const question of questions) {
    const { fit, first } = await answerOf(db, retriever, course.id, question, stageIds);
    if (fit === "answered") answered.push({ question, got: first });
  }
  return { total: questions.length, answered };
}
