import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { retentionCron } from "@/lib/retention";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Vercel Cron calls this daily (vercel.json) with `Authorization: Bearer $CRON_SECRET`. */
export async function GET(request: Request): Promise<Response> {
  return retentionCron(request, { secret: env().cronSecret, db: await getDb() });
}
