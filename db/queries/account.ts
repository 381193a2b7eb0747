import "server-only";
import { and, asc, count, desc, eq, gt, or, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { insertAuthEvent } from "@/db/queries/audit";
import {
  account,
  authEvent,
  chatItem,
  chatThread,
  enrollment,
  importRun,
  lesson,
  lessonProgress,
  loginAttempt,
  session,
  tutorUsageDaily,
  user,
  verification,
} from "@/db/schema";

/** The user's unexpired sessions, newest activity first. Never returns the tokens. */
export async function listUserSessions({ db, userId }: { db: Executor; userId: string }) {
  return db
    .select({
      id: session.id,
      createdAt: session.createdAt,
      updatedAt: session.updatedAt,
      expiresAt: session.expiresAt,
      ipAddress: session.ipAddress,
      userAgent: session.userAgent,
    })
    .from(session)
    .where(and(eq(session.userId, userId), gt(session.expiresAt, sql`now()`)))
    .orderBy(desc(session.updatedAt), desc(session.createdAt));
}

/** The token of one of the user's sessions (to revoke it through better-auth), or undefined. */
export async function findSessionToken({ db, userId, sessionId }: { db: Executor; userId: string; sessionId: string }) {
  const [row] = await db
    .select({ token: session.token })
    .from(session)
    .where(and(eq(session.id, sessionId), eq(session.userId, userId)));
  return row?.token;
}

/**
 * Marks a session as used now, at most once per `minutes`: better-auth only touches a session
 * when it extends it (daily), which is too coarse for "last active" on the account page.
 */
export async function touchSession({ db, sessionId, minutes }: { db: Executor; sessionId: string; minutes: number }) {
  await db
    .update(session)
    .set({ updatedAt: sql`now()` })
    .where(and(eq(session.id, sessionId), sql`${session.updatedAt} < now() - make_interval(mins => ${minutes})`));
}

/** The user's sign-in methods: the credential account (with or without a password) and linked providers. */
export async function listSignInMethods({ db, userId }: { db: Executor; userId: string }) {
  const rows = await db
    .select({
      id: account.id,
      providerId: account.providerId,
      accountId: account.accountId,
      createdAt: account.createdAt,
      hasPassword: sql<boolean>`${account.password} is not null`,
    })
    .from(account)
    .where(eq(account.userId, userId))
    .orderBy(asc(account.createdAt));
  return rows.map((r) => ({ ...r, hasPassword: Boolean(r.hasPassword) }));
}

export async function findPasswordHash({ db, userId }: { db: Executor; userId: string }) {
  const [row] = await db
    .select({ password: account.password })
    .from(account)
    .where(and(eq(account.userId, userId), eq(account.providerId, "credential")));
  return row?.password ?? undefined;
}

/** Everything the data export holds about one user, read in one place. */
export async function readUserData({ db, userId }: { db: Executor; userId: string }) {
  const [profile] = await db
    .select({
      id: user.id,
      name: user.name,
      email: user.email,
      emailVerified: user.emailVerified,
      role: user.role,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    })
    .from(user)
    .where(eq(user.id, userId));
  if (!profile) return undefined;
  const [methods, enrolments, progress, threads, items, events, usage] = await Promise.all([
    db
      .select({ providerId: account.providerId, createdAt: account.createdAt })
      .from(account)
      .where(eq(account.userId, userId)),
    db
      .select({
        courseId: enrollment.courseId,
        status: enrollment.status,
        startedAt: enrollment.startedAt,
        endedAt: enrollment.endedAt,
      })
      .from(enrollment)
      .where(eq(enrollment.userId, userId)),
    db
      .select({ lessonId: lessonProgress.lessonId, lessonTitle: lesson.title, completedAt: lessonProgress.completedAt })
      .from(lessonProgress)
      .leftJoin(lesson, eq(lesson.id, lessonProgress.lessonId))
      .where(eq(lessonProgress.userId, userId))
      .orderBy(asc(lessonProgress.completedAt)),
    db.select().from(chatThread).where(eq(chatThread.userId, userId)).orderBy(asc(chatThread.createdAt)),
    db
      .select({
        id: chatItem.id,
        threadId: chatItem.threadId,
        type: chatItem.type,
        content: chatItem.content,
        feedback: chatItem.feedback,
        createdAt: chatItem.createdAt,
      })
      .from(chatItem)
      .where(eq(chatItem.userId, userId))
      .orderBy(asc(chatItem.seq)),
    db
      .select({
        type: authEvent.type,
        ip: authEvent.ip,
        userAgent: authEvent.userAgent,
        details: authEvent.details,
        createdAt: authEvent.createdAt,
      })
      .from(authEvent)
      .where(or(eq(authEvent.userId, userId), eq(authEvent.email, profile.email.toLowerCase())))
      .orderBy(asc(authEvent.createdAt)),
    db
      .select({
        day: tutorUsageDaily.day,
        messages: tutorUsageDaily.messages,
        inputTokens: tutorUsageDaily.inputTokens,
        outputTokens: tutorUsageDaily.outputTokens,
      })
      .from(tutorUsageDaily)
      .where(eq(tutorUsageDaily.userId, userId))
      .orderBy(asc(tutorUsageDaily.day)),
  ]);
  return { profile, methods, enrolments, progress, threads, items, events, usage };
}

/**
 * Where the user acted on someone else the row is that person's: only the actor goes, named by
 * id. Rows written before actors were ids alone also held the email (`byEmail`, `by:
 * "admin:<email>"`). Served by the auth_event_by* indexes (a few rows in a hundred have an
 * actor), not a read of the whole log.
 */
export function forgetActor({ db, userId, email }: { db: Executor; userId: string; email: string }) {
  const lowered = email.toLowerCase();
  return db
    .update(authEvent)
    .set({ details: sql`jsonb_set(${authEvent.details} - 'byEmail', '{by}', to_jsonb(${userId}::text))` })
    .where(
      or(
        sql`${authEvent.details}->>'by' = ${userId}`,
        sql`lower(${authEvent.details}->>'byEmail') = ${lowered}`,
        sql`lower(${authEvent.details}->>'by') = ${`admin:${lowered}`}`,
      ),
    );
}

export interface DeletionCounts {
  sessions: number;
  signInMethods: number;
  conversations: number;
  messages: number;
  lessonsCompleted: number;
  enrolments: number;
}

/**
 * Deletes a user and everything that is theirs, in one transaction: the user row takes
 * sessions, linked accounts, progress, enrolments, conversations (with their items), the quota
 * ledger and OAuth grants with it (foreign keys). Their audit rows stay, so counts survive,
 * but lose email, IP address and user agent (also inside `details`); rows where they acted on
 * someone else keep only their id as the actor. Returns what went.
 */
export async function deleteUserEverywhere({
  db,
  userId,
  email,
  lockoutKey,
  details,
}: {
  db: Executor;
  userId: string;
  email: string;
  /** Extra audit details (how the deletion was confirmed); never personal data. */
  details: Record<string, unknown>;
  /** The hashed-email key of the lockout counter, which goes too. */
  lockoutKey: string;
}): Promise<DeletionCounts> {
  return db.transaction(async (tx) => {
    const n = async (rows: Promise<{ n: number }[]>) => (await rows)[0]?.n ?? 0;
    const counts: DeletionCounts = {
      sessions: await n(tx.select({ n: count() }).from(session).where(eq(session.userId, userId))),
      signInMethods: await n(tx.select({ n: count() }).from(account).where(eq(account.userId, userId))),
      conversations: await n(tx.select({ n: count() }).from(chatThread).where(eq(chatThread.userId, userId))),
      messages: await n(tx.select({ n: count() }).from(chatItem).where(eq(chatItem.userId, userId))),
      lessonsCompleted: await n(
        tx.select({ n: count() }).from(lessonProgress).where(eq(lessonProgress.userId, userId)),
      ),
      enrolments: await n(tx.select({ n: count() }).from(enrollment).where(eq(enrollment.userId, userId))),
    };
    await tx
      .update(authEvent)
      .set({
        email: null,
        ip: null,
        userAgent: null,
        details: sql`${authEvent.details} - 'email' - 'oldEmail' - 'newEmail' - 'ip' - 'userAgent'`,
      })
      .where(or(eq(authEvent.userId, userId), eq(authEvent.email, email.toLowerCase())));
    await forgetActor({ db: tx, userId, email });
    const lowered = email.toLowerCase();
    await tx
      .update(importRun)
      .set({ startedBy: userId })
      .where(sql`lower(${importRun.startedBy}) = ${`admin:${lowered}`}`);
    await tx
      .update(importRun)
      .set({ rolledBackBy: userId })
      .where(sql`lower(${importRun.rolledBackBy}) = ${`admin:${lowered}`}`);
    await tx.delete(verification).where(eq(verification.value, userId));
    await tx.delete(loginAttempt).where(eq(loginAttempt.key, lockoutKey));
    await tx.delete(user).where(eq(user.id, userId));
    // Written in the same transaction: the deletion and its record happen together or not at all.
    await insertAuthEvent({
      db: tx,
      event: { type: "account_deleted", userId, details: { ...counts, ...details } },
    });
    return counts;
  });
}
