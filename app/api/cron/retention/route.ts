import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/api/api-route";
import { env } from "@/lib/env";
import { retentionCron } from "@/lib/retention";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Vercel Cron calls this daily (vercel.json) with `Authorization: Bearer $CRON_SECRET`; the
 * database is opened only for a caller with the secret. A database that is down or cannot be
 * opened is a 503 `db:unavailable` with Retry-After, as on every other API (apiRoute), not
 * Next's bare 500.
 */
export const GET = apiRoute((request: Request) => retentionCron(request, { secret: env().cronSecret, db: getDb }));
