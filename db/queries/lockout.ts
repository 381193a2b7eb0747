import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { loginAttempt } from "@/db/schema";

export interface Reservation {
  /** False when the account is locked: the password must not even be checked. */
  allowed: boolean;
  failedCount: number;
  lockedUntil: Date | null;
}

/**
 * Counts a sign-in attempt before the password is checked, in one statement, so a parallel
 * burst cannot get more than `max` tries: the attempt that reaches `max` also sets the lock,
 * and later ones find the row locked and are refused. An expired lock starts a fresh count.
 */
export async function reserveLoginAttempt({
  db,
  key,
  max,
  lockMinutes,
}: {
  db: Executor;
  key: string;
  max: number;
  lockMinutes: number;
}): Promise<Reservation> {
  const expired = sql`(${loginAttempt.lockedUntil} is not null and ${loginAttempt.lockedUntil} <= now())`;
  const [row] = await db
    .insert(loginAttempt)
    .values({ key, failedCount: 1, lockedUntil: null })
    .onConflictDoUpdate({
      target: loginAttempt.key,
      set: {
        failedCount: sql`case when ${expired} then 1 else ${loginAttempt.failedCount} + 1 end`,
        lockedUntil: sql`case
          when ${loginAttempt.failedCount} + 1 >= ${max} and not ${expired} then now() + make_interval(mins => ${lockMinutes})
          when ${expired} then null
          else ${loginAttempt.lockedUntil} end`,
        updatedAt: sql`now()`,
      },
      setWhere: sql`${loginAttempt.lockedUntil} is null or ${loginAttempt.lockedUntil} <= now()`,
    })
    .returning({ failedCount: loginAttempt.failedCount, lockedUntil: loginAttempt.lockedUntil });
  if (row) return { allowed: true, ...row };
  const [current] = await db
    .select({ failedCount: loginAttempt.failedCount, lockedUntil: loginAttempt.lockedUntil })
    .from(loginAttempt)
    .where(eq(loginAttempt.key, key));
  return { allowed: false, failedCount: current?.failedCount ?? max, lockedUntil: current?.lockedUntil ?? null };
}

export async function clearLoginAttempts({ db, key }: { db: Executor; key: string }): Promise<boolean> {
  const rows = await db.delete(loginAttempt).where(eq(loginAttempt.key, key)).returning({ key: loginAttempt.key });
  return rows.length > 0;
}

export async function getLoginLock({ db, key }: { db: Executor; key: string }): Promise<Date | null> {
  const [row] = await db
    .select({ lockedUntil: loginAttempt.lockedUntil })
    .from(loginAttempt)
    .where(eq(loginAttempt.key, key));
  return row?.lockedUntil && row.lockedUntil > new Date() ? row.lockedUntil : null;
}
