import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { lesson, lessonProgress, stage } from "@/db/schema";
import { type OutlineStage, outlineColumns, outlineFromRows, outlineOrder } from "./content";

/** Idempotent: completing a lesson twice keeps the first completion time. */
export async function insertLessonCompletion({
  db,
  userId,
  lessonId,
}: {
  db: Executor;
  userId: string;
  lessonId: string;
}): Promise<void> {
  await db.insert(lessonProgress).values({ userId, lessonId }).onConflictDoNothing();
}

/** Joins each lesson to `userId`'s completion of it: the same rule for the outline and for unlocking. */
const completedBy = (userId: string) => and(eq(lessonProgress.lessonId, lesson.id), eq(lessonProgress.userId, userId));

/**
 * A course named by its id, or by one of its lessons: a caller that has only a lesson id reads
 * the lesson and its course's progress at once, instead of one after the other (a lesson that
 * does not exist names no course, so its progress is empty).
 */
export type CourseOf = { courseId: string } | { lessonId: string };

const inCourse = (db: Executor, of: CourseOf) =>
  "courseId" in of
    ? eq(stage.courseId, of.courseId)
    : inArray(stage.courseId, db.select({ courseId: lesson.courseId }).from(lesson).where(eq(lesson.id, of.lessonId)));

/** The course outline and which of its lessons `userId` completed, in one round trip. */
export async function getOutlineWithProgress({
  db,
  userId,
  ...of
}: {
  db: Executor;
  userId: string;
} & CourseOf): Promise<{ outline: OutlineStage[]; completedIds: string[]; lastCompletedId: string | null }> {
  const rows = await db
    .select({ ...outlineColumns, completedBy: lessonProgress.userId, completedAt: lessonProgress.completedAt })
    .from(stage)
    .leftJoin(lesson, eq(lesson.stageId, stage.id))
    .leftJoin(lessonProgress, completedBy(userId))
    .where(inCourse(db, of))
    .orderBy(...outlineOrder);
  const done = rows.flatMap((r) =>
    r.completedBy && r.lesson && r.completedAt ? [{ id: r.lesson.id, at: r.completedAt }] : [],
  );
  // The most recently completed lesson (ties: the later id), for "continue where you left off".
  const last = done.reduce<(typeof done)[number] | null>(
    (best, d) => (!best || d.at > best.at || (+d.at === +best.at && d.id > best.id) ? d : best),
    null,
  );
  return {
    outline: outlineFromRows(rows.map(({ completedBy: _c, completedAt: _a, ...r }) => r)),
    completedIds: done.map((d) => d.id),
    lastCompletedId: last?.id ?? null,
  };
}

export interface StageLessons {
  id: string;
  lessons: { id: string }[];
}

/**
 * What unlocking needs and nothing more: each stage's lesson ids in outline order, and which of
 * them `userId` completed. The tutor asks this on every turn; the full outline (titles,
 * summaries) cost it twice the CPU to read and map.
 */
export async function getStageCompletion({
  db,
  userId,
  ...of
}: {
  db: Executor;
  userId: string;
} & CourseOf): Promise<{ stages: StageLessons[]; completedIds: string[] }> {
  const rows = await db
    .select({ stageId: stage.id, lessonId: lesson.id, completedBy: lessonProgress.userId })
    .from(stage)
    .leftJoin(lesson, eq(lesson.stageId, stage.id))
    .leftJoin(lessonProgress, completedBy(userId))
    .where(inCourse(db, of))
    .orderBy(...outlineOrder);
  const stages: StageLessons[] = [];
  const completedIds: string[] = [];
  for (const r of rows) {
    let last = stages.at(-1);
    if (last?.id !== r.stageId) {
      last = { id: r.stageId, lessons: [] };
      stages.push(last);
    }
    if (r.lessonId) last.lessons.push({ id: r.lessonId });
    if (r.lessonId && r.completedBy) completedIds.push(r.lessonId);
  }
  return { stages, completedIds };
}
