import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/api/api-route";
import { requireApiUser } from "@/lib/auth/session";
import { benchModel, benchQuestion } from "@/lib/bench/request";
import { requiredWorkStream } from "@/lib/bench/required-work";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The benchmark's required-work route (bench/README.md): the floor route plus the session, the
 * quota and the stored turn. 404 unless BENCH_FLOOR_ROUTE is on, as the floor route.
 */
export const POST = apiRoute(async (request: Request) => {
  const { config, tutor } = benchModel();
  const user = await requireApiUser(request);
  const question = await benchQuestion(request);
  return requiredWorkStream({ db: await getDb(), user, limit: config.tutorDailyLimit }, tutor, question);
});
