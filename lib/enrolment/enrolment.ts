import "server-only";
import type { Executor } from "@/db/client";
import { getDefaultCourse } from "@/db/queries/content";
import {
  courseExists,
  type EnrollmentChange,
  type EnrolmentStanding,
  findEnrollment,
  findUsersForEnrollment,
  insertEnrollments,
  insertMissingEnrollments,
  updateEnrollmentStatus,
} from "@/db/queries/enrollment";
import { RETENTION_DAYS } from "@/db/queries/retention";
import type { EnrollmentStatus } from "@/db/schema";
import { auditWriter } from "@/lib/auth/audit";
import { AppError } from "@/lib/errors";
import { parseEmailList } from "./email-list";

/** Conversations of an ended enrolment are deleted this many days after it ended (retention's constant). */
export const CONVERSATION_RETENTION_DAYS = RETENTION_DAYS;
export const MAX_LIST = 5000;
const DAY_MS = 86_400_000;
/**
 * No enrolment ends before this day (the admin date range of lib/admin/params.ts). Without it
 * year 0 reached Postgres (which has none) and a mistyped year such as 0202 was stored, and the
 * next retention run deleted the learner's conversations at once.
 */
const EARLIEST_END = Date.UTC(2000, 0, 1);

/**
 * Enrols users in a course (active from now). Idempotent: a user already enrolled, or whose
 * enrolment there has ended, is left as they are. The user-create hook calls it for every new
 * student (sign-up, social sign-in, `user:create`); it writes no audit event (the `register`
 * event covers it). Returns the ids that were newly enrolled.
 */
export async function enrolUsers({
  db,
  userIds,
  courseId,
}: {
  db: Executor;
  userIds: string[];
  courseId?: string;
}): Promise<string[]> {
  const target = courseId ?? (await getDefaultCourse({ db }))?.id;
  if (!target) return [];
  return insertEnrollments({ db, userIds, courseId: target });
}

/** After a course is loaded: students who never got an enrolment (no course then) get one now. */
export async function enrolStudentsWithoutEnrolment({ db }: { db: Executor }): Promise<number> {
  const course = await getDefaultCourse({ db });
  return course ? insertMissingEnrollments({ db, courseId: course.id }) : 0;
}

/**
 * Refuses a course that does not exist: ending an enrolment there failed on the foreign key (a
 * server error), and a list preview answered as if every learner were active in it.
 */
async function assertCourseExists(db: Executor, courseId: string): Promise<void> {
  if (!(await courseExists({ db, courseId }))) {
    throw new AppError("admin:not_found", `There is no course "${courseId}".`);
  }
}

export async function requireCourseId({ db, courseId }: { db: Executor; courseId?: string }): Promise<string> {
  const id = courseId ?? (await getDefaultCourse({ db }))?.id;
  if (!id) throw new AppError("enrol:no_course");
  return id;
}

export interface LearnerEnrolment {
  courseId: string;
  status: EnrollmentStatus;
  endedAt: Date | null;
  /** When retention deletes this course's conversations (ended enrolments only). */
  conversationsDeletedAfter: Date | null;
}

/**
 * The learner's standing in a course. No row (staff, or users from before there was a course)
 * behaves as active: nothing is restricted that was not restricted before enrolments existed.
 */
export async function learnerEnrolment({
  db,
  userId,
  courseId,
}: {
  db: Executor;
  userId: string;
  courseId: string;
}): Promise<LearnerEnrolment> {
  return enrolmentFrom(courseId, (await findEnrollment({ db, userId, courseId })) ?? null);
}

/** The standing an enrolment row (or its absence) gives, for a row read with something else. */
export function enrolmentFrom(courseId: string, row: EnrolmentStanding | null): LearnerEnrolment {
  const endedAt = row && row.status !== "active" ? (row.endedAt ?? row.updatedAt) : null;
  return {
    courseId,
    status: row?.status ?? "active",
    endedAt,
    conversationsDeletedAfter: endedAt ? new Date(endedAt.getTime() + CONVERSATION_RETENTION_DAYS * DAY_MS) : null,
  };
}

export const hasEnded = (e: LearnerEnrolment) => e.status !== "active";

type Actor = { id: string; email: string } | "cli";

export interface ChangeRequest {
  db: Executor;
  actor: Actor;
  courseId: string;
  userIds: string[];
  to: EnrollmentStatus;
  endedAt?: Date;
  /** Where the change came from, for the audit log: the admin page, a bulk list, the CLI. */
  via: "admin" | "bulk" | "cli";
}

/** Ends or reopens enrolments; each one that changes is written to the audit log. */
export async function changeEnrolments(req: ChangeRequest): Promise<EnrollmentChange[]> {
  if (req.endedAt && req.endedAt.getTime() > Date.now() + 60_000) throw new AppError("enrol:future_date");
  if (req.endedAt && !(req.endedAt.getTime() >= EARLIEST_END)) throw new AppError("enrol:too_early");
  if (req.userIds.length > MAX_LIST) throw new AppError("enrol:too_many");
  await assertCourseExists(req.db, req.courseId);
  const changes = await updateEnrollmentStatus({
    db: req.db,
    courseId: req.courseId,
    userIds: req.userIds,
    to: req.to,
    endedAt: req.to === "active" ? undefined : req.endedAt,
  });
  const audit = auditWriter(req.db);
  const by = req.actor === "cli" ? "cli" : req.actor.id;
  for (const c of changes) {
    await audit({
      type: "enrolment_change",
      userId: c.userId,
      email: c.email,
      details: {
        courseId: req.courseId,
        from: c.from,
        to: c.to,
        endedAt: c.endedAt?.toISOString() ?? null,
        by,
        via: req.via,
      },
    });
  }
  return changes;
}

/**
 * What to add to "ended N enrolments" when the end date is so far back that the next retention
 * run deletes the conversations: decided per row by the database with retention's own rule.
 */
export function retentionNotice(changes: EnrollmentChange[]): string | null {
  if (!changes.some((c) => c.conversationsDue)) return null;
  return `Their conversations will be deleted at the next nightly clean-up (02:00 UTC), because the end date is over ${RETENTION_DAYS} days ago.`;
}

export interface ListMatch {
  matched: { userId: string; email: string; name: string; status: EnrollmentStatus | null }[];
  /** Addresses with no account. */
  unknown: string[];
  /** Entries that are not addresses at all. */
  invalid: string[];
}

/** Who an uploaded list of emails refers to (the preview before ending many at once). */
export async function matchEmailList({
  db,
  courseId,
  text,
}: {
  db: Executor;
  courseId: string;
  text: string;
}): Promise<ListMatch> {
  const { emails, invalid } = parseEmailList(text);
  if (emails.length > MAX_LIST) throw new AppError("enrol:too_many");
  await assertCourseExists(db, courseId);
  const found = await findUsersForEnrollment({ db, courseId, emails });
  const byEmail = new Map(found.map((f) => [f.email.toLowerCase(), f]));
  const matched = emails.flatMap((e) => {
    const f = byEmail.get(e);
    return f ? [{ userId: f.userId, email: f.email, name: f.name, status: f.status }] : [];
  });
  return { matched, unknown: emails.filter((e) => !byEmail.has(e)), invalid };
}
