import { type Chunk, chunkLesson } from "./chunking";
import { bigramsOf, termsOf } from "./terms";

/**
 * A passage's search document: a Postgres tsvector literal built from our own terms (so lessons
 * and questions are analysed by one piece of code), with its fields weighted: A the lesson
 * title and the section heading, B the lesson's summary and objectives, C the passage text.
 * Bigrams of neighbouring terms are indexed beside the terms.
 */
export interface DocumentFields {
  lessonTitle: string;
  heading: string;
  /** Lesson-level descriptions repeated on every passage of the lesson. */
  lessonSummary: string;
  content: string;
}

/** Bump when the analysis changes: stored passages with another version are re-indexed. */
export const ANALYZER_VERSION = "2";

const MAX_POSITION = 16_383;

export function searchDocument(fields: DocumentFields): string {
  const positions = new Map<string, string[]>();
  let position = 0;
  const add = (text: string, weight: "A" | "B" | "C") => {
    const terms = termsOf(text);
    for (const [i, term] of terms.entries()) {
      position = Math.min(position + 1, MAX_POSITION);
      push(term, `${position}${weight}`);
      const previous = i > 0 ? bigramsOf([terms[i - 1] as string, term]) : [];
      for (const pair of previous) push(pair, `${position}${weight}`);
    }
    position = Math.min(position + 1, MAX_POSITION); // fields do not run into each other
  };
  const push = (lexeme: string, at: string) => {
    const list = positions.get(lexeme) ?? [];
    // Postgres keeps at most 256 positions per lexeme; more would not change the rank.
    if (list.length < 256) list.push(at);
    positions.set(lexeme, list);
  };
  add(fields.lessonTitle, "A");
  add(fields.heading, "A");
  add(fields.lessonSummary, "B");
  add(fields.content, "C");
  return [...positions].map(([lexeme, at]) => `'${lexeme}':${at.join(",")}`).join(" ");
}

export interface LessonForIndex {
  title: string;
  summary: string;
  objectives: string[];
  body: string;
}

/**
 * A lesson's retrieval chunks, each with its search document, and the lesson's vocabulary (its
 * single-word terms, which typo correction chooses from).
 */
export function indexLesson(lesson: LessonForIndex): { chunks: (Chunk & { tsv: string })[]; terms: string[] } {
  const lessonSummary = [lesson.summary, ...lesson.objectives].join("\n");
  const chunks = chunkLesson(lesson.title, lesson.body).map((chunk) => ({
    ...chunk,
    tsv: searchDocument({ lessonTitle: lesson.title, heading: chunk.heading, lessonSummary, content: chunk.content }),
  }));
  const terms = new Set<string>();
  for (const chunk of chunks) {
    for (const [, lexeme] of chunk.tsv.matchAll(/'([^'_]+)':/g)) terms.add(lexeme as string);
  }
  return { chunks, terms: [...terms].sort() };
}
