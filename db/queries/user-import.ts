import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, getTableColumns, gte, inArray, like, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import {
  account,
  aiEvent,
  authEvent,
  chatThread,
  importRun,
  importRunUser,
  lessonProgress,
  session,
  tutorMessage,
  user,
  verification,
} from "@/db/schema";

/** Lists of ids or emails are sent in slices so no statement exceeds the driver's parameter limit. */
const SLICE = 1000;

function slices<T>(items: readonly T[], size = SLICE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Existing users that share an id or an email (lower-cased) with the file. */
export async function findUsersByIdsOrEmails({
  db,
  ids,
  emails,
}: {
  db: Executor;
  ids: string[];
  emails: string[];
}): Promise<{ id: string; email: string }[]> {
  const found = new Map<string, { id: string; email: string }>();
  for (const part of slices(ids)) {
    for (const row of await db.select({ id: user.id, email: user.email }).from(user).where(inArray(user.id, part))) {
      found.set(row.id, row);
    }
  }
  for (const part of slices(emails)) {
    const rows = await db
      .select({ id: user.id, email: user.email })
      .from(user)
      .where(inArray(sql`lower(${user.email})`, part));
    for (const row of rows) found.set(row.id, row);
  }
  return [...found.values()];
}

/** Which of these users an import run created, with that run (import_run_user records it). */
export async function findImportedUsers({ db, ids }: { db: Executor; ids: string[] }): Promise<Map<string, number>> {
  const runOf = new Map<string, number>();
  for (const part of slices(ids)) {
    const rows = await db
      .select({ userId: importRunUser.userId, runId: importRunUser.runId })
      .from(importRunUser)
      .where(inArray(importRunUser.userId, part));
    for (const row of rows) runOf.set(row.userId, row.runId);
  }
  return runOf;
}

/** Existing links of these provider accounts, whoever they belong to. */
export async function findLinkedAccounts({
  db,
  keys,
}: {
  db: Executor;
  keys: { providerId: string; accountId: string }[];
}): Promise<{ providerId: string; accountId: string; userId: string }[]> {
  const byProvider = Map.groupBy(keys, (k) => k.providerId);
  const out: { providerId: string; accountId: string; userId: string }[] = [];
  for (const [providerId, list] of byProvider) {
    for (const part of slices(list.map((k) => k.accountId))) {
      out.push(
        ...(await db
          .select({ providerId: account.providerId, accountId: account.accountId, userId: account.userId })
          .from(account)
          .where(and(eq(account.providerId, providerId), inArray(account.accountId, part)))),
      );
    }
  }
  return out;
}

export async function findRunsByChecksum({ db, checksum }: { db: Executor; checksum: string }) {
  return db.select().from(importRun).where(eq(importRun.fileChecksum, checksum)).orderBy(desc(importRun.id));
}

export interface NewImportRun {
  fileName: string;
  fileChecksum: string;
  format: "jsonl" | "csv";
  rowCount: number;
  presentCount: number;
  startedBy: string;
}

export async function insertImportRun({ db, run }: { db: Executor; run: NewImportRun }): Promise<number> {
  const [row] = await db
    .insert(importRun)
    .values({ ...run, createdCount: 0, linkedAccountCount: 0 })
    .returning({ id: importRun.id });
  if (!row) throw new Error("the import run was not recorded");
  return row.id;
}

export async function finishImportRun({
  db,
  runId,
  createdCount,
  linkedAccountCount,
}: {
  db: Executor;
  runId: number;
  createdCount: number;
  linkedAccountCount: number;
}) {
  await db
    .update(importRun)
    .set({ createdCount, linkedAccountCount, finishedAt: new Date() })
    .where(eq(importRun.id, runId));
}

export interface ImportedUserRow {
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
  role: string;
  image: string | null;
  createdAt: Date;
  passwordHash: string | null;
  accounts: { provider: string; id: string }[];
}

/** Writes one batch of users, their credential and provider accounts, and the run's links. */
export async function insertImportedUsers({
  db,
  runId,
  users,
}: {
  db: Executor;
  runId: number;
  users: ImportedUserRow[];
}): Promise<{ linkedAccounts: number }> {
  if (users.length === 0) return { linkedAccounts: 0 };
  const now = new Date();
  await db.insert(user).values(
    users.map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      emailVerified: u.emailVerified,
      image: u.image,
      role: u.role,
      createdAt: u.createdAt,
      updatedAt: now,
    })),
  );
  const accounts = users.flatMap((u) => [
    // better-auth finds the password on the "credential" account whose account id is the user id.
    ...(u.passwordHash
      ? [{ providerId: "credential", accountId: u.id, userId: u.id, password: u.passwordHash as string | null }]
      : []),
    ...u.accounts.map((a) => ({ providerId: a.provider, accountId: a.id, userId: u.id, password: null })),
  ]);
  if (accounts.length > 0) {
    await db.insert(account).values(accounts.map((a) => ({ ...a, id: randomUUID(), createdAt: now, updatedAt: now })));
  }
  await db.insert(importRunUser).values(users.map((u) => ({ runId, userId: u.id })));
  return { linkedAccounts: users.reduce((n, u) => n + u.accounts.length, 0) };
}

const starter = alias(user, "starter");
const roller = alias(user, "roller");

/** Newest first, with the email of the admin who started or rolled back a run while that account exists. */
export async function listImportRuns({ db, limit = 50 }: { db: Executor; limit?: number }) {
  return db
    .select({ ...getTableColumns(importRun), startedByEmail: starter.email, rolledBackByEmail: roller.email })
    .from(importRun)
    .leftJoin(starter, eq(starter.id, importRun.startedBy))
    .leftJoin(roller, eq(roller.id, importRun.rolledBackBy))
    .orderBy(desc(importRun.id))
    .limit(limit);
}

export async function getImportRun({ db, runId }: { db: Executor; runId: number }) {
  const [row] = await db.select().from(importRun).where(eq(importRun.id, runId));
  return row;
}

/** The users a run created that still exist. */
export async function listRunUsers({ db, runId }: { db: Executor; runId: number }) {
  return db
    .select({ id: user.id, email: user.email })
    .from(importRunUser)
    .innerJoin(user, eq(user.id, importRunUser.userId))
    .where(eq(importRunUser.runId, runId))
    .orderBy(user.id);
}

export interface UserActivity {
  userId: string;
  signedIn: boolean;
  chatted: boolean;
  /** Completed a lesson: an import brings no progress, so any row is theirs since. */
  progressed: boolean;
}

/**
 * Which of these users have signed in (a session, or a sign-in event since `since`), used the
 * tutor or completed a lesson. Sessions expire and sign-in events go after AUDIT_RETENTION_DAYS;
 * progress and conversations are what stays of a learner who signed out long ago.
 */
export async function findUserActivity({
  db,
  userIds,
  since,
}: {
  db: Executor;
  userIds: string[];
  since: Date;
}): Promise<UserActivity[]> {
  const signedIn = new Set<string>();
  const chatted = new Set<string>();
  const progressed = new Set<string>();
  for (const part of slices(userIds)) {
    const sessions = await db.selectDistinct({ id: session.userId }).from(session).where(inArray(session.userId, part));
    const events = await db
      .selectDistinct({ id: authEvent.userId })
      .from(authEvent)
      .where(
        and(inArray(authEvent.userId, part), eq(authEvent.type, "login_success"), gte(authEvent.createdAt, since)),
      );
    const threads = await db
      .selectDistinct({ id: chatThread.userId })
      .from(chatThread)
      .where(inArray(chatThread.userId, part));
    const messages = await db
      .selectDistinct({ id: tutorMessage.userId })
      .from(tutorMessage)
      .where(inArray(tutorMessage.userId, part));
    const lessons = await db
      .selectDistinct({ id: lessonProgress.userId })
      .from(lessonProgress)
      .where(inArray(lessonProgress.userId, part));
    for (const r of [...sessions, ...events]) if (r.id) signedIn.add(r.id);
    for (const r of [...threads, ...messages]) chatted.add(r.id);
    for (const r of lessons) progressed.add(r.id);
  }
  return [...new Set([...signedIn, ...chatted, ...progressed])].sort().map((userId) => ({
    userId,
    signedIn: signedIn.has(userId),
    chatted: chatted.has(userId),
    progressed: progressed.has(userId),
  }));
}

/**
 * Deletes users and what hangs off them: the foreign keys cascade to sessions, accounts,
 * progress, threads and their items, quota and usage rows, OAuth grants and the run links;
 * per-turn AI events and pending reset tokens carry the id without a key, so they go here.
 * The audit log is kept: it records the import and the rollback.
 */
export async function deleteUsersWithData({ db, userIds }: { db: Executor; userIds: string[] }): Promise<number> {
  let removed = 0;
  for (const part of slices(userIds)) {
    await db.delete(aiEvent).where(inArray(aiEvent.userId, part));
    await db
      .delete(verification)
      .where(and(like(verification.identifier, "reset-password:%"), inArray(verification.value, part)));
    const rows = await db.delete(user).where(inArray(user.id, part)).returning({ id: user.id });
    removed += rows.length;
  }
  return removed;
}

/**
 * Claims a completed run for its rollback: the first of two rollbacks started at once changes
 * the row; the second waits on its lock (Postgres) or runs after it (PGlite), then finds the run
 * rolled back and gets undefined. Call inside the rollback's transaction, so a refusal undoes it.
 */
export async function claimRunForRollback({ db, runId, by }: { db: Executor; runId: number; by: string }) {
  const [row] = await db
    .update(importRun)
    .set({ status: "rolled_back", rolledBackAt: new Date(), rolledBackBy: by })
    .where(and(eq(importRun.id, runId), eq(importRun.status, "completed")))
    .returning({ startedAt: importRun.startedAt });
  return row;
}

export async function markRunRolledBack({
  db,
  runId,
  by,
  removedCount,
}: {
  db: Executor;
  runId: number;
  by: string;
  removedCount: number;
}) {
  await db
    .update(importRun)
    .set({ status: "rolled_back", rolledBackAt: new Date(), rolledBackBy: by, removedCount })
    .where(eq(importRun.id, runId));
}
