import "server-only";
import { and, count, desc, gt, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { loginAttempt, user } from "@/db/schema";
import { containsPattern } from "./like";

interface AdminUserRow {
  id: string;
  email: string;
  name: string;
  role: string | null;
  emailVerified: boolean;
  banned: boolean | null;
  createdAt: Date;
  lastLoginAt: Date | null;
}

/** Users for the admin list: search by email or name, newest first, with the last sign-in. */
export async function listUsersForAdmin({
  db,
  search,
  limit,
  offset,
}: {
  db: Executor;
  search?: string;
  limit: number;
  offset: number;
}): Promise<{ rows: AdminUserRow[]; total: number }> {
  const where: SQL | undefined = search
    ? or(ilike(user.email, containsPattern(search)), ilike(user.name, containsPattern(search)))
    : undefined;
  // Explicit aliases: Drizzle renders columns unqualified here, and inside the subquery an
  // unqualified "id" would be the event's own id.
  const lastLogin = sql<Date | null>`(select max(ae.created_at) from auth_event ae where ae.user_id = "user"."id" and ae.type = 'login_success')`;
  const rows = await db
    .select({
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      emailVerified: user.emailVerified,
      banned: user.banned,
      createdAt: user.createdAt,
      lastLoginAt: lastLogin,
    })
    .from(user)
    .where(where)
    .orderBy(desc(user.createdAt), desc(user.id))
    .limit(limit)
    .offset(offset);
  const [total] = await db.select({ n: count() }).from(user).where(where);
  return {
    rows: rows.map((r) => ({ ...r, lastLoginAt: r.lastLoginAt ? new Date(r.lastLoginAt) : null })),
    total: total?.n ?? 0,
  };
}

/** Which of these lockout keys are locked right now. */
export async function lockedKeys({ db, keys }: { db: Executor; keys: string[] }): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .select({ key: loginAttempt.key })
    .from(loginAttempt)
    .where(and(inArray(loginAttempt.key, keys), gt(loginAttempt.lockedUntil, sql`now()`)));
  return new Set(rows.map((r) => r.key));
}
