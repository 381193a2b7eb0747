import "server-only";
import { requireApiUser, type SessionUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { AppError, toErrorResponse } from "@/lib/errors";
import { readTextCapped } from "@/lib/http/body";
import { findInputProblem } from "@/lib/http/input";
import { isCrossOriginWrite } from "@/lib/http/origin";
import { isShuttingDown } from "@/lib/http/shutdown";
import { getQuota, rateLimitHeaders } from "@/lib/tutor/quota";
import { handleJson } from "./json-handlers";
import { jsonRequest, LESSON_HEADER, streamingRequest, unsupportedTypes } from "./protocol";
import { createChatStore } from "./store";
import { handleStreaming, type StreamingDeps } from "./streaming";

export type ChatkitDeps = StreamingDeps;

const MAX_BODY = 256 * 1024;

/**
 * Only JSON is accepted: a plain HTML form (text/plain, urlencoded, multipart) can be posted
 * cross-site without a preflight, JSON cannot. The body is read under the cap as it streams in,
 * and text Postgres cannot store (NUL, unpaired surrogates) or absurd nesting is a 400 before
 * anything is written or counted.
 */
async function readRequest(request: Request): Promise<{ type: string; raw: unknown }> {
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") throw new AppError("http:unsupported_media_type");
  const text = await readTextCapped(request, MAX_BODY, {
    tooLarge: "chatkit:too_large",
    invalid: "chatkit:invalid_json",
  });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError("chatkit:invalid_json", "The request body is not valid JSON.");
  }
  const problem = findInputProblem(raw);
  if (problem) throw new AppError(problem === "too_deep" ? "http:too_deep" : "http:invalid_text");
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
export async function chatkitErrorResponse(err: unknown, headers: Record<string, string>): Promise<Response> {
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
    if (isCrossOriginWrite(request.method, request.headers, env().appUrl)) throw new AppError("http:cross_origin");
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
    if (isShuttingDown()) throw new AppError("server:shutting_down", undefined, { "Retry-After": "5" });
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
    return chatkitErrorResponse(err, quota ? { ...headers, ...rateLimitHeaders(quota) } : headers);
  }
}
