import "server-only";
import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { user } from "@/db/schema";

export async function findUserById({ db, userId }: { db: Executor; userId: string }) {
  const [row] = await db.select().from(user).where(eq(user.id, userId));
  return row;
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
