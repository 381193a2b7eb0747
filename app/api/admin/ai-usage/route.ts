import { parseQuery, usageQuery } from "@/lib/admin/params";
import { requireApiRole } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { dailyUsage, studentsAtQuota, topUsers } from "@/lib/db/queries/admin-usage";
import { env } from "@/lib/env";
import { toErrorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** GET /api/admin/ai-usage — daily series, top users, and students at their quota today. */
export async function GET(request: Request): Promise<Response> {
  try {
    await requireApiRole(request, ["admin"]);
    const q = parseQuery(usageQuery, new URL(request.url).searchParams);
    const db = await getDb();
    const [days, top, atQuota] = await Promise.all([
      dailyUsage({ db, from: q.from, to: q.to, userId: q.userId }),
      topUsers({ db, from: q.from, to: q.to, limit: 10 }),
      studentsAtQuota({ db, limit: env().tutorDailyLimit }),
    ]);
    return Response.json({
      from: q.from,
      to: q.to,
      userId: q.userId ?? null,
      days,
      topUsers: top,
      studentsAtQuota: atQuota,
    });
  } catch (err) {
    return toErrorResponse(err);
  }
}
