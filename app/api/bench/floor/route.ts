import { apiRoute } from "@/lib/api/api-route";
import { floorStream } from "@/lib/bench/floor";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { tutorModelFromEnv } from "@/lib/tutor/model";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The benchmark's floor (bench/README.md): the bare route's work inside this app's route
 * runtime. 404 unless BENCH_FLOOR_ROUTE is on, which only `npm run bench` sets: it has no
 * session and would spend the model's tokens for anyone.
 */
export const POST = apiRoute(async (request: Request) => {
  const config = env();
  const tutor = config.benchFloorRoute ? tutorModelFromEnv(config) : null;
  if (!tutor) throw new AppError("http:not_found");
  const body = (await request.json().catch(() => null)) as { text?: unknown } | null;
  if (typeof body?.text !== "string") throw new AppError("http:invalid_json", 'Send {"text": "..."}.');
  return floorStream(tutor.model, body.text);
});
