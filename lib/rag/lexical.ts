import type { Executor } from "@/db/client";
import { type CourseIndex, courseIndex, scopePassages, similarTerms, termStats } from "./course-index";
import { analyzeQuery, correctionTerms, type QueryTerm } from "./query";
import { rankPassages } from "./rank";
import type { Passage, SearchQuery } from "./retriever";
import { scorePassages } from "./ts-rank";
import { correctionDistance } from "./typos";

/**
 * Full-text search the way learners ask: the question is analysed like the lessons (stems,
 * phrases, glossary wordings); words the unlocked lessons never use are corrected to a course
 * term a keystroke or two away (proposed by pg_trgm, checked by edit distance); each term is
 * weighted by its rarity (IDF over the unlocked passages). course-index.ts keeps the statistics,
 * the proposals and the passages per index version, so the search itself is scored in the process
 * (ts-rank.ts). Passages are ranked per lesson with diversity and a small prior for the open lesson.
 */
export const LEXICAL = {
  /** ts_rank weights for D (unused), C (text), B (lesson summary/objectives), A (titles, headings). */
  fieldWeights: [0.1, 0.35, 0.5, 1] as [number, number, number, number],
  minSimilarity: 0.3,
  /** Trigram proposals per word, before the edit-distance check keeps the close ones. */
  proposalsPerWord: 6,
  correctionsPerWord: 2,
  /** Shorter words are too easily "corrected" into another word. */
  minCorrectedLength: 4,
  /** How many scored passages the ranking step chooses from. */
  pool: 60,
};

const idf = (total: number, df: number) => Math.log(1 + (total - df + 0.5) / (df + 0.5));

/** Adds corrections for typed words that no unlocked passage contains. */
async function withCorrections(
  scope: Omit<SearchQuery, "query" | "limit"> & { db: Executor; index: CourseIndex },
  terms: QueryTerm[],
) {
  const { db, index, stageIds } = scope;
  const stats = await termStats(
    db,
    index,
    stageIds,
    terms.map((t) => t.lexeme),
  );
  const unknown = terms.filter(
    (t) => t.source === "typed" && !stats.df.get(t.lexeme) && (t.word?.length ?? 0) >= LEXICAL.minCorrectedLength,
  );
  if (unknown.length === 0) return { terms, stats };
  const similar = await similarTerms(
    db,
    index,
    stageIds,
    unknown.map((t) => t.lexeme),
    { minSimilarity: LEXICAL.minSimilarity, perWord: LEXICAL.proposalsPerWord },
  );
  const corrections: QueryTerm[] = [];
  for (const word of unknown) {
    const close = similar
      .filter((s) => s.word === word.lexeme && !terms.some((t) => t.lexeme === s.lexeme))
      .map((s) => ({ ...s, distance: correctionDistance(word.word ?? word.lexeme, word.lexeme, s.lexeme) }))
      .filter((s): s is typeof s & { distance: number } => s.distance !== null)
      .sort((a, b) => a.distance - b.distance || b.similarity - a.similarity)
      .slice(0, LEXICAL.correctionsPerWord);
    for (const s of close) {
      for (const term of correctionTerms(terms, word, s.lexeme, s.distance === 0 ? 1 : 0.85)) {
        if (!corrections.some((c) => c.lexeme === term.lexeme)) corrections.push(term);
      }
    }
  }
  if (corrections.length === 0) return { terms, stats };
  const more = await termStats(
    db,
    index,
    stageIds,
    corrections.map((c) => c.lexeme),
  );
  for (const [lexeme, n] of more.df) stats.df.set(lexeme, n);
  return { terms: [...terms, ...corrections], stats };
}

export async function lexicalSearch(db: Executor, q: SearchQuery): Promise<Passage[]> {
  if (q.stageIds.length === 0 || !q.query.trim()) return [];
  const index = await courseIndex(db, q.courseId, q.indexVersion);
  const scope = { db, courseId: q.courseId, stageIds: q.stageIds };
  const analysed = analyzeQuery(q.query, index.glossary);
  if (analysed.length === 0) return [];
  const { terms, stats } = await withCorrections({ ...scope, index }, analysed);
  const weighted = terms
    .filter((t) => (stats.df.get(t.lexeme) ?? 0) > 0)
    .map((t) => ({ ...t, weight: t.weight * idf(stats.total, stats.df.get(t.lexeme) ?? 0) }));
  if (weighted.length === 0) return [];

  // The weight of a passage containing every typed word, each as typed or as the course term
  // it was corrected to (a correction itself counts for less: it may be the wrong guess).
  const rarest = idf(stats.total, 0);
  const wordWeight = new Map<string, number>();
  for (const t of terms) {
    if ((t.source !== "typed" && t.source !== "corrected") || !t.word) continue;
    const df = stats.df.get(t.lexeme) ?? 0;
    if (df > 0) wordWeight.set(t.word, Math.max(wordWeight.get(t.word) ?? 0, idf(stats.total, df)));
  }
  for (const t of terms) if (t.source === "typed" && t.word && !wordWeight.has(t.word)) wordWeight.set(t.word, rarest);
  const whole = [...wordWeight.values()].reduce((a, b) => a + b, 0);

  const scoring = weighted.map((t) => ({
    lexeme: t.lexeme,
    weight: t.weight,
    core: t.source === "typed" || t.source === "corrected",
  }));
  const rows = scorePassages(await scopePassages(db, index, q.stageIds), scoring, LEXICAL.fieldWeights, LEXICAL.pool);
  // A passage's match is the mean of its own share of the question and its lesson's (the words
  // any of the lesson's scored passages contain): a learner's question in their own words rarely
  // has every word in one section, though the lesson it opens covers them.
  const weightOf = new Map(scoring.filter((t) => t.core).map((t) => [t.lexeme, t.weight]));
  const lessonTerms = new Map<string, Set<string>>();
  for (const row of rows) {
    const terms = lessonTerms.get(row.lessonId) ?? new Set<string>();
    for (const term of row.matchedTerms) terms.add(term);
    lessonTerms.set(row.lessonId, terms);
  }
  const lessonMatched = new Map(
    [...lessonTerms].map(([id, terms]) => [id, [...terms].reduce((sum, t) => sum + (weightOf.get(t) ?? 0), 0)]),
  );
  const passages: Passage[] = rows.map(({ matched, matchedTerms: _, ...row }) => ({
    ...row,
    match: whole > 0 ? Math.min(1, (matched + (lessonMatched.get(row.lessonId) ?? matched)) / (2 * whole)) : 0,
  }));
  return rankPassages(passages, { limit: q.limit, lessonId: q.lessonId });
}
