import "server-only";
import { randomUUID } from "node:crypto";
import { and, count, eq, gt, min, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { type AiOutcome, aiEvent, type TurnSearch, tutorMessage, tutorUsageDaily } from "@/db/schema";

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
 * Counts one tutor message if the user is under `limit` in the last 24 hours, in one call to
 * consume_tutor_message (migration 0003): the user's row is locked inside it, so parallel sends
 * are serialised: 40 at once with 0 used gives exactly `limit` accepted.
 */
export async function consumeMessage({ db, userId, limit }: { db: Executor; userId: string; limit: number }) {
  const result = await db.execute(sql`select * from consume_tutor_message(${userId}, ${randomUUID()}, ${limit})`);
  const [row] = (
    result as unknown as {
      rows: { accepted: boolean; used_before: number; oldest_before_ms: number | null; created_ms: number | null }[];
    }
  ).rows;
  if (!row) throw new Error("consume_tutor_message returned no row");
  const before = {
    used: row.used_before,
    oldest: row.oldest_before_ms === null ? null : new Date(row.oldest_before_ms),
  };
  if (!row.accepted) return { accepted: false, used: before.used, oldest: before.oldest, before };
  const created = row.created_ms === null ? new Date() : new Date(row.created_ms);
  return { accepted: true, used: before.used + 1, oldest: before.oldest ?? created, before };
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
  /** The turn's course searches and the lessons each returned. */
  searches?: TurnSearch[];
}

/** One upsert into the day's usage and one ai_event row per turn, in one statement. */
export async function recordTurn({ db, turn }: { db: Executor; turn: TurnRecord }) {
  const failed = turn.outcome === "error" ? 1 : 0;
  const ttft = turn.firstTokenMs ?? 0;
  const daily = db.$with("daily").as(
    db
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
      })
      .returning({ userId: tutorUsageDaily.userId }),
  );
  await db
    .with(daily)
    .insert(aiEvent)
    .values({ id: randomUUID(), ...turn, error: turn.error?.slice(0, 500) ?? null });
}
