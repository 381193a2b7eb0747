import "server-only";
import type { Db } from "@/db/client";
import {
  getDefaultCourse,
  getLessonById,
  getLessonWithEnrolment,
  type LessonRow,
  type OutlineStage,
} from "@/db/queries/content";
import {
  type CourseOf,
  getOutlineWithProgress,
  getStageCompletion,
  insertLessonCompletion,
  type StageLessons,
} from "@/db/queries/progress";
import { isStaff, type Role } from "@/lib/auth/roles";
import { enrolmentFrom, hasEnded } from "@/lib/enrolment/enrolment";
import { unlockedStageIds } from "./unlocking";

export interface Viewer {
  id: string;
  role: Role;
}

function visibleStages(user: Viewer, outline: StageLessons[], completed: Iterable<string>): string[] {
  return isStaff(user.role) ? outline.map((s) => s.id) : unlockedStageIds(outline, completed);
}

/**
 * The one answer to "which stages may this user see". Pages, actions and the tutor's
 * retrieval filter all call this, so a locked stage is locked everywhere. The course is named
 * by its id or by one of its lessons (read beside the lesson itself, not after it).
 */
export async function getVisibleStageIds({
  user,
  db,
  ...of
}: {
  user: Viewer;
  db: Db;
} & CourseOf): Promise<string[]> {
  const { stages, completedIds } = await getStageCompletion({ db, userId: user.id, ...of });
  return visibleStages(user, stages, completedIds);
}

export interface StageProgress extends OutlineStage {
  unlocked: boolean;
  completedLessonIds: string[];
}

export interface CourseProgress {
  course: { id: string; title: string; summary: string };
  stages: StageProgress[];
  completedCount: number;
  lessonCount: number;
  /** The lesson completed most recently (where "continue" starts from), if any. */
  lastCompletedLessonId: string | null;
}

export async function getCourseProgress({ user, db }: { user: Viewer; db: Db }): Promise<CourseProgress | null> {
  const course = await getDefaultCourse({ db });
  if (!course) return null;
  const { outline, completedIds, lastCompletedId } = await getOutlineWithProgress({
    db,
    courseId: course.id,
    userId: user.id,
  });
  const completed = new Set(completedIds);
  const open = new Set(visibleStages(user, outline, completed));
  const stages = outline.map((s) => ({
    ...s,
    unlocked: open.has(s.id),
    completedLessonIds: s.lessons.filter((l) => completed.has(l.id)).map((l) => l.id),
  }));
  const lessonCount = outline.reduce((n, s) => n + s.lessons.length, 0);
  return {
    course: { id: course.id, title: course.title, summary: course.summary },
    stages,
    completedCount: stages.reduce((n, s) => n + s.completedLessonIds.length, 0),
    lessonCount,
    lastCompletedLessonId: lastCompletedId,
  };
}

export type LessonAccess =
  | { kind: "not-found" }
  | { kind: "locked"; stageId: string }
  | {
      kind: "ok";
      lesson: LessonRow;
      completed: boolean;
      outline: OutlineStage[];
      /** The reader's enrolment in the lesson's course has ended: the lesson is read-only. */
      ended: boolean;
    };

/**
 * A lesson as this user may see it. The URL's stage must be the lesson's stage. The reader's
 * enrolment comes with the lesson (one statement), and the outline with their progress beside
 * it (named by the lesson, so neither waits for the other).
 */
export async function getLessonForViewer({
  user,
  stageId,
  lessonId,
  db,
}: {
  user: Viewer;
  stageId: string;
  lessonId: string;
  db: Db;
}): Promise<LessonAccess> {
  const [found, { outline, completedIds: completed }] = await Promise.all([
    getLessonWithEnrolment({ db, lessonId, userId: user.id }),
    getOutlineWithProgress({ db, lessonId, userId: user.id }),
  ]);
  if (!found || found.lesson.stageId !== stageId) return { kind: "not-found" };
  const { lesson } = found;
  const ended = !isStaff(user.role) && hasEnded(enrolmentFrom(lesson.courseId, found.enrolment));
  const visible = visibleStages(user, outline, completed);
  if (!visible.includes(stageId)) return { kind: "locked", stageId };
  return { kind: "ok", lesson, completed: completed.includes(lessonId), outline, ended };
}

/** A lesson by id alone, if this user may read it (the lesson HTML endpoint). */
export async function getReadableLesson({
  user,
  lessonId,
  db,
}: {
  user: Viewer;
  lessonId: string;
  db: Db;
}): Promise<{ kind: "not-found" } | { kind: "locked" } | { kind: "ok"; lesson: LessonRow }> {
  const [lesson, visible] = await Promise.all([
    getLessonById({ db, lessonId }),
    getVisibleStageIds({ user, lessonId, db }),
  ]);
  if (!lesson) return { kind: "not-found" };
  return visible.includes(lesson.stageId) ? { kind: "ok", lesson } : { kind: "locked" };
}

export type CompleteResult =
  | { kind: "not-found" }
  | { kind: "locked" }
  | { kind: "ok"; newlyUnlockedStageIds: string[] };

/** Marks a lesson complete, refusing lessons the user cannot see. Reports stages it unlocked. */
export async function completeLesson({
  user,
  lessonId,
  db,
}: {
  user: Viewer;
  lessonId: string;
  db: Db;
}): Promise<CompleteResult> {
  const [lesson, before] = await Promise.all([
    getLessonById({ db, lessonId }),
    getVisibleStageIds({ user, lessonId, db }),
  ]);
  if (!lesson) return { kind: "not-found" };
  if (!before.includes(lesson.stageId)) return { kind: "locked" };
  await insertLessonCompletion({ db, userId: user.id, lessonId });
  const after = await getVisibleStageIds({ user, courseId: lesson.courseId, db });
  return { kind: "ok", newlyUnlockedStageIds: after.filter((id) => !before.includes(id)) };
}
