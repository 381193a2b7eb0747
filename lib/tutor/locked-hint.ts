import type { OutlineStage } from "@/db/queries/content";
import type { Glossary } from "@/lib/rag/glossary";
import { analyzeQuery } from "@/lib/rag/query";
import { bigramsOf, termsOf } from "@/lib/rag/terms";

/**
 * "A later lesson covers this": the question is matched against every lesson's title and
 * summary (never its text), and when a lesson of a locked stage matches clearly better than
 * any unlocked one, the tutor names that stage and lesson and what unlocks it. Nothing else of
 * the locked lesson is used.
 */
export interface CourseCatalog {
  stages: OutlineStage[];
  glossary: Glossary;
}

export interface LockedHint {
  stage: { id: string; title: string; number: number };
  lesson: { id: string; title: string };
  /** The stage whose lessons must all be completed to open `stage`. */
  after: { title: string; number: number } | null;
  /** True when `after` is itself locked (more than one stage to go). */
  moreToGo: boolean;
}

/** How much better the locked lesson's card must score than the best unlocked one. */
const MARGIN = 1.5;
/** And on its own about as much as one word found on no other card. */
const MIN_DISTINCTIVE = 0.9;

export function lockedHint(question: string, catalog: CourseCatalog, unlockedStageIds: string[]): LockedHint | null {
  const cards = catalog.stages.flatMap((stage, i) =>
    stage.lessons.map((lesson) => {
      const terms = termsOf(`${lesson.title}\n${lesson.summary}`);
      const title = termsOf(lesson.title);
      return {
        stage,
        number: i + 1,
        lesson,
        terms: new Set([...terms, ...bigramsOf(terms)]),
        title: new Set([...title, ...bigramsOf(title)]),
      };
    }),
  );
  if (cards.length === 0) return null;
  const query = analyzeQuery(question, catalog.glossary);
  const idf = (lexeme: string) => {
    const df = cards.filter((c) => c.terms.has(lexeme)).length;
    return Math.log(1 + (cards.length - df + 0.5) / (df + 0.5));
  };
  const weights = new Map(query.map((t) => [t.lexeme, t.weight * idf(t.lexeme)]));
  // A word of the title says what the lesson is about more surely than one of its summary.
  const score = (card: { terms: Set<string>; title: Set<string> }) =>
    [...weights].reduce(
      (sum, [lexeme, w]) => sum + (card.terms.has(lexeme) ? w : 0) + (card.title.has(lexeme) ? w : 0),
      0,
    );

  const scored = cards.map((c) => ({ ...c, score: score(c), unlocked: unlockedStageIds.includes(c.stage.id) }));
  const bestUnlocked = Math.max(0, ...scored.filter((c) => c.unlocked).map((c) => c.score));
  const [best] = scored.filter((c) => !c.unlocked).sort((a, b) => b.score - a.score || a.number - b.number);
  const distinctive = Math.log(1 + (cards.length - 1 + 0.5) / 1.5);
  if (!best || best.score < MIN_DISTINCTIVE * distinctive || best.score < MARGIN * bestUnlocked) return null;

  const previous = catalog.stages[best.number - 2];
  return {
    stage: { id: best.stage.id, title: best.stage.title, number: best.number },
    lesson: { id: best.lesson.id, title: best.lesson.title },
    after: previous ? { title: previous.title, number: best.number - 1 } : null,
    moreToGo: previous ? !unlockedStageIds.includes(previous.id) : false,
  };
}
