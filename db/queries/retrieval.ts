import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { lessonChunk } from "@/db/schema";

/**
 * Full-text search over lesson chunks. The learner's words are parsed by websearch_to_tsquery
 * (safe for any input) and widened from AND to OR so a natural question matches passages that
 * share its important words; ts_rank_cd orders them using the A/B/C weights of the tsvector.
 * The stage filter is part of the WHERE clause: a locked stage's text is never read.
 */
export async function searchChunks({
  db,
  query,
  courseId,
  stageIds,
  limit,
}: {
  db: Executor;
  query: string;
  courseId: string;
  stageIds: string[];
  limit: number;
}) {
  if (stageIds.length === 0 || query.trim() === "") return [];
  const tsquery = sql`nullif(replace(websearch_to_tsquery('english', ${query})::text, ' & ', ' | '), '')::tsquery`;
  const rank = sql<number>`ts_rank_cd(${lessonChunk.tsv}, ${tsquery}, 32)`;
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
      score: rank,
    })
    .from(lessonChunk)
    .where(
      and(
        eq(lessonChunk.courseId, courseId),
        inArray(lessonChunk.stageId, stageIds),
        sql`${lessonChunk.tsv} @@ ${tsquery}`,
      ),
    )
    .orderBy(sql`${rank} desc`, lessonChunk.id)
    .limit(limit);
}
