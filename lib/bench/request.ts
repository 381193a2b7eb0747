import "server-only";
import { type Env, env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { type TutorModel, tutorModelFromEnv } from "@/lib/tutor/model";

/**
 * The configuration and model for the benchmark's routes (floor, required work): 404 unless
 * BENCH_FLOOR_ROUTE is on and a model is configured. Only `npm run bench` sets it: the routes
 * would spend the model's tokens for anyone.
 */
export function benchModel(): { config: Env; tutor: TutorModel } {
  const config = env();
  const tutor = config.benchFloorRoute ? tutorModelFromEnv(config) : null;
  if (!tutor) throw new AppError("http:not_found");
  return { config, tutor };
}

/** The question both routes take, `{"text": "..."}`; anything else is 400 http:invalid_json. */
export async function benchQuestion(request: Request): Promise<string> {
  const body = (await request.json().catch(() => null)) as { text?: unknown } | null;
  if (typeof body?.text !== "string") throw new AppError("http:invalid_json", 'Send {"text": "..."}.');
  return body.text;
}
