import "server-only";
import { and, count, lt, or, type SQLWrapper, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { rowsOf } from "@/db/rows";
import {
  aiEvent,
  authEvent,
  chatThread,
  loginAttempt,
  rateLimit,
  tutorFeedback,
  tutorMessage,
  tutorUsageDaily,
  verification,
} from "@/db/schema";

export const RETENTION_DAYS = 30;

/**
 * The one rule for "this enrolment ended long enough ago that its conversations go at the next
 * run", over an `ended_at` expression; what the admin is told when ending one uses it too.
 */
export const endedBeyondRetention = (endedAt: SQLWrapper) =>
  sql<boolean>`${endedAt} < now() - make_interval(days => ${RETENTION_DAYS})`;

/**
 * A thread is due when its learner's enrolment in the thread's course ended more than 30 days
 * ago. A thread with no course counts for every course: it is due only once the learner has an
 * enrolment that ended that long ago and none that is active. Written against the table names
 * because Drizzle leaves columns unqualified inside a DELETE.
 */
const dueThread = sql`exists (
    select 1 from "enrollment" e
    where e."user_id" = "chat_thread"."user_id" and e."status" <> 'active'
      and ${endedBeyondRetention(sql`e."ended_at"`)}
      and (e."course_id" = "chat_thread"."course_id" or "chat_thread"."course_id" is null))
  and not ("chat_thread"."course_id" is null and exists (
    select 1 from "enrollment" a where a."user_id" = "chat_thread"."user_id" and a."status" = 'active'))`;

export async function countExpiredThreads({ db }: { db: Executor }): Promise<number> {
  const [row] = await db.select({ n: count() }).from(chatThread).where(dueThread);
  return row?.n ?? 0;
}

export async function deleteExpiredThreads({ db }: { db: Executor }): Promise<number> {
  const rows = await db.delete(chatThread).where(dueThread).returning({ id: chatThread.id });
  return rows.length;
}

export interface EndedEnrolmentThreads {
  userId: string;
  email: string;
  courseTitle: string;
  status: string;
  endedAt: Date;
  threads: number;
  /** The first run at or after this time deletes the conversations. */
  deleteAfter: Date;
  due: boolean;
}

/**
 * Ended enrolments that still have conversations, oldest end first: the ones the next run
 * deletes (`due`) and the ones waiting out their 30 days, with the date each becomes due.
 */
export async function listEndedEnrolmentThreads({
  db,
  limit,
}: {
  db: Executor;
  limit: number;
}): Promise<EndedEnrolmentThreads[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select * from (
        select e.user_id, u.email, c.title as course_title, e.status, e.ended_at,
               e.ended_at + make_interval(days => ${RETENTION_DAYS}) as delete_after,
               ${endedBeyondRetention(sql`e.ended_at`)} as due,
               (select count(*)::int from chat_thread t
                 where t.user_id = e.user_id and (t.course_id = e.course_id or (t.course_id is null and not exists (
                   select 1 from enrollment a where a.user_id = e.user_id and a.status = 'active')))) as threads
        from enrollment e join "user" u on u.id = e.user_id join course c on c.id = e.course_id
        where e.status <> 'active' and e.ended_at is not null
      ) ended
      where threads > 0
      order by ended_at, email
      limit ${limit}`),
  );
  return rows.map((r) => ({
    userId: String(r.user_id),
    email: String(r.email),
    courseTitle: String(r.course_title),
    status: String(r.status),
    endedAt: new Date(r.ended_at as string),
    threads: Number(r.threads),
    deleteAfter: new Date(r.delete_after as string),
    due: r.due === true || r.due === "t",
  }));
}

const olderThan = (days: number) => sql`now() - make_interval(days => ${days})`;

/** Audit and usage log rows older than `days`: what log retention deletes. */
export async function countOldLogs({ db, days }: { db: Executor; days: number }) {
  const [[events], [turns], [daily], [votes]] = await Promise.all([
    db
      .select({ n: count() })
      .from(authEvent)
      .where(lt(authEvent.createdAt, olderThan(days))),
    db
      .select({ n: count() })
      .from(aiEvent)
      .where(lt(aiEvent.createdAt, olderThan(days))),
    db
      .select({ n: count() })
      .from(tutorUsageDaily)
      .where(lt(tutorUsageDaily.day, sql`(current_date - ${days}::int)`)),
    db
      .select({ n: count() })
      .from(tutorFeedback)
      .where(lt(tutorFeedback.updatedAt, olderThan(days))),
  ]);
  return { authEvents: events?.n ?? 0, aiEvents: turns?.n ?? 0, usageDays: daily?.n ?? 0, feedback: votes?.n ?? 0 };
}

export async function deleteOldLogs({ db, days }: { db: Executor; days: number }) {
  const events = await db
    .delete(authEvent)
    .where(lt(authEvent.createdAt, olderThan(days)))
    .returning({ id: authEvent.id });
  const turns = await db
    .delete(aiEvent)
    .where(lt(aiEvent.createdAt, olderThan(days)))
    .returning({ id: aiEvent.id });
  const daily = await db
    .delete(tutorUsageDaily)
    .where(lt(tutorUsageDaily.day, sql`(current_date - ${days}::int)`))
    .returning({ day: tutorUsageDaily.day });
  const votes = await db
    .delete(tutorFeedback)
    .where(lt(tutorFeedback.updatedAt, olderThan(days)))
    .returning({ id: tutorFeedback.itemId });
  return { authEvents: events.length, aiEvents: turns.length, usageDays: daily.length, feedback: votes.length };
}

/** Rows that only ever grow: used tokens, old limiter buckets, stale lockout counters, old quota ledger. */
export async function deleteHousekeeping({ db }: { db: Executor }) {
  const tokens = await db
    .delete(verification)
    .where(lt(verification.expiresAt, sql`now()`))
    .returning({ id: verification.id });
  const buckets = await db
    .delete(rateLimit)
    .where(lt(rateLimit.lastRequest, sql`(extract(epoch from now()) * 1000 - 86400000)::bigint`))
    .returning({ id: rateLimit.id });
  const attempts = await db
    .delete(loginAttempt)
    .where(
      and(
        lt(loginAttempt.updatedAt, sql`now() - interval '1 day'`),
        or(sql`${loginAttempt.lockedUntil} is null`, lt(loginAttempt.lockedUntil, sql`now()`)),
      ),
    )
    .returning({ key: loginAttempt.key });
  const ledger = await db
    .delete(tutorMessage)
    .where(lt(tutorMessage.createdAt, sql`now() - interval '2 days'`))
    .returning({ id: tutorMessage.id });
  return {
    verifications: tokens.length,
    rateLimits: buckets.length,
    loginAttempts: attempts.length,
    quotaRows: ledger.length,
  };
}
