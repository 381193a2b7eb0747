import "server-only";
import type { Db } from "@/db/client";
import { consumeMessage, countRecentMessages, findTutorLimit, refundMessage } from "@/db/queries/tutor";
import { isStaff, type Role } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface QuotaStatus {
  limit: number;
  remaining: number;
  /** When the oldest counted message leaves the rolling window (a slot frees). */
  resetAt: Date;
  exempt: boolean;
}

function status(limit: number, used: number, oldest: Date | null): QuotaStatus {
  return {
    limit,
    remaining: Math.max(limit - used, 0),
    resetAt: oldest ? new Date(oldest.getTime() + DAY_MS) : new Date(),
    exempt: false,
  };
}

const exempt = (limit: number): QuotaStatus => ({ limit, remaining: limit, resetAt: new Date(), exempt: true });

export function rateLimitHeaders(q: QuotaStatus): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(q.limit),
    "X-RateLimit-Remaining": String(q.remaining),
    "X-RateLimit-Reset": String(Math.ceil(q.resetAt.getTime() / 1000)),
  };
}

interface QuotaRequest {
  db: Db;
  user: { id: string; role: Role };
  /** TUTOR_DAILY_LIMIT; a learner's own limit set by an admin replaces it. */
  limit: number;
}

/** Where the user stands, without counting anything. Staff are exempt and always have the full limit. */
export async function getQuota({ db, user, limit }: QuotaRequest): Promise<QuotaStatus> {
  if (isStaff(user.role)) return exempt(limit);
  const [own, { used, oldest }] = await Promise.all([
    findTutorLimit({ db, userId: user.id }),
    countRecentMessages({ db, userId: user.id }),
  ]);
  return status(own?.dailyLimit ?? limit, used, oldest);
}

/**
 * Counts one message before the model is called, or throws 429 `tutor:quota` with the reset
 * time. Returns where the user stood before this message (what the response's headers report,
 * as getQuota would have) and after it.
 */
export async function consumeQuota({
  db,
  user,
  limit: defaultLimit,
}: QuotaRequest): Promise<{ before: QuotaStatus; after: QuotaStatus; messageId: string | null }> {
  if (isStaff(user.role)) return { before: exempt(defaultLimit), after: exempt(defaultLimit), messageId: null };
  const result = await consumeMessage({ db, userId: user.id, defaultLimit });
  const { limit } = result;
  const q = status(limit, result.used, result.oldest);
  if (!result.accepted) {
    throw new AppError(
      "tutor:quota",
      `You've used your ${limit} tutor messages for the last 24 hours. The next one frees up at ${q.resetAt.toISOString().slice(0, 16).replace("T", " ")} UTC.`,
      {
        ...rateLimitHeaders(q),
        "Retry-After": String(Math.max(1, Math.ceil((q.resetAt.getTime() - Date.now()) / 1000))),
      },
    );
  }
  return { before: status(limit, result.before.used, result.before.oldest), after: q, messageId: result.messageId };
}

/** Returns a counted turn when the model failed to answer it. */
export async function refundQuota({ db, userId, messageId }: { db: Db; userId: string; messageId: string | null }) {
  if (messageId) await refundMessage({ db, userId, messageId });
}
