import "server-only";
import { and, desc, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { lesson, lessonProgress } from "@/db/schema";

/** The lessons the user completed in a course, the most recently completed first. */
export async function listCompletedLessonIds({
  db,
  userId,
  courseId,
}: {
  db: Executor;
  userId: string;
  courseId: string;
}): Promise<string[]> {
  const rows = await db
    .select({ lessonId: lessonProgress.lessonId })
    .from(lessonProgress)
    .innerJoin(lesson, eq(lesson.id, lessonProgress.lessonId))
    .where(and(eq(lessonProgress.userId, userId), eq(lesson.courseId, courseId)))
    .orderBy(desc(lessonProgress.completedAt), desc(lessonProgress.lessonId));
  return rows.map((r) => r.lessonId);
}

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
