import type { Passage } from "./retriever";

/**
 * From scored passages to the list a learner sees: lessons ranked by their best passage (plus a
 * little for a second good one, so a lesson that covers the question in several places wins a
 * tie), a small prior for the lesson being read, and diversity: each further passage of a lesson
 * already shown counts for less, so one long lesson cannot fill every slot.
 */
export interface RankOptions {
  limit: number;
  /** The lesson the learner has open, if any. */
  lessonId?: string | null;
  /** Multiplier for the open lesson's passages. */
  prior?: number;
  /** Share of a lesson's second-best passage added to its score. */
  second?: number;
  /** Factor applied per passage of the same lesson already picked. */
  decay?: number;
}

export function rankPassages(
  passages: Passage[],
  { limit, lessonId, prior = 1.15, second = 0.15, decay = 0.45 }: RankOptions,
): Passage[] {
  const boosted = passages.map((p) => (lessonId && p.lessonId === lessonId ? { ...p, score: p.score * prior } : p));
  const byLesson = Map.groupBy(boosted, (p) => p.lessonId);
  const lessonScore = new Map<string, number>();
  for (const [id, list] of byLesson) {
    const [a = 0, b = 0] = list.map((p) => p.score).sort((x, y) => y - x);
    lessonScore.set(id, a + second * b);
  }
  // A passage's own score, lifted to its lesson's score when it is the lesson's best.
  const pool = boosted
    .map((p) => ({ p, own: p.score }))
    .sort((x, y) => y.own - x.own || x.p.chunkId.localeCompare(y.p.chunkId));
  const picked: Passage[] = [];
  const shown = new Map<string, number>();
  while (picked.length < limit && pool.length > 0) {
    let best = 0;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (const [i, { p, own }] of pool.entries()) {
      const count = shown.get(p.lessonId) ?? 0;
      const value = (count === 0 ? (lessonScore.get(p.lessonId) ?? own) : own) * decay ** count;
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    const [{ p }] = pool.splice(best, 1) as [{ p: Passage; own: number }];
    shown.set(p.lessonId, (shown.get(p.lessonId) ?? 0) + 1);
    picked.push(p);
  }
  return picked;
}
