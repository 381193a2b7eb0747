import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, ilike, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { chatThread, course, type EnrollmentStatus, enrollment, user } from "@/db/schema";
import { containsPattern } from "./like";
import { endedBeyondRetention } from "./retention";

export type EnrollmentRow = typeof enrollment.$inferSelect;

/** What decides a learner's standing, when the enrolment row is read beside something else. */
export type EnrolmentStanding = Pick<EnrollmentRow, "status" | "endedAt" | "updatedAt">;
export const standingColumns = {
  status: enrollment.status,
  endedAt: enrollment.endedAt,
  updatedAt: enrollment.updatedAt,
};

/** Creates an active enrolment for each user that has none in the course; returns who was added. */
export async function insertEnrollments({
  db,
  userIds,
  courseId,
}: {
  db: Executor;
  userIds: string[];
  courseId: string;
}): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .insert(enrollment)
    .values([...new Set(userIds)].map((userId) => ({ id: randomUUID(), userId, courseId })))
    .onConflictDoNothing({ target: [enrollment.userId, enrollment.courseId] })
    .returning({ userId: enrollment.userId });
  return rows.map((r) => r.userId);
}

/**
 * Who is a learner: a user whose role is student (or unset). A student with no enrolment row in
 * a course counts as active there (lib/enrolment/enrolment.ts).
 */
const isStudent = sql`coalesce(${user.role}, 'student') = 'student'`;

/**
 * Enrols every student who has no enrolment at all (created before any course existed, say).
 * An ended enrolment is a row, so nobody who left is enrolled again.
 */
export async function insertMissingEnrollments({ db, courseId }: { db: Executor; courseId: string }) {
  const rows = await db.execute(sql`
    insert into enrollment (id, user_id, course_id, status, started_at, updated_at)
    select gen_random_uuid()::text, ${user.id}, ${courseId}, 'active', ${user.createdAt}, now()
    from ${user}
    where ${isStudent}
      and not exists (select 1 from enrollment e where e.user_id = ${user.id})
    on conflict do nothing
    returning user_id`);
  return rowsOf(rows).length;
}

export async function findEnrollment({ db, userId, courseId }: { db: Executor; userId: string; courseId: string }) {
  const [row] = await db
    .select()
    .from(enrollment)
    .where(and(eq(enrollment.userId, userId), eq(enrollment.courseId, courseId)));
  return row;
}

/** One user's enrolments with the course title (account page, data export, admin user page). */
export async function listUserEnrollments({ db, userId }: { db: Executor; userId: string }) {
  return db
    .select({
      courseId: enrollment.courseId,
      courseTitle: course.title,
      status: enrollment.status,
      startedAt: enrollment.startedAt,
      endedAt: enrollment.endedAt,
    })
    .from(enrollment)
    .innerJoin(course, eq(course.id, enrollment.courseId))
    .where(eq(enrollment.userId, userId))
    .orderBy(asc(enrollment.startedAt));
}

export interface EnrollmentFilter {
  courseId: string;
  search?: string;
  status?: EnrollmentStatus;
}

function filterWhere(f: EnrollmentFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [eq(enrollment.courseId, f.courseId)];
  if (f.status) conditions.push(eq(enrollment.status, f.status));
  if (f.search) {
    const pattern = containsPattern(f.search);
    conditions.push(or(ilike(user.email, pattern), ilike(user.name, pattern)));
  }
  return and(...conditions);
}

interface EnrollmentsPage {
  db: Executor;
  filter: EnrollmentFilter;
  limit: number;
  offset: number;
}

/** One page of a course's enrolments, newest first, with each learner's conversation count. */
export function enrollmentsPageQuery({ db, filter, limit, offset }: EnrollmentsPage) {
  const where = filterWhere(filter);
  // The page first, then its learners' conversations (see listUsersForAdmin).
  const page = db
    .select({
      id: enrollment.id,
      userId: enrollment.userId,
      courseId: enrollment.courseId,
      email: user.email,
      name: user.name,
      status: enrollment.status,
      startedAt: enrollment.startedAt,
      endedAt: enrollment.endedAt,
    })
    .from(enrollment)
    .innerJoin(user, eq(user.id, enrollment.userId))
    .where(where)
    .orderBy(desc(enrollment.startedAt), asc(user.email))
    .limit(limit)
    .offset(offset)
    .as("page");
  const threads = sql<number>`(select count(*)::int from ${chatThread} ct where ct.user_id = "page"."user_id" and (ct.course_id = "page"."course_id" or ct.course_id is null))`;
  return db
    .select({
      id: page.id,
      userId: page.userId,
      email: page.email,
      name: page.name,
      status: page.status,
      startedAt: page.startedAt,
      endedAt: page.endedAt,
      threads,
    })
    .from(page)
    .orderBy(desc(page.startedAt), asc(page.email));
}

/** The admin list: a page of one course's enrolments with each learner's conversation count. */
export async function listEnrollmentsForAdmin(query: EnrollmentsPage) {
  const { db, filter } = query;
  const where = filterWhere(filter);
  const rows = await enrollmentsPageQuery(query);
  // Every enrolment has its user (a foreign key), so only a search needs the join to count.
  const counted = db.select({ n: count() }).from(enrollment);
  const [total] = await (filter.search
    ? counted.innerJoin(user, eq(user.id, enrollment.userId)).where(where)
    : counted.where(where));
  return { rows: rows.map((r) => ({ ...r, threads: Number(r.threads) })), total: total?.n ?? 0 };
}

/** Every enrolment matching the filter (the CLI's enrol:list), oldest first. */
export async function listAllEnrollments({ db, filter }: { db: Executor; filter: EnrollmentFilter }) {
  return db
    .select({
      email: user.email,
      name: user.name,
      status: enrollment.status,
      startedAt: enrollment.startedAt,
      endedAt: enrollment.endedAt,
    })
    .from(enrollment)
    .innerJoin(user, eq(user.id, enrollment.userId))
    .where(filterWhere(filter))
    .orderBy(asc(enrollment.startedAt), asc(user.email));
}

/** Whether a course exists (an admin's request names one; the foreign key was the first to notice). */
export async function courseExists({ db, courseId }: { db: Executor; courseId: string }): Promise<boolean> {
  const [row] = await db.select({ id: course.id }).from(course).where(eq(course.id, courseId)).limit(1);
  return row !== undefined;
}

/**
 * Users by email (lower-cased), with their standing in the course: the enrolment's status, or
 * `active` for a student without a row (staff without one: null, not a learner).
 */
export async function findUsersForEnrollment({
  db,
  courseId,
  emails,
}: {
  db: Executor;
  courseId: string;
  emails: string[];
}) {
  if (emails.length === 0) return [];
  return db
    .select({
      userId: user.id,
      email: user.email,
      name: user.name,
      status: sql<EnrollmentStatus | null>`coalesce(${enrollment.status}, case when ${isStudent} then 'active' end)`,
    })
    .from(user)
    .leftJoin(enrollment, and(eq(enrollment.userId, user.id), eq(enrollment.courseId, courseId)))
    .where(inArray(user.email, emails));
}

export interface EnrollmentChange {
  userId: string;
  email: string;
  from: EnrollmentStatus;
  to: EnrollmentStatus;
  endedAt: Date | null;
  /** Ended so long ago that the next retention run deletes the conversations (its own rule). */
  conversationsDue: boolean;
}

/**
 * Moves the users' enrolments in a course to `to`: ending applies to active enrolments only
 * (an ended one keeps its first end date), reopening to ended ones only. A student with no row
 * counts as active, so ending them writes an ended row (staff without one are left alone).
 * Returns the rows that changed, with their previous status, so the caller can audit each.
 */
export async function updateEnrollmentStatus({
  db,
  courseId,
  userIds,
  to,
  endedAt,
}: {
  db: Executor;
  courseId: string;
  userIds: string[];
  to: EnrollmentStatus;
  /** When the enrolment ended (defaults to now); ignored when reopening. */
  endedAt?: Date;
}): Promise<EnrollmentChange[]> {
  if (userIds.length === 0) return [];
  const reopening = to === "active";
  const changeable = reopening ? sql`${enrollment.status} <> 'active'` : eq(enrollment.status, "active");
  return db.transaction(async (tx) => {
    // Locked first so the previous status we report is the one we changed from.
    const before = await tx
      .select({ id: enrollment.id, userId: enrollment.userId, status: enrollment.status, email: user.email })
      .from(enrollment)
      .innerJoin(user, eq(user.id, enrollment.userId))
      .where(and(eq(enrollment.courseId, courseId), inArray(enrollment.userId, userIds), changeable))
      .for("update", { of: enrollment });
    if (!reopening) before.push(...(await insertActiveForStudentsWithout({ db: tx, courseId, userIds })));
    if (before.length === 0) return [];
    const rows = await tx
      .update(enrollment)
      .set({ status: to, endedAt: reopening ? null : (endedAt ?? sql`now()`), updatedAt: sql`now()` })
      .where(
        inArray(
          enrollment.id,
          before.map((b) => b.id),
        ),
      )
      .returning({
        id: enrollment.id,
        endedAt: enrollment.endedAt,
        due: sql<boolean>`coalesce(${endedBeyondRetention(enrollment.endedAt)}, false)`,
      });
    const after = new Map(rows.map((r) => [r.id, r]));
    return before.map((b) => ({
      userId: b.userId,
      email: b.email,
      from: b.status,
      to,
      endedAt: after.get(b.id)?.endedAt ?? null,
      conversationsDue: after.get(b.id)?.due === true,
    }));
  });
}

/**
 * Gives the students among `userIds` who have no row in the course the active row they are
 * treated as having (as a sign-up gets, started when the account was), so that ending them has
 * a row to change and the admin list shows them.
 */
async function insertActiveForStudentsWithout({
  db,
  courseId,
  userIds,
}: {
  db: Executor;
  courseId: string;
  userIds: string[];
}): Promise<{ id: string; userId: string; status: EnrollmentStatus; email: string }[]> {
  const missing = await db
    .select({ userId: user.id, email: user.email, startedAt: user.createdAt })
    .from(user)
    .leftJoin(enrollment, and(eq(enrollment.userId, user.id), eq(enrollment.courseId, courseId)))
    .where(and(inArray(user.id, userIds), isNull(enrollment.id), isStudent));
  if (missing.length === 0) return [];
  const rows = await db
    .insert(enrollment)
    .values(missing.map((m) => ({ id: randomUUID(), userId: m.userId, courseId, startedAt: m.startedAt })))
    .onConflictDoNothing({ target: [enrollment.userId, enrollment.courseId] })
    .returning({ id: enrollment.id, userId: enrollment.userId });
  const emailOf = new Map(missing.map((m) => [m.userId, m.email]));
  return rows.map((r) => ({ ...r, status: "active" as const, email: emailOf.get(r.userId) ?? "" }));
}
