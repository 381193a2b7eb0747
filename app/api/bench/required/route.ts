import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/api/api-route";
import { requireApiUser } from "@/lib/auth/session";
import { requiredWorkStream } from "@/lib/bench/required-work";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { tutorModelFromEnv } from "@/lib/tutor/model";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The benchmark's required-work route (bench/README.md): the floor route plus the session, the
 * quota and the stored turn. 404 unless BENCH_FLOOR_ROUTE is on, as the floor route.
 */
export const POST = apiRoute(async (request: Request) => {
  const config = env();
  const tutor = config.benchFloorRoute ? tutorModelFromEnv(config) : null;
  if (!tutor) throw new AppError("http:not_found");
  const user = await requireApiUser(request);
  const body = (await request.json().catch(() => null)) as { text?: unknown } | null;
  if (typeof body?.text !== "string") throw new AppError("http:invalid_json", 'Send {"text": "..."}.');
  const db = await getDb();
  return requiredWorkStream({ db, user, limit: config.tutorDailyLimit }, tutor, body.text);
});
