import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { loginAttempt } from "@/db/schema";

/**
 * Sign-in attempts per hashed email. A password check is reserved before it runs and settled
 * after: failures count toward the lock, checks under way count toward the limit only while
 * they run. So a parallel burst of wrong passwords gets exactly `max` checks (the rest wait,
 * then find the lock), and a burst of right ones all get through (each success frees its slot).
 */
export type Reservation =
  | { kind: "allowed" }
  | { kind: "locked"; lockedUntil: Date }
  /** Failures and checks under way fill the limit: try again when one settles. */
  | { kind: "busy" };

const t = loginAttempt;
const lockExpired = sql`(${t.lockedUntil} is not null and ${t.lockedUntil} <= now())`;
const failures = sql`(case when ${lockExpired} then 0 else ${t.failedCount} end)`;
const underWay = sql`(case when ${t.pendingUntil} is null or ${t.pendingUntil} <= now() then 0 else ${t.pending} end)`;
const pendingUntil = (seconds: number) => sql`now() + make_interval(secs => ${seconds})`;

/** One statement: concurrent reservations for a key are serialised on its row. */
export async function reserveLoginAttempt({
  db,
  key,
  max,
  pendingSeconds,
}: {
  db: Executor;
  key: string;
  max: number;
  pendingSeconds: number;
}): Promise<Reservation> {
  const [row] = await db
    .insert(loginAttempt)
    .values({ key, failedCount: 0, pending: 1, pendingUntil: pendingUntil(pendingSeconds), lockedUntil: null })
    .onConflictDoUpdate({
      target: loginAttempt.key,
      set: {
        failedCount: failures,
        lockedUntil: null,
        pending: sql`${underWay} + 1`,
        pendingUntil: pendingUntil(pendingSeconds),
        updatedAt: sql`now()`,
      },
      setWhere: sql`(${t.lockedUntil} is null or ${lockExpired}) and ${failures} + ${underWay} < ${max}`,
    })
    .returning({ key: loginAttempt.key });
  if (row) return { kind: "allowed" };
  const [current] = await db
    .select({ lockedUntil: loginAttempt.lockedUntil })
    .from(loginAttempt)
    .where(eq(loginAttempt.key, key));
  const lockedUntil = current?.lockedUntil;
  return lockedUntil && lockedUntil > new Date() ? { kind: "locked", lockedUntil } : { kind: "busy" };
}

/** A wrong password: one more failure, one check fewer under way; the `max`-th failure locks. */
export async function recordLoginFailure({
  db,
  key,
  max,
  lockMinutes,
}: {
  db: Executor;
  key: string;
  max: number;
  lockMinutes: number;
}): Promise<{ failedCount: number; lockedUntil: Date | null; lockedNow: boolean }> {
  const lockAt = sql`now() + make_interval(mins => ${lockMinutes})`;
  const [row] = await db
    .insert(loginAttempt)
    .values({ key, failedCount: 1, pending: 0, lockedUntil: max <= 1 ? lockAt : null })
    .onConflictDoUpdate({
      target: loginAttempt.key,
      set: {
        failedCount: sql`${failures} + 1`,
        pending: sql`greatest(${underWay} - 1, 0)`,
        lockedUntil: sql`case
          when ${t.lockedUntil} is not null and not ${lockExpired} then ${t.lockedUntil}
          when ${failures} + 1 >= ${max} then ${lockAt}
          else null end`,
        updatedAt: sql`now()`,
      },
    })
    .returning({
      failedCount: loginAttempt.failedCount,
      lockedUntil: loginAttempt.lockedUntil,
      // now() is fixed for the statement: equal only when this statement set the lock.
      lockedNow: sql<boolean>`coalesce(${t.lockedUntil} = ${lockAt}, false)`,
    });
  return {
    failedCount: row?.failedCount ?? 1,
    lockedUntil: row?.lockedUntil ?? null,
    lockedNow: row?.lockedNow ?? false,
  };
}

/**
 * A check that ended without a wrong password. `success` (the password was right) also clears
 * the failures and any lock; `release` (the check never happened) only frees the slot.
 */
export async function settleLoginAttempt({
  db,
  key,
  outcome,
}: {
  db: Executor;
  key: string;
  outcome: "success" | "release";
}): Promise<void> {
  // Nothing left to remember (no other check under way, and no failures or lock to keep):
  // drop the row, as a clear would.
  const [gone] = await db
    .delete(loginAttempt)
    .where(
      and(
        eq(loginAttempt.key, key),
        sql`${underWay} <= 1`,
        outcome === "success" ? undefined : sql`${failures} = 0 and (${t.lockedUntil} is null or ${lockExpired})`,
      ),
    )
    .returning({ key: loginAttempt.key });
  if (gone) return;
  const nothingLeft = sql<boolean>`${underWay} = 0 and ${failures} = 0 and (${t.lockedUntil} is null or ${lockExpired})`;
  const [left] = await db
    .update(loginAttempt)
    .set({
      pending: sql`greatest(${underWay} - 1, 0)`,
      ...(outcome === "success" ? { failedCount: 0, lockedUntil: null } : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(loginAttempt.key, key))
    .returning({ empty: nothingLeft });
  // Two checks settling at the same moment each see the other still under way, so neither
  // drops the row above: whichever leaves it holding nothing drops it here (checked again, in
  // case a new check arrived in between).
  if (left?.empty) await db.delete(loginAttempt).where(and(eq(loginAttempt.key, key), nothingLeft));
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
