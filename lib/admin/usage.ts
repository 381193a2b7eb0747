import "server-only";
import type { Db } from "@/db/client";
import { dailyUsage, studentsAtQuota, topUsers } from "@/db/queries/admin-usage";
import { env } from "@/lib/env";

/** Everything the AI-usage page and GET /api/admin/ai-usage show, for one range. */
export async function usageReport({ db, from, to, userId }: { db: Db; from: Date; to: Date; userId?: string }) {
  const [days, top, atQuota] = await Promise.all([
    dailyUsage({ db, from, to, userId }),
    topUsers({ db, from, to, limit: 10 }),
    studentsAtQuota({ db, limit: env().tutorDailyLimit }),
  ]);
  return { from, to, userId: userId ?? null, days, topUsers: top, studentsAtQuota: atQuota };
}
