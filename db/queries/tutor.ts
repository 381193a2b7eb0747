import "server-only";
import { randomUUID } from "node:crypto";
import { and, count, eq, gt, min, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { type AiOutcome, aiEvent, type TurnSearch, tutorLimit, tutorMessage, tutorUsageDaily } from "@/db/schema";

/** The start of the rolling quota window (also what the admin usage page counts against). */
export const quotaWindowStart = sql`now() - interval '24 hours'`;

/** The learner's own limit and reset, if an admin set any. */
export async function findTutorLimit({ db, userId }: { db: Executor; userId: string }) {
  const [row] = await db.select().from(tutorLimit).where(eq(tutorLimit.userId, userId));
  return row;
}

/**
 * Messages that count against the user now: the last 24 hours, and only those after an
 * admin's "reset today's count".
 */
export async function countRecentMessages({ db, userId }: { db: Executor; userId: string }) {
  const resetAt = sql`(select ${tutorLimit.resetAt} from ${tutorLimit} where ${tutorLimit.userId} = ${userId})`;
  const [row] = await db
    .select({ n: count(), oldest: min(tutorMessage.createdAt) })
    .from(tutorMessage)
    .where(
      and(
        eq(tutorMessage.userId, userId),
        gt(tutorMessage.createdAt, sql`greatest(${quotaWindowStart}, coalesce(${resetAt}, '-infinity'::timestamptz))`),
      ),
    );
  return { used: row?.n ?? 0, oldest: row?.oldest ?? null };
}

/**
/**
 * Counts one tutor message if the user is under their limit (their own, or `defaultLimit`) in
 * the last 24 hours since any reset, in one call to consume_tutor_message (migrations 0004 and
 * 0007): the user's row is locked inside it, so parallel sends are serialised (40 at once with 0
 * used gives exactly the limit accepted), and the limit is read after the lock, so an admin's
 * change applies to the very next message.
 */
export async function consumeMessage({
  db,
  userId,
  defaultLimit,
}: {
  db: Executor;
  userId: string;
  defaultLimit: number;
}) {
  const messageId = randomUUID();
  const result = await db.execute(sql`select * from consume_tutor_message(${userId}, ${messageId}, ${defaultLimit})`);
  const [row] = (
    result as unknown as {
      rows: {
        accepted: boolean;
        effective_limit: number;
        used_before: number;
        oldest_before_ms: number | null;
        created_ms: number | null;
      }[];
    }
  ).rows;
  if (!row) throw new Error("consume_tutor_message returned no row");
  const limit = row.effective_limit;
  const before = {
    used: row.used_before,
    oldest: row.oldest_before_ms === null ? null : new Date(row.oldest_before_ms),
  };
  if (!row.accepted)
    return { accepted: false, limit, used: before.used, oldest: before.oldest, before, messageId: null };
  const created = row.created_ms === null ? new Date() : new Date(row.created_ms);
  return { accepted: true, limit, used: before.used + 1, oldest: before.oldest ?? created, before, messageId };
}

/** Sets the learner's own daily limit (null: back to the default). */
export async function upsertTutorLimit({
  db,
  userId,
  dailyLimit,
  by,
}: {
  db: Executor;
  userId: string;
  dailyLimit: number | null;
  by: string;
}) {
  await db
    .insert(tutorLimit)
    .values({ userId, dailyLimit, updatedBy: by })
    .onConflictDoUpdate({ target: tutorLimit.userId, set: { dailyLimit, updatedBy: by, updatedAt: sql`now()` } });
}

/** "Reset today's count": messages sent before now stop counting. */
export async function resetTutorCount({ db, userId, by }: { db: Executor; userId: string; by: string }) {
  await db
    .insert(tutorLimit)
    .values({ userId, resetAt: sql`now()`, updatedBy: by })
    .onConflictDoUpdate({
      target: tutorLimit.userId,
      set: { resetAt: sql`now()`, updatedBy: by, updatedAt: sql`now()` },
    });
}

/**
 * Gives a counted message back: the turn was refused before it started, or the model failed,
 * so it costs the learner nothing.
 */
export async function refundMessage({ db, userId, messageId }: { db: Executor; userId: string; messageId: string }) {
  await db.delete(tutorMessage).where(and(eq(tutorMessage.id, messageId), eq(tutorMessage.userId, userId)));
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
