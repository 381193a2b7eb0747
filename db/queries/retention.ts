import "server-only";
import { and, count, isNotNull, lt, or, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { chatThread, loginAttempt, rateLimit, tutorMessage, verification } from "@/db/schema";

export const RETENTION_DAYS = 30;

const expiredThreads = () =>
  and(
    isNotNull(chatThread.enrollmentEndedAt),
    lt(chatThread.enrollmentEndedAt, sql`now() - make_interval(days => ${RETENTION_DAYS})`),
  );

export async function countExpiredThreads({ db }: { db: Executor }): Promise<number> {
  const [row] = await db.select({ n: count() }).from(chatThread).where(expiredThreads());
  return row?.n ?? 0;
}

export async function deleteExpiredThreads({ db }: { db: Executor }): Promise<number> {
  const rows = await db.delete(chatThread).where(expiredThreads()).returning({ id: chatThread.id });
  return rows.length;
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
