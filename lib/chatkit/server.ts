import "server-only";
import { requireApiUser, type SessionUser } from "@/lib/auth/session";
import { AppError, toErrorResponse } from "@/lib/errors";
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
 * ChatKit request, dispatch. Streaming types answer text/event-stream; the others JSON. Every
 * answer to a signed-in caller carries the quota headers, errors included.
 */
export async function handleChatkit(request: Request, deps: ChatkitDeps): Promise<Response> {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  let user: SessionUser | null = null;
  try {
    user = await requireApiUser(request);
    const caller = user;
    const { type, raw } = await readRequest(request);
    if ((unsupportedTypes as readonly string[]).includes(type)) {
      throw new AppError(
        "chatkit:unsupported",
        `"${type}" is not supported by this server (no attachments or dictation).`,
      );
    }
    const store = createChatStore(deps.db, caller.id);
    if (typeOf(jsonRequest, type)) {
      const json = jsonRequest.safeParse(raw);
      if (!json.success) throw invalid(json.error.issues);
      const [quota, body] = await Promise.all([
        getQuota({ db: deps.db, user: caller, limit: deps.dailyLimit }),
        handleJson(store, json.data),
      ]);
      return Response.json(body, { headers: { ...headers, ...rateLimitHeaders(quota) } });
    }
    if (!typeOf(streamingRequest, type)) throw new AppError("chatkit:unknown_type", `Unknown request type "${type}".`);
    const streaming = streamingRequest.safeParse(raw);
    if (!streaming.success) throw invalid(streaming.error.issues);
    const lessonId = request.headers.get(LESSON_HEADER)?.slice(0, 80) ?? null;
    return await handleStreaming(
      { deps, user: caller, store, lessonId, headers, signal: request.signal },
      streaming.data,
    );
  } catch (err) {
    const quota =
      user && !(err instanceof AppError && "X-RateLimit-Limit" in err.headers)
        ? await getQuota({ db: deps.db, user, limit: deps.dailyLimit }).catch(() => null)
        : null;
    return errorResponse(err, quota ? { ...headers, ...rateLimitHeaders(quota) } : headers);
  }
}
