import "server-only";
import type { Db } from "@/db/client";
import { consumeMessage, countRecentMessages } from "@/db/queries/tutor";
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
  limit: number;
}

/** Where the user stands, without counting anything. Staff are exempt and always have the full limit. */
export async function getQuota({ db, user, limit }: QuotaRequest): Promise<QuotaStatus> {
  if (isStaff(user.role)) return exempt(limit);
  const { used, oldest } = await countRecentMessages({ db, userId: user.id });
  return status(limit, used, oldest);
}

/** Counts one message before the model is called, or throws 429 `tutor:quota` with the reset time. */
export async function consumeQuota({ db, user, limit }: QuotaRequest): Promise<QuotaStatus> {
  if (isStaff(user.role)) return exempt(limit);
  const result = await consumeMessage({ db, userId: user.id, limit });
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
  return q;
}
