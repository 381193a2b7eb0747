import "server-only";
import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { account, user } from "@/db/schema";

/** The user's credential account (the one better-auth checks passwords against). */
export async function findCredentialAccount({ db, userId }: { db: Executor; userId: string }) {
  const [row] = await db
    .select({ id: account.id, password: account.password })
    .from(account)
    .where(and(eq(account.userId, userId), eq(account.providerId, "credential"), eq(account.accountId, userId)));
  return row;
}

/**
 * Replaces a legacy hash only if it is still the one that was verified (a concurrent
 * password change wins), and records whether the user must choose a new password.
 * Returns false when the hash had already changed.
 */
export async function replacePasswordHash({
  db,
  userId,
  accountId,
  from,
  to,
  changeRequired,
}: {
  db: Executor;
  userId: string;
  accountId: string;
  from: string;
  to: string;
  changeRequired: boolean;
}): Promise<boolean> {
  const now = new Date();
  const rows = await db
    .update(account)
    .set({ password: to, updatedAt: now })
    .where(and(eq(account.id, accountId), eq(account.userId, userId), eq(account.password, from)))
    .returning({ id: account.id });
  if (rows.length === 0) return false;
  if (changeRequired) {
    await db.update(user).set({ passwordChangeRequired: true, updatedAt: now }).where(eq(user.id, userId));
  }
  return true;
}

export async function clearPasswordChangeRequired({ db, userId }: { db: Executor; userId: string }): Promise<void> {
  await db
    .update(user)
    .set({ passwordChangeRequired: false, updatedAt: new Date() })
    .where(and(eq(user.id, userId), eq(user.passwordChangeRequired, true)));
}
