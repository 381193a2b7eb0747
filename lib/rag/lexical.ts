import type { Executor } from "@/db/client";
import { getCourseGlossary, searchChunks, similarLexemes, termStats } from "@/db/queries/retrieval";
import { analyzeQuery, correctionTerms, type QueryTerm } from "./query";
import { rankPassages } from "./rank";
import type { Passage, SearchQuery } from "./retriever";

/**
 * Full-text search the way learners ask: the question is analysed like the lessons (stems,
 * phrases, glossary wordings), words the unlocked lessons never use are corrected to the closest
 * course term (pg_trgm), each term is weighted by its rarity (IDF over the unlocked passages), and
 * passages are ranked per lesson with diversity and a small prior for the open lesson.
 */
export const LEXICAL = {
  /** ts_rank weights for D (unused), C (text), B (lesson summary/objectives), A (titles, headings). */
  fieldWeights: [0.1, 0.35, 0.5, 1] as [number, number, number, number],
  minSimilarity: 0.3,
  correctionsPerWord: 2,
  /** Shorter words are too easily "corrected" into another word. */
  minCorrectedLength: 4,
  /** How many scored passages the ranking step chooses from. */
  pool: 60,
};

const idf = (total: number, df: number) => Math.log(1 + (total - df + 0.5) / (df + 0.5));

/** Adds corrections for typed words that no unlocked passage contains. */
async function withCorrections(scope: Omit<SearchQuery, "query" | "limit"> & { db: Executor }, terms: QueryTerm[]) {
  const stats = await termStats({ ...scope, lexemes: terms.map((t) => t.lexeme) });
  const unknown = terms.filter(
    (t) => t.source === "typed" && !stats.df.get(t.lexeme) && (t.word?.length ?? 0) >= LEXICAL.minCorrectedLength,
  );
  if (unknown.length === 0) return { terms, stats };
  const similar = await similarLexemes({
    ...scope,
    words: unknown.map((t) => t.lexeme),
    minSimilarity: LEXICAL.minSimilarity,
    perWord: LEXICAL.correctionsPerWord,
  });
  const corrections: QueryTerm[] = [];
  for (const s of similar) {
    const word = unknown.find((t) => t.lexeme === s.word);
    if (!word || terms.some((t) => t.lexeme === s.lexeme)) continue;
    for (const term of correctionTerms(terms, word, s.lexeme, s.similarity)) {
      if (!corrections.some((c) => c.lexeme === term.lexeme)) corrections.push(term);
    }
  }
  if (corrections.length === 0) return { terms, stats };
  const more = await termStats({ ...scope, lexemes: corrections.map((c) => c.lexeme) });
  for (const [lexeme, n] of more.df) stats.df.set(lexeme, n);
  return { terms: [...terms, ...corrections], stats };
}

export async function lexicalSearch(db: Executor, q: SearchQuery): Promise<Passage[]> {
  if (q.stageIds.length === 0 || !q.query.trim()) return [];
  const scope = { db, courseId: q.courseId, stageIds: q.stageIds };
  const analysed = analyzeQuery(q.query, await getCourseGlossary(scope));
  if (analysed.length === 0) return [];
  const { terms, stats } = await withCorrections(scope, analysed);
  const weighted = terms
    .filter((t) => (stats.df.get(t.lexeme) ?? 0) > 0)
    .map((t) => ({ ...t, weight: t.weight * idf(stats.total, stats.df.get(t.lexeme) ?? 0) }));
  if (weighted.length === 0) return [];

  // What a passage matching every typed word (or its correction) would score, to judge matches.
  const rarest = idf(stats.total, 0);
  const wordWeight = new Map<string, number>();
  for (const t of terms) {
    if ((t.source !== "typed" && t.source !== "corrected") || !t.word) continue;
    const df = stats.df.get(t.lexeme) ?? 0;
    const w = df > 0 ? t.weight * idf(stats.total, df) : t.source === "typed" ? rarest : 0;
    wordWeight.set(t.word, Math.max(wordWeight.get(t.word) ?? 0, w));
  }
  const whole = [...wordWeight.values()].reduce((a, b) => a + b, 0);

  const rows = await searchChunks({
    ...scope,
    terms: weighted.map((t) => ({
      lexeme: t.lexeme,
      weight: t.weight,
      core: t.source === "typed" || t.source === "corrected",
    })),
    fieldWeights: LEXICAL.fieldWeights,
    limit: LEXICAL.pool,
  });
  const passages: Passage[] = rows.map(({ matched, ...row }) => ({
    ...row,
    match: whole > 0 ? Math.min(1, matched / whole) : 0,
  }));
  return rankPassages(passages, { limit: q.limit, lessonId: q.lessonId });
}
