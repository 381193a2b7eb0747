import "server-only";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { chatThread } from "@/db/schema";

/**
 * One answer at a time per conversation, across every server process: a turn takes the thread
 * for at most `ms` (longer than any turn may run, so a process that died mid-turn frees it
 * then) and gives it back when it ends. Without it, parallel copies of one message each read
 * the thread before any had stored it, so each was stored, counted and answered.
 */
export async function claimTurn({
  db,
  userId,
  threadId,
  ms,
}: {
  db: Executor;
  userId: string;
  threadId: string;
  ms: number;
}): Promise<boolean> {
  const rows = await db
    .update(chatThread)
    .set({ turnUntil: sql`now() + make_interval(secs => ${ms / 1000})` })
    .where(
      and(
        eq(chatThread.id, threadId),
        eq(chatThread.userId, userId),
        or(isNull(chatThread.turnUntil), lt(chatThread.turnUntil, sql`now()`)),
      ),
    )
    .returning({ id: chatThread.id });
  return rows.length > 0;
}

export async function releaseTurn({ db, userId, threadId }: { db: Executor; userId: string; threadId: string }) {
  await db
    .update(chatThread)
    .set({ turnUntil: null })
    .where(and(eq(chatThread.id, threadId), eq(chatThread.userId, userId)));
}
