import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { rowsOf } from "@/db/rows";

/**
 * Dense vectors live in a table created at run time, only where the pgvector extension exists
 * (PGlite and Neon have it; a plain Postgres may not), so migrations never depend on it.
 */
const available = new WeakMap<object, Promise<boolean>>();

export function vectorStoreAvailable(db: Executor): Promise<boolean> {
  let known = available.get(db);
  if (!known) {
    known = (async () => {
      try {
        await db.execute(sql`create extension if not exists vector`);
        await db.execute(sql`create table if not exists lesson_chunk_embedding (
          chunk_id text primary key references lesson_chunk(id) on delete cascade,
          model text not null,
          embedding vector not null)`);
        return true;
      } catch {
        return false;
      }
    })();
    available.set(db, known);
  }
  return known;
}

const literal = (v: number[]) => `[${v.map((x) => (Number.isFinite(x) ? x : 0)).join(",")}]`;

export async function upsertEmbeddings({
  db,
  model,
  rows,
}: {
  db: Executor;
  model: string;
  rows: { chunkId: string; embedding: number[] }[];
}) {
  if (rows.length === 0) return;
  const values = rows.map((row) => sql`(${row.chunkId}, ${model}, ${literal(row.embedding)}::vector)`);
  await db.execute(sql`insert into lesson_chunk_embedding (chunk_id, model, embedding)
    values ${sql.join(values, sql`, `)}
    on conflict (chunk_id) do update set model = excluded.model, embedding = excluded.embedding`);
}

/** Nearest chunks by cosine distance, with the stage filter in the same query. */
export async function nearestChunks({
  db,
  embedding,
  model,
  courseId,
  stageIds,
  limit,
}: {
  db: Executor;
  embedding: number[];
  model: string;
  courseId: string;
  stageIds: string[];
  limit: number;
}) {
  if (stageIds.length === 0) return [];
  const result = await db.execute(sql`
    select c.id as "chunkId", c.lesson_id as "lessonId", c.stage_id as "stageId", c.lesson_title as "lessonTitle",
           c.heading, c.anchor, c.content, c.is_solution as "isSolution",
           1 - (e.embedding <=> ${literal(embedding)}::vector) as score
    from lesson_chunk c join lesson_chunk_embedding e on e.chunk_id = c.id
    where c.course_id = ${courseId} and c.stage_id in ${stageIds} and e.model = ${model}
    order by e.embedding <=> ${literal(embedding)}::vector, c.id
    limit ${limit}`);
  return rowsOf<Record<string, unknown>>(result);
}
