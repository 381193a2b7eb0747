import "server-only";
import { asc, count, gt, inArray } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { account, user } from "@/db/schema";

export interface ExportedUserRow {
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
  role: string | null;
  image: string | null;
  createdAt: Date;
  accounts: { providerId: string; accountId: string; password: string | null }[];
}

/** One page of users (by id, after `afterId`) with all their accounts, hashes included. */
export async function listUsersForExport({
  db,
  afterId,
  limit,
}: {
  db: Executor;
  afterId: string | null;
  limit: number;
}): Promise<ExportedUserRow[]> {
  const users = await db
    .select({
      id: user.id,
      email: user.email,
      name: user.name,
      emailVerified: user.emailVerified,
      role: user.role,
      image: user.image,
      createdAt: user.createdAt,
    })
    .from(user)
    .where(afterId === null ? undefined : gt(user.id, afterId))
    .orderBy(asc(user.id))
    .limit(limit);
  if (users.length === 0) return [];
  const accounts = await db
    .select({
      userId: account.userId,
      providerId: account.providerId,
      accountId: account.accountId,
      password: account.password,
    })
    .from(account)
    .where(
      inArray(
        account.userId,
        users.map((u) => u.id),
      ),
    )
    .orderBy(asc(account.providerId), asc(account.accountId));
  const byUser = Map.groupBy(accounts, (a) => a.userId);
  return users.map((u) => ({ ...u, accounts: byUser.get(u.id) ?? [] }));
}

export async function countUsers({ db }: { db: Executor }): Promise<number> {
  const [row] = await db.select({ n: count() }).from(user);
  return row?.n ?? 0;
}
