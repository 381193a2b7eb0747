import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { chatThread, lesson } from "@/db/schema";

/** The user's threads, newest first, with the lesson each started from. */
export async function listThreadSummaries({ db, userId, limit }: { db: Executor; userId: string; limit: number }) {
  return db
    .select({
      id: chatThread.id,
      title: chatThread.title,
      createdAt: chatThread.createdAt,
      lessonId: chatThread.lessonId,
      lessonTitle: lesson.title,
    })
    .from(chatThread)
    .leftJoin(lesson, eq(lesson.id, chatThread.lessonId))
    .where(eq(chatThread.userId, userId))
    .orderBy(desc(chatThread.createdAt))
    .limit(limit);
}
