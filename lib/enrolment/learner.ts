import "server-only";
import type { Db } from "@/db/client";
import { getDefaultCourse } from "@/db/queries/content";
import { isStaff, type Role } from "@/lib/auth/roles";
import { hasEnded, type LearnerEnrolment, learnerEnrolment } from "./enrolment";

/**
 * The signed-in learner's enrolment in the course the app shows, for pages and actions.
 * Staff are never restricted; null when there is no course yet.
 */
export async function currentEnrolment({
  user,
  db,
}: {
  user: { id: string; role: Role };
  db: Db;
}): Promise<LearnerEnrolment | null> {
  if (isStaff(user.role)) return null;
  const course = await getDefaultCourse({ db });
  if (!course) return null;
  return learnerEnrolment({ db, userId: user.id, courseId: course.id });
}

/** True when the learner's enrolment has ended: lessons are read-only and the tutor is closed. */
export async function enrolmentEndedFor({ user, db }: { user: { id: string; role: Role }; db: Db }): Promise<boolean> {
  const standing = await currentEnrolment({ user, db });
  return standing !== null && hasEnded(standing);
}
