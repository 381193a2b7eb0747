import "server-only";
import { isStaff } from "@/lib/auth/roles";
import { requireApiUser } from "@/lib/auth/session";
import { hasEnded, learnerEnrolment } from "@/lib/enrolment/enrolment";
import { AppError, toErrorResponse } from "@/lib/errors";
import { resolveScope } from "@/lib/tutor/page-context";
import { getQuota, rateLimitHeaders } from "@/lib/tutor/quota";
import { handleJson } from "./json-handlers";
import { jsonRequest, LESSON_HEADER, streamingRequest, unsupportedTypes } from "./protocol";
import { createChatStore } from "./store";
import { handleStreaming, type StreamingDeps } from "./streaming";

export type ChatkitDeps = StreamingDeps;

const MAX_BODY = 256 * 1024;

async function readRequest(request: Request): Promise<{ type: string; raw: unknown }> {
  const text = await request.text();
  if (text.length > MAX_BODY) throw new AppError("chatkit:too_large", "The request is too large.");
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError("chatkit:invalid_json", "The request body is not valid JSON.");
  }
  const type = (raw as { type?: unknown } | null)?.type;
  if (typeof type !== "string") throw new AppError("chatkit:invalid_request", 'The request needs a string "type".');
  return { type, raw };
}

function invalid(issues: { path: PropertyKey[]; message: string }[]) {
  const first = issues[0];
  return new AppError(
    "chatkit:invalid_request",
    `Invalid request: ${first ? `${first.path.join(".")}: ${first.message}` : "malformed"}.`,
  );
}

/** The house error shape, plus ChatKit's top-level `message`, which its client shows. */
async function errorResponse(err: unknown, headers: Record<string, string>): Promise<Response> {
  const response = toErrorResponse(err, headers);
  const body = (await response.json()) as { error: { message: string } };
  return Response.json(
    { ...body, message: body.error.message },
    { status: response.status, headers: response.headers },
  );
}

const typeOf = (schema: typeof jsonRequest | typeof streamingRequest, type: string) =>
  schema.options.some((o) => o.shape.type.value === type);

/**
 * POST /api/chatkit: authenticate (cookie or Bearer JWT), require a verified email, parse the
 * ChatKit request, dispatch. Streaming types answer text/event-stream; the others JSON.
 */
export async function handleChatkit(request: Request, deps: ChatkitDeps): Promise<Response> {
  let headers: Record<string, string> = { "Cache-Control": "no-store" };
  try {
    const user = await requireApiUser(request);
    headers = { ...headers, ...rateLimitHeaders(await getQuota({ db: deps.db, user, limit: deps.dailyLimit })) };

    const { type, raw } = await readRequest(request);
    if ((unsupportedTypes as readonly string[]).includes(type)) {
      throw new AppError(
        "chatkit:unsupported",
        `"${type}" is not supported by this server (no attachments or dictation).`,
      );
    }
    const store = createChatStore(deps.db, user.id);
    if (typeOf(jsonRequest, type)) {
      const json = jsonRequest.safeParse(raw);
      if (!json.success) throw invalid(json.error.issues);
      return Response.json(await handleJson(store, json.data), { headers });
    }
    if (!typeOf(streamingRequest, type)) throw new AppError("chatkit:unknown_type", `Unknown request type "${type}".`);
    const streaming = streamingRequest.safeParse(raw);
    if (!streaming.success) throw invalid(streaming.error.issues);
    const scope = await resolveScope({
      db: deps.db,
      user,
      lessonId: request.headers.get(LESSON_HEADER)?.slice(0, 80) ?? null,
    });
    if (!scope) throw new AppError("tutor:no_course", "There is no course loaded yet.");
    // An ended enrolment keeps its conversations readable (JSON types above) but asks nothing new.
    if (!isStaff(user.role)) {
      const standing = await learnerEnrolment({ db: deps.db, userId: user.id, courseId: scope.courseId });
      if (hasEnded(standing)) throw new AppError("tutor:enrolment_ended");
    }
    return await handleStreaming({ deps, user, store, scope, headers, signal: request.signal }, streaming.data);
  } catch (err) {
    return errorResponse(err, headers);
  }
}
