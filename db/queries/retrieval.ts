import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { course, lessonChunk, lessonTerm } from "@/db/schema";

/**
 * Lexical retrieval over lesson chunks. Terms arrive already analysed (lib/rag/terms.ts) and are
 * matched as exact lexemes of the app-built tsvector, each cast from a quoted literal, so no
 * input can change the query's shape. Every statement carries the stage filter in its WHERE
 * clause: a locked stage's text is never read, and the term statistics (IDF) come from the
 * unlocked passages only.
 */
type Scope = { db: Executor; courseId: string; stageIds: string[] };

const inScope = (courseId: string, stageIds: string[]) =>
  and(eq(lessonChunk.courseId, courseId), inArray(lessonChunk.stageId, stageIds));

/**
 * How many passages in scope there are, and how many contain each of their lexemes (ts_stat's
 * document count: exactly the passages `tsv @@ 'lexeme'` matches). One pass over the scope;
 * lib/rag/course-index.ts keeps the result per index version.
 */
export async function scopeTermStats({ db, courseId, stageIds }: Scope) {
  if (stageIds.length === 0) return { total: 0, df: new Map<string, number>() };
  // ts_stat takes the query as text: format(%L) quotes the course and stage ids into it.
  const result = await db.execute(sql`
    select word as lexeme, ndoc::int as df, (select count(*) from ${lessonChunk} where ${inScope(courseId, stageIds)})::int as total
    from ts_stat(format('select tsv from lesson_chunk where course_id = %L and stage_id = any(%L::text[])',
                        ${courseId}::text, ${sql.param(stageIds)}::text[]))`);
  const rows = rowsOf<{ lexeme: string; df: number; total: number }>(result);
  const total = rows[0]?.total ?? Number((await countScope({ db, courseId, stageIds })) ?? 0);
  return { total, df: new Map(rows.map((r) => [r.lexeme, Number(r.df)])) };
}

async function countScope({ db, courseId, stageIds }: Scope) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(lessonChunk).where(inScope(courseId, stageIds));
  return row?.n;
}

/** The course's index version (see `course.indexVersion`), or null for an unknown course. */
export async function getIndexVersion({ db, courseId }: { db: Executor; courseId: string }) {
  const [row] = await db.select({ v: course.indexVersion }).from(course).where(eq(course.id, courseId));
  return row?.v ?? null;
}

/**
 * Typo tolerance: for each word, the unlocked lessons' single-word terms that share enough
 * trigrams with it (pg_trgm, through the trigram index on lesson_term), most similar first.
 */
export async function similarLexemes({
  db,
  courseId,
  stageIds,
  words,
  minSimilarity,
  perWord,
}: Scope & { words: string[]; minSimilarity: number; perWord: number }) {
  if (stageIds.length === 0 || words.length === 0) return [];
  const result = await db.execute(sql`
    select w.word, m.lexeme, m.similarity
    from unnest(${sql.param(words)}::text[]) as w(word)
    cross join lateral (
      select distinct t.lexeme, similarity(t.lexeme, w.word)::float8 as similarity
      from ${lessonTerm} t
      where t.course_id = ${courseId} and t.stage_id in ${stageIds}
        and t.lexeme % w.word and similarity(t.lexeme, w.word) >= ${minSimilarity}
      order by similarity desc, t.lexeme
      limit ${perWord}
    ) as m`);
  return rowsOf<{ word: string; lexeme: string; similarity: number }>(result).map((r) => ({
    ...r,
    similarity: Number(r.similarity),
  }));
}

/**
 * Chunks scored as the sum over terms of weight × ts_rank(field weights, tsv, term): a
 * per-term rank saturates with repetition, and the caller's weights carry the IDF, so common
 * words count for little. `matched` is the weight of the core terms a chunk contains.
 */
export async function searchChunks({
  db,
  courseId,
  stageIds,
  terms,
  fieldWeights,
  limit,
}: Scope & {
  /** `core` terms stand for the learner's own words; their matched weight is returned. */
  terms: { lexeme: string; weight: number; core: boolean }[];
  /** ts_rank weights for D, C, B, A. */
  fieldWeights: [number, number, number, number];
  limit: number;
}) {
  if (stageIds.length === 0 || terms.length === 0) return [];
  const result = await db.execute(sql`
    with q as (
      select quote_literal(t.lexeme)::tsquery as tq, t.weight, t.core
      from unnest(${sql.param(terms.map((t) => t.lexeme))}::text[], ${sql.param(terms.map((t) => t.weight))}::float8[],
                  ${sql.param(terms.map((t) => t.core))}::boolean[]) as t(lexeme, weight, core)
    )
    select c.id as "chunkId", c.lesson_id as "lessonId", c.stage_id as "stageId", c.lesson_title as "lessonTitle",
           c.heading, c.anchor, c.content, c.is_solution as "isSolution",
           sum(q.weight * ts_rank(${sql.param(fieldWeights)}::float4[], c.tsv, q.tq, 0))::float8 as score,
           coalesce(sum(q.weight) filter (where q.core), 0)::float8 as matched
    from ${lessonChunk} c join q on c.tsv @@ q.tq
    where c.course_id = ${courseId} and c.stage_id in ${stageIds}
    group by c.id
    order by score desc, c.id
    limit ${limit}`);
  return (
    result as unknown as {
      rows: {
        chunkId: string;
        lessonId: string;
        stageId: string;
        lessonTitle: string;
        heading: string;
        anchor: string;
        content: string;
        isSolution: boolean;
        score: number;
        matched: number;
      }[];
    }
  ).rows.map((r) => ({ ...r, score: Number(r.score), matched: Number(r.matched) }));
}

export async function getCourseGlossary({ db, courseId }: { db: Executor; courseId: string }) {
  const [row] = await db.select({ glossary: course.glossary }).from(course).where(eq(course.id, courseId));
  return row?.glossary ?? [];
}
