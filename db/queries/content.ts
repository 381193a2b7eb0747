import "server-only";
import { and, asc, count, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { course, enrollment, lesson, lessonChunk, lessonTerm, stage } from "@/db/schema";
import { type EnrolmentStanding, standingColumns } from "./enrollment";

export type CourseRow = typeof course.$inferSelect;
export type StageRow = typeof stage.$inferSelect;
export type LessonRow = typeof lesson.$inferSelect;

export async function upsertCourse({ db, row }: { db: Executor; row: typeof course.$inferInsert }) {
  await db
    .insert(course)
    .values(row)
    .onConflictDoUpdate({
      target: course.id,
      set: {
        title: row.title,
        summary: row.summary,
        description: row.description,
        ...(row.glossary
          ? {
              glossary: row.glossary,
              indexVersion: sql`case when ${course.glossary} is distinct from excluded.glossary then gen_random_uuid() else ${course.indexVersion} end`,
            }
          : {}),
        updatedAt: sql`now()`,
      },
    });
}

export async function upsertStage({ db, row }: { db: Executor; row: typeof stage.$inferInsert }) {
  await db
    .insert(stage)
    .values(row)
    .onConflictDoUpdate({
      target: stage.id,
      set: {
        courseId: row.courseId,
        position: row.position,
        title: row.title,
        summary: row.summary,
        description: row.description,
        updatedAt: sql`now()`,
      },
    });
}

export async function findLessonSource({ db, lessonId }: { db: Executor; lessonId: string }) {
  const [row] = await db
    .select({ sourceHash: lesson.sourceHash, editedInApp: lesson.editedInApp })
    .from(lesson)
    .where(eq(lesson.id, lessonId));
  return row;
}

export async function upsertLesson({ db, row }: { db: Executor; row: typeof lesson.$inferInsert }) {
  const { id: _id, ...rest } = row;
  await db
    .insert(lesson)
    .values(row)
    .onConflictDoUpdate({ target: lesson.id, set: { ...rest, updatedAt: sql`now()` } });
}

/** The lesson, locked until the transaction ends (a publish compares its version under the lock). */
export async function lockLesson({ db, lessonId }: { db: Executor; lessonId: string }): Promise<LessonRow | undefined> {
  const [row] = await db.select().from(lesson).where(eq(lesson.id, lessonId)).for("update");
  return row;
}

/** Inserts a lesson whose id must be new: false, and nothing written, when the id is taken. */
export async function insertNewLesson({ db, row }: { db: Executor; row: typeof lesson.$inferInsert }) {
  const inserted = await db
    .insert(lesson)
    .values(row)
    .onConflictDoNothing({ target: lesson.id })
    .returning({ id: lesson.id });
  return inserted.length > 0;
}

/** One retrieval chunk of a lesson as lib/rag/chunking.ts produces it. */
export type ChunkInput = Pick<typeof lessonChunk.$inferInsert, "position" | "heading" | "anchor" | "content"> & {
  isSolution: boolean;
};

export async function replaceLessonChunks({
  db,
  row,
  chunks,
  analyzer,
  terms,
}: {
  db: Executor;
  row: Pick<LessonRow, "id" | "stageId" | "courseId" | "title">;
  /** Chunks with their search documents (tsvector literals) and the analyzer that built them. */
  chunks: (ChunkInput & { tsv: string })[];
  analyzer: string;
  /** The lesson's single-word search terms (its vocabulary, for typo correction). */
  terms: string[];
}) {
  await db.delete(lessonChunk).where(eq(lessonChunk.lessonId, row.id));
  await db.delete(lessonTerm).where(eq(lessonTerm.lessonId, row.id));
  // Retrieval's cached statistics for this course are stale from here on (course-index.ts).
  await db.update(course).set({ indexVersion: sql`gen_random_uuid()` }).where(eq(course.id, row.courseId));
  if (terms.length > 0) {
    await db.insert(lessonTerm).values(
      [...new Set(terms)].map((lexeme) => ({
        lessonId: row.id,
        stageId: row.stageId,
        courseId: row.courseId,
        lexeme,
      })),
    );
  }
  if (chunks.length === 0) return;
  await db.insert(lessonChunk).values(
    chunks.map((c) => ({
      id: `${row.id}#${c.position}`,
      lessonId: row.id,
      stageId: row.stageId,
      courseId: row.courseId,
      position: c.position,
      lessonTitle: row.title,
      heading: c.heading,
      anchor: c.anchor,
      content: c.content,
      isSolution: c.isSolution,
      tsv: c.tsv,
      analyzer,
    })),
  );
}

/** Lessons whose passages were built by this analyzer version (a lesson is re-chunked whole). */
export async function lessonsIndexedBy({ db, analyzer }: { db: Executor; analyzer: string }) {
  const rows = await db
    .selectDistinct({ id: lessonChunk.lessonId })
    .from(lessonChunk)
    .where(eq(lessonChunk.analyzer, analyzer));
  return new Set(rows.map((r) => r.id));
}

export async function countChunks({ db }: { db: Executor }) {
  const [row] = await db.select({ n: count() }).from(lessonChunk);
  return row?.n ?? 0;
}

export async function listLessons({ db, lessonIds }: { db: Executor; lessonIds?: string[] }) {
  return db
    .select({
      id: lesson.id,
      stageId: lesson.stageId,
      courseId: lesson.courseId,
      title: lesson.title,
      summary: lesson.summary,
      objectives: lesson.objectives,
      body: lesson.body,
    })
    .from(lesson)
    .where(lessonIds ? inArray(lesson.id, lessonIds) : undefined)
    .orderBy(asc(lesson.courseId), asc(lesson.id));
}

/** The course shown on the dashboard: the first one, by id (the app ships one course). */
/** Every course, the default (first by id) first. */
export async function listCourses({ db }: { db: Executor }) {
  return db.select({ id: course.id, title: course.title }).from(course).orderBy(asc(course.id));
}

export async function getDefaultCourse({ db }: { db: Executor }): Promise<CourseRow | undefined> {
  const [row] = await db.select().from(course).orderBy(asc(course.id)).limit(1);
  return row;
}

export interface OutlineLesson {
  id: string;
  title: string;
  summary: string;
  position: number;
}
export interface OutlineStage {
  id: string;
  title: string;
  summary: string;
  position: number;
  lessons: OutlineLesson[];
}

/** The outline's columns: a stage, and one of its lessons (null for a stage without any). */
export const outlineColumns = {
  id: stage.id,
  title: stage.title,
  summary: stage.summary,
  position: stage.position,
  lesson: { id: lesson.id, title: lesson.title, summary: lesson.summary, position: lesson.position },
};
export const outlineOrder = [asc(stage.position), asc(stage.id), asc(lesson.position), asc(lesson.id)];

/** Rows of stage × lesson, in outline order, grouped into stages. */
export function outlineFromRows(rows: (Omit<OutlineStage, "lessons"> & { lesson: OutlineLesson | null })[]) {
  const stages = new Map<string, OutlineStage>();
  for (const { lesson: l, ...s } of rows) {
    let entry = stages.get(s.id);
    if (!entry) {
      entry = { ...s, lessons: [] };
      stages.set(s.id, entry);
    }
    if (l) entry.lessons.push(l);
  }
  return [...stages.values()];
}

/** Stages in order, each with its lessons in order; no lesson bodies. One round trip. */
export async function getCourseOutline({ db, courseId }: { db: Executor; courseId: string }): Promise<OutlineStage[]> {
  const rows = await db
    .select(outlineColumns)
    .from(stage)
    .leftJoin(lesson, eq(lesson.stageId, stage.id))
    .where(eq(stage.courseId, courseId))
    .orderBy(...outlineOrder);
  return outlineFromRows(rows);
}

export interface LessonScopeRow {
  id: string;
  courseId: string;
  stageId: string;
  title: string;
  headings: LessonRow["headings"];
  stageTitle: string;
  /** The course's index version, for the search that follows (see lib/rag/course-index.ts). */
  indexVersion: string;
  /** The viewer's enrolment row in the lesson's course, read in the same statement (null: none). */
  enrolment: EnrolmentStanding | null;
}

/** Joined to a lesson: the reader's enrolment in the lesson's course (nulls when there is none). */
const readerEnrolment = (userId: string) =>
  and(eq(enrollment.courseId, lesson.courseId), eq(enrollment.userId, userId));

/**
 * What the tutor needs about the open lesson (no body), with its stage's title and the viewer's
 * enrolment in its course: one statement where there were two on every turn.
 */
export async function getLessonScope({
  db,
  lessonId,
  userId,
}: {
  db: Executor;
  lessonId: string;
  userId: string;
}): Promise<LessonScopeRow | undefined> {
  const [row] = await db
    .select({
      id: lesson.id,
      courseId: lesson.courseId,
      stageId: lesson.stageId,
      title: lesson.title,
      headings: lesson.headings,
      stageTitle: stage.title,
      indexVersion: course.indexVersion,
      enrolment: standingColumns,
    })
    .from(lesson)
    .innerJoin(stage, eq(stage.id, lesson.stageId))
    .innerJoin(course, eq(course.id, lesson.courseId))
    .leftJoin(enrollment, readerEnrolment(userId))
    .where(eq(lesson.id, lessonId));
  return row;
}

export async function getLessonById({
  db,
  lessonId,
}: {
  db: Executor;
  lessonId: string;
}): Promise<LessonRow | undefined> {
  const [row] = await db.select().from(lesson).where(eq(lesson.id, lessonId));
  return row;
}

/** A lesson with the reader's enrolment row in its course (null: none), in one statement. */
export async function getLessonWithEnrolment({
  db,
  lessonId,
  userId,
}: {
  db: Executor;
  lessonId: string;
  userId: string;
}): Promise<{ lesson: LessonRow; enrolment: EnrolmentStanding | null } | undefined> {
  const [row] = await db
    .select({ lesson: getTableColumns(lesson), enrolment: standingColumns })
    .from(lesson)
    .leftJoin(enrollment, readerEnrolment(userId))
    .where(eq(lesson.id, lessonId));
  return row;
}

/** Retrieval chunks, optionally only those of some lessons (for indexing). */
export async function listChunks({ db, lessonIds }: { db: Executor; lessonIds?: string[] }) {
  return db
    .select()
    .from(lessonChunk)
    .where(lessonIds ? inArray(lessonChunk.lessonId, lessonIds) : undefined)
    .orderBy(asc(lessonChunk.id));
}

export async function getStageById({ db, stageId }: { db: Executor; stageId: string }): Promise<StageRow | undefined> {
  const [row] = await db.select().from(stage).where(eq(stage.id, stageId));
  return row;
}
