import "server-only";
import { randomUUID } from "node:crypto";
import { and, count, eq, gt, min, sql } from "drizzle-orm";
import type { Db, Executor } from "@/db/client";
import { type AiOutcome, aiEvent, tutorMessage, tutorUsageDaily, user } from "@/db/schema";

/** The start of the rolling quota window (also what the admin usage page counts against). */
export const quotaWindowStart = sql`now() - interval '24 hours'`;

export async function countRecentMessages({ db, userId }: { db: Executor; userId: string }) {
  const [row] = await db
    .select({ n: count(), oldest: min(tutorMessage.createdAt) })
    .from(tutorMessage)
    .where(and(eq(tutorMessage.userId, userId), gt(tutorMessage.createdAt, quotaWindowStart)));
  return { used: row?.n ?? 0, oldest: row?.oldest ?? null };
}

/**
 * Counts one tutor message if the user is under `limit` in the last 24 hours. The user's row
 * is locked for the duration, so parallel sends are serialised: 40 at once with 0 used gives
 * exactly `limit` accepted.
 */
export async function consumeMessage({ db, userId, limit }: { db: Db; userId: string; limit: number }) {
  return db.transaction(async (tx) => {
    await tx.select({ id: user.id }).from(user).where(eq(user.id, userId)).for("update");
    const { used, oldest } = await countRecentMessages({ db: tx, userId });
    const before = { used, oldest };
    if (used >= limit) return { accepted: false, used, oldest, before };
    const [row] = await tx
      .insert(tutorMessage)
      .values({ id: randomUUID(), userId })
      .returning({ createdAt: tutorMessage.createdAt });
    return { accepted: true, used: used + 1, oldest: oldest ?? row?.createdAt ?? new Date(), before };
  });
}

export interface TurnRecord {
  userId: string;
  threadId: string | null;
  model: string | null;
  outcome: AiOutcome;
  firstTokenMs: number | null;
  totalMs: number;
  inputTokens: number;
  outputTokens: number;
  error?: string | null;
}

/** One upsert into the day's usage and one ai_event row per turn. */
export async function recordTurn({ db, turn }: { db: Db; turn: TurnRecord }) {
  const failed = turn.outcome === "error" ? 1 : 0;
  const ttft = turn.firstTokenMs ?? 0;
  await db.transaction(async (tx) => {
    await tx
      .insert(tutorUsageDaily)
      .values({
        userId: turn.userId,
        day: sql`current_date`,
        messages: 1,
        errors: failed,
        totalMs: turn.totalMs,
        maxMs: turn.totalMs,
        firstTokenTotalMs: ttft,
        firstTokenMaxMs: ttft,
        inputTokens: turn.inputTokens,
        outputTokens: turn.outputTokens,
      })
      .onConflictDoUpdate({
        target: [tutorUsageDaily.userId, tutorUsageDaily.day],
        set: {
          messages: sql`${tutorUsageDaily.messages} + 1`,
          errors: sql`${tutorUsageDaily.errors} + ${failed}`,
          totalMs: sql`${tutorUsageDaily.totalMs} + ${turn.totalMs}`,
          maxMs: sql`greatest(${tutorUsageDaily.maxMs}, ${turn.totalMs})`,
          firstTokenTotalMs: sql`${tutorUsageDaily.firstTokenTotalMs} + ${ttft}`,
          firstTokenMaxMs: sql`greatest(${tutorUsageDaily.firstTokenMaxMs}, ${ttft})`,
          inputTokens: sql`${tutorUsageDaily.inputTokens} + ${turn.inputTokens}`,
          outputTokens: sql`${tutorUsageDaily.outputTokens} + ${turn.outputTokens}`,
        },
      });
    await tx.insert(aiEvent).values({ id: randomUUID(), ...turn, error: turn.error?.slice(0, 500) ?? null });
  });
}
