import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { course, lessonChunk, lessonTerm } from "@/db/schema";

/**
 * Lexical retrieval over lesson chunks. Terms arrive already analysed (lib/rag/terms.ts); the
 * passages of a stage are read by stage id and scored in the process (lib/rag/ts-rank.ts).
 * Every statement carries the stage filter in its WHERE clause: a locked stage's text is never
 * read, and the term statistics (IDF) come from the unlocked passages only.
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
 * The passages of `stageIds`, with their search documents in Postgres's text form, for the
 * process to keep per index version and score (lib/rag/course-index.ts, lib/rag/ts-rank.ts).
 */
export async function stagePassages({ db, courseId, stageIds }: Scope) {
  if (stageIds.length === 0) return [];
  return db
    .select({
      chunkId: lessonChunk.id,
      lessonId: lessonChunk.lessonId,
      stageId: lessonChunk.stageId,
      lessonTitle: lessonChunk.lessonTitle,
      heading: lessonChunk.heading,
      anchor: lessonChunk.anchor,
      content: lessonChunk.content,
      isSolution: lessonChunk.isSolution,
      tsv: sql<string>`${lessonChunk.tsv}::text`,
    })
    .from(lessonChunk)
    .where(inScope(courseId, stageIds));
}

export async function getCourseGlossary({ db, courseId }: { db: Executor; courseId: string }) {
  const [row] = await db.select({ glossary: course.glossary }).from(course).where(eq(course.id, courseId));
  return row?.glossary ?? [];
}
