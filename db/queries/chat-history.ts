import "server-only";
import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { chatThread, lesson } from "@/db/schema";
import { afterThread } from "./chat";

/**
 * The user's threads, newest first by when each started (created_at, then id: the order of
 * threads.list and the chat's own list), with the lesson each started from. `after` is the last
 * thread id of the previous page (keyset paging: every thread is reachable however many there
 * are, and writing in a thread between two pages moves nothing); `next` is set when there is
 * another page.
 */
export async function listThreadSummaries({
  db,
  userId,
  limit,
  after,
}: {
  db: Executor;
  userId: string;
  limit: number;
  after?: string;
}) {
  const conditions: SQL[] = [eq(chatThread.userId, userId)];
  // An unknown cursor is ignored (the first page), in the same round trip.
  if (after) conditions.push(afterThread({ userId, threadId: after, order: "desc" }));
  const rows = await db
    .select({
      id: chatThread.id,
      title: chatThread.title,
      createdAt: chatThread.createdAt,
      lessonTitle: lesson.title,
    })
    .from(chatThread)
    .leftJoin(lesson, eq(lesson.id, chatThread.lessonId))
    .where(and(...conditions))
    .orderBy(desc(chatThread.createdAt), desc(chatThread.id))
    .limit(limit + 1);
  const threads = rows.slice(0, limit);
  return { threads, next: rows.length > limit ? threads.at(-1)?.id : undefined };
}
