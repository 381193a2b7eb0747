import "server-only";
import type { Db } from "@/db/client";
import { getCourseOutline, getDefaultCourse, getLessonScope } from "@/db/queries/content";
import { getCourseGlossary } from "@/db/queries/retrieval";
import { isStaff } from "@/lib/auth/roles";
import type { Viewer } from "@/lib/content/access";
import { getVisibleStageIds } from "@/lib/content/access";
import { enrolmentFrom, hasEnded, learnerEnrolment } from "@/lib/enrolment/enrolment";
import type { CourseCatalog } from "./locked-hint";
import type { PageContext } from "./prompt";

export interface TutorScope {
  courseId: string;
  stageIds: string[];
  lesson: { id: string; stageId: string } | null;
  page: PageContext | null;
  /** Titles and summaries of every lesson, and the glossary; loaded once, only when asked for. */
  catalog: () => Promise<CourseCatalog>;
  /** The learner's enrolment in the course has ended (never for staff): nothing new is asked. */
  enrolmentEnded: boolean;
  /** The course's index version, read with the lesson or the course, passed to the search. */
  indexVersion: string | null;
}

function lazyCatalog(db: Db, courseId: string): () => Promise<CourseCatalog> {
  let loaded: Promise<CourseCatalog> | undefined;
  return () => {
    loaded ??= Promise.all([getCourseOutline({ db, courseId }), getCourseGlossary({ db, courseId })]).then(
      ([stages, glossary]) => ({ stages, glossary }),
    );
    return loaded;
  };
}

/**
 * Where the learner is asking from. The client names the open lesson in a header; the title
 * and sections come from the database, and only when the learner may see that lesson, so a
 * header can neither inject text nor reveal a locked lesson.
 */
export async function resolveScope({
  db,
  user,
  lessonId,
}: {
  db: Db;
  user: Viewer;
  lessonId: string | null;
}): Promise<TutorScope | null> {
  // One round trip: the lesson with its stage and the learner's enrolment, beside the progress
  // in the lesson's course (without a lesson, or an unknown one: the course, then the progress
  // beside the enrolment).
  const [lesson, lessonStages] = lessonId
    ? await Promise.all([getLessonScope({ db, lessonId, userId: user.id }), getVisibleStageIds({ user, lessonId, db })])
    : [undefined, null];
  const course = lesson ? { id: lesson.courseId, indexVersion: lesson.indexVersion } : await getDefaultCourse({ db });
  if (!course) return null;
  const { id: courseId, indexVersion } = course;
  const [stageIds, standing] = await Promise.all([
    lesson && lessonStages ? lessonStages : getVisibleStageIds({ user, courseId, db }),
    isStaff(user.role)
      ? null
      : lesson
        ? enrolmentFrom(courseId, lesson.enrolment)
        : learnerEnrolment({ db, userId: user.id, courseId }),
  ]);
  const enrolmentEnded = standing !== null && hasEnded(standing);
  const catalog = lazyCatalog(db, courseId);
  if (!lesson || !stageIds.includes(lesson.stageId)) {
    return { courseId, stageIds, lesson: null, page: null, catalog, enrolmentEnded, indexVersion };
  }
  return {
    courseId,
    stageIds,
    lesson: { id: lesson.id, stageId: lesson.stageId },
    catalog,
    enrolmentEnded,
    indexVersion,
    page: {
      lessonId: lesson.id,
      lessonTitle: lesson.title,
      stageTitle: lesson.stageTitle,
      headings: lesson.headings.filter((h) => h.depth === 2).map((h) => h.text),
    },
  };
}
