import "server-only";
import { and, eq, exists } from "drizzle-orm";
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
 * Replaces a legacy hash only if it is still the one that was verified: a password changed
 * between the sign-in and this (delayed) rehash wins. Returns false when the hash had changed.
 */
export async function replacePasswordHash({
  db,
  userId,
  accountId,
  from,
  to,
}: {
  db: Executor;
  userId: string;
  accountId: string;
  from: string;
  to: string;
}): Promise<boolean> {
  const rows = await db
    .update(account)
    .set({ password: to, updatedAt: new Date() })
    .where(and(eq(account.id, accountId), eq(account.userId, userId), eq(account.password, from)))
    .returning({ id: account.id });
  return rows.length > 0;
}

/**
 * Asks the user to choose a new password, only while the account still holds the (weak) legacy
 * hash that was verified: a password changed meanwhile already answered the request.
 */
export async function requirePasswordChange({
  db,
  userId,
  accountId,
  hash,
}: {
  db: Executor;
  userId: string;
  accountId: string;
  hash: string;
}): Promise<void> {
  const stillThatHash = db
    .select({ id: account.id })
    .from(account)
    .where(and(eq(account.id, accountId), eq(account.userId, userId), eq(account.password, hash)));
  await db
    .update(user)
    .set({ passwordChangeRequired: true, updatedAt: new Date() })
    .where(and(eq(user.id, userId), eq(user.passwordChangeRequired, false), exists(stillThatHash)));
}

export async function clearPasswordChangeRequired({ db, userId }: { db: Executor; userId: string }): Promise<void> {
  await db
    .update(user)
    .set({ passwordChangeRequired: false, updatedAt: new Date() })
    .where(and(eq(user.id, userId), eq(user.passwordChangeRequired, true)));
}
