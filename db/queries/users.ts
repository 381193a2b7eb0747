import "server-only";
import { and, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { account, session, user } from "@/db/schema";

export async function findUserById({ db, userId }: { db: Executor; userId: string }) {
  const [row] = await db.select().from(user).where(eq(user.id, userId));
  return row;
}

/**
 * The user behind a session that still exists and has not expired (one indexed lookup):
 * undefined once the session was signed out, revoked or deleted with the user.
 */
export async function findUserBySession({
  db,
  userId,
  sessionId,
}: {
  db: Executor;
  userId: string;
  sessionId: string;
}) {
  const [row] = await db
    .select({ user, expiresAt: session.expiresAt })
    .from(session)
    .innerJoin(user, eq(user.id, session.userId))
    .where(and(eq(session.id, sessionId), eq(session.userId, userId)));
  return row && row.expiresAt > new Date() ? row.user : undefined;
}

/** Whether the user can sign in with a password (a credential account exists). */
export async function hasPassword({ db, userId }: { db: Executor; userId: string }): Promise<boolean> {
  const [row] = await db
    .select({ id: account.id })
    .from(account)
    .where(and(eq(account.userId, userId), eq(account.providerId, "credential")))
    .limit(1);
  return row !== undefined;
}

export async function findUserByEmail({ db, email }: { db: Executor; email: string }) {
  const [row] = await db.select().from(user).where(eq(user.email, email.trim().toLowerCase()));
  return row;
}

export async function setUserRole({ db, userId, role }: { db: Executor; userId: string; role: string }) {
  await db.update(user).set({ role, updatedAt: new Date() }).where(eq(user.id, userId));
}

export async function markEmailVerified({ db, userId }: { db: Executor; userId: string }) {
  await db.update(user).set({ emailVerified: true, updatedAt: new Date() }).where(eq(user.id, userId));
}

/** Any one admin (the CLI acts as one when it registers an OAuth client). */
export async function findAnyAdmin({ db }: { db: Executor }) {
  const [row] = await db.select().from(user).where(eq(user.role, "admin")).limit(1);
  return row;
}
