import "server-only";
import { and, asc, desc, eq, ilike, or } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { aiEvent, chatItem, chatThread, lesson, user } from "@/db/schema";
import { containsPattern } from "./like";

/**
 * Staff review of learners' threads. Unlike the learner's own store these are not scoped to
 * one user: callers must check the role, and every view is written to the audit log.
 */
export function listThreadsForReview({ db, who, limit }: { db: Executor; who?: string; limit: number }) {
  return db
    .select({
      id: chatThread.id,
      title: chatThread.title,
      createdAt: chatThread.createdAt,
      email: user.email,
      lessonTitle: lesson.title,
    })
    .from(chatThread)
    .innerJoin(user, eq(user.id, chatThread.userId))
    .leftJoin(lesson, eq(lesson.id, chatThread.lessonId))
    .where(who ? or(ilike(user.email, containsPattern(who)), eq(user.id, who)) : undefined)
    .orderBy(desc(chatThread.createdAt))
    .limit(limit);
}

export async function threadForReview({ db, threadId }: { db: Executor; threadId: string }) {
  const [thread] = await db
    .select({
      id: chatThread.id,
      title: chatThread.title,
      userId: chatThread.userId,
      email: user.email,
      createdAt: chatThread.createdAt,
    })
    .from(chatThread)
    .innerJoin(user, eq(user.id, chatThread.userId))
    .where(eq(chatThread.id, threadId));
  if (!thread) return undefined;
  const items = await db.select().from(chatItem).where(eq(chatItem.threadId, threadId)).orderBy(asc(chatItem.seq));
  return { thread, items: items.filter((i) => i.type === "user_message" || i.type === "assistant_message") };
}

/** The course searches of a thread's turns, oldest first (what the learner asked, what was found). */
export async function threadSearches({ db, threadId, userId }: { db: Executor; threadId: string; userId: string }) {
  const rows = await db
    .select({ id: aiEvent.id, at: aiEvent.createdAt, outcome: aiEvent.outcome, searches: aiEvent.searches })
    .from(aiEvent)
    .where(and(eq(aiEvent.threadId, threadId), eq(aiEvent.userId, userId)))
    .orderBy(asc(aiEvent.createdAt));
  return rows.flatMap((row) =>
    row.searches.map((search, i) => ({ key: `${row.id}:${i}`, at: row.at, outcome: row.outcome, ...search })),
  );
}
