import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { toErrorResponse } from "@/lib/errors";
import { retentionCron } from "@/lib/retention";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Vercel Cron calls this daily (vercel.json) with `Authorization: Bearer $CRON_SECRET`; the
 * database is opened only for a caller with the secret. A
 * database that is down is a 503 `db:unavailable` with Retry-After, as on every other API, not
 * Next's bare 500.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    return await retentionCron(request, { secret: env().cronSecret, db: getDb });
  } catch (err) {
    return toErrorResponse(err, { "Cache-Control": "no-store" });
  }
}
