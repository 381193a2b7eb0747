import { apiRoute } from "@/lib/api/api-route";
import { floorStream } from "@/lib/bench/floor";
import { benchModel, benchQuestion } from "@/lib/bench/request";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The benchmark's floor (bench/README.md): the bare route's work inside this app's route
 * runtime. 404 unless BENCH_FLOOR_ROUTE is on, which only `npm run bench` sets: it has no
 * session and would spend the model's tokens for anyone.
 */
export const POST = apiRoute(async (request: Request) => {
  const { tutor } = benchModel();
  return floorStream(tutor.model, await benchQuestion(request));
});
