import "server-only";
import type { Db } from "@/db/client";
import { findTutorLimit, resetTutorCount, upsertTutorLimit } from "@/db/queries/tutor";
import { findUserById } from "@/db/queries/users";
import { auditWriter } from "@/lib/auth/audit";
import { toRole } from "@/lib/auth/user";
import { AppError } from "@/lib/errors";
import { getQuota } from "@/lib/tutor/quota";

export const MAX_DAILY_LIMIT = 1000;

/** What the admin user page shows about a learner's tutor allowance. */
export async function learnerAllowance({ db, userId, defaultLimit }: { db: Db; userId: string; defaultLimit: number }) {
  const user = await findUserById({ db, userId });
  if (!user) throw new AppError("admin:not_found", "That user no longer exists.");
  const [own, quota] = await Promise.all([
    findTutorLimit({ db, userId }),
    getQuota({ db, user: { id: user.id, role: toRole(user.role) }, limit: defaultLimit }),
  ]);
  return {
    defaultLimit,
    ownLimit: own?.dailyLimit ?? null,
    lastReset: own?.resetAt ?? null,
    quota,
    used: quota.limit - quota.remaining,
  };
}

type Admin = { id: string; email: string };

/** As the user admin actions do: the learner is the subject, the admin is `by`. */
const logFor = (db: Db, admin: Admin, user: { id: string; email: string }, details: Record<string, unknown>) =>
  auditWriter(db)({ type: "admin_action", userId: user.id, email: user.email, details: { ...details, by: admin.id } });

async function target(db: Db, userId: string) {
  const user = await findUserById({ db, userId });
  if (!user) throw new AppError("admin:not_found", "That user no longer exists.");
  return user;
}

/** Sets (or, with null, clears) a learner's own daily limit; audited. */
export async function setLearnerLimit({
  db,
  admin,
  userId,
  dailyLimit,
}: {
  db: Db;
  admin: Admin;
  userId: string;
  dailyLimit: number | null;
}) {
  const user = await target(db, userId);
  if (dailyLimit !== null && (!Number.isInteger(dailyLimit) || dailyLimit < 0 || dailyLimit > MAX_DAILY_LIMIT)) {
    throw new AppError("admin:invalid", `The limit must be a whole number from 0 to ${MAX_DAILY_LIMIT}.`);
  }
  await upsertTutorLimit({ db, userId, dailyLimit, by: admin.id });
  await logFor(db, admin, user, { action: "tutor_limit", dailyLimit });
  return user;
}

/** "Reset today's count": earlier messages stop counting; audited. */
export async function resetLearnerCount({ db, admin, userId }: { db: Db; admin: Admin; userId: string }) {
  const user = await target(db, userId);
  await resetTutorCount({ db, userId, by: admin.id });
  await logFor(db, admin, user, { action: "tutor_quota_reset" });
  return user;
}
