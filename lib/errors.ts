import { DB_RETRY_AFTER_SECONDS, isDatabaseUnavailable, noteDatabaseUnavailable } from "@/db/availability";

/**
 * Every API error body is `{ error: { code: "area:reason", message } }` (DESIGN.md). The codes
 * live in one table with their HTTP status and the message a person reads; a call site may give
 * a more specific message, never a raw exception text. `toErrorResponse` turns anything that is
 * not an AppError into a logged 500 whose message leaks nothing.
 */
export const ERRORS = {
  "auth:unauthenticated": { status: 401, message: "Sign in to use this." },
  "auth:unverified": { status: 403, message: "Confirm your email address first: we sent you a link." },
  "auth:forbidden": { status: 403, message: "You do not have access to this." },
  "auth:body_too_large": { status: 413, message: "The request body is too large." },
  "auth:jwks_unavailable": { status: 503, message: "Token verification is temporarily unavailable." },
  "auth:two_factor_required": {
    status: 403,
    message: "Set up two-step verification on your account before using the administration area.",
  },
  "http:body_too_large": { status: 413, message: "The request body is too large." },
  "http:unsupported_media_type": { status: 415, message: "Send the request body as application/json." },
  "http:cross_origin": { status: 403, message: "This request must come from the application's own pages." },
  "http:invalid_text": {
    status: 400,
    message: "The request contains characters that cannot be stored (a NUL byte or an unpaired surrogate).",
  },
  "http:not_found": { status: 404, message: "There is nothing here." },
  "http:invalid_json": { status: 400, message: "The request body is not valid JSON." },
  "http:too_deep": { status: 400, message: "The request is nested too deeply." },
  "db:unavailable": { status: 503, message: "The database is not answering. Please try again in a few seconds." },
  "admin:invalid_query": { status: 400, message: "The query is not valid." },
  "admin:invalid": { status: 400, message: "That request was not understood." },
  "admin:not_found": { status: 404, message: "That no longer exists." },
  "admin:self": { status: 400, message: "You cannot ban yourself or remove your own admin role." },
  "admin:oauth_client_invalid": { status: 400, message: "That client cannot be registered as it is." },
  "import:invalid_file": { status: 400, message: "That file is not a user export." },
  "import:rejected": { status: 400, message: "The file has problems; nothing was imported." },
  "import:too_large": { status: 413, message: "The file is too large to import here; use the CLI." },
  "import:conflict": { status: 409, message: "The users changed while importing; nothing was imported. Check again." },
  "import:not_found": { status: 404, message: "There is no such import run." },
  "import:already_rolled_back": { status: 409, message: "That import run has already been rolled back." },
  "import:users_active": {
    status: 409,
    message:
      "Some imported users have signed in, chatted or completed lessons since; force the rollback to remove them anyway.",
  },
  "action:invalid": { status: 400, message: "Check the form: something in it is not valid." },
  "learn:not_found": { status: 404, message: "That lesson could not be found." },
  "learn:locked": { status: 403, message: "This lesson is in a stage you have not unlocked yet." },
  "learn:enrolment_ended": {
    status: 403,
    message: "Your enrolment in this course has ended: lessons stay readable, but progress no longer changes.",
  },
  "enrol:no_course": { status: 409, message: "There is no course loaded yet." },
  "enrol:future_date": { status: 400, message: "An enrolment cannot end in the future." },
  "enrol:too_early": { status: 400, message: "An enrolment cannot end before 1 January 2000: check the year." },
  "enrol:too_many": { status: 400, message: "The list has more than 5000 addresses; split it into smaller lists." },
  "account:wrong_password": { status: 403, message: "That password is not right." },
  "account:not_fresh": {
    status: 403,
    message: "For this, sign in again first (within the last 10 minutes), then try once more.",
  },
  "account:last_method": {
    status: 409,
    message: "This is your only way to sign in. Add a password or link another account before removing it.",
  },
  "account:password_exists": { status: 409, message: "You already have a password; change it instead." },
  "account:no_password": { status: 409, message: "Your account has no password yet; set one first." },
  "account:admin": {
    status: 409,
    message: "An administrator account cannot be deleted here. Ask another admin to change your role first.",
  },
  "account:not_found": { status: 404, message: "That no longer exists." },
  "account:rejected": { status: 400, message: "That change was not accepted." },
  "instructor:invalid_lesson": { status: 400, message: "The lesson is not valid." },
  "instructor:lesson_changed": {
    status: 409,
    message:
      "This lesson was changed since you opened it. Your text is still in the editor: copy it, reload, and apply your changes again.",
  },
  "instructor:lesson_id_taken": {
    status: 409,
    message: "That lesson id is already used by another lesson. Your text is still in the editor: choose another id.",
  },
  "chatkit:too_large": { status: 413, message: "The request is too large." },
  "chatkit:invalid_json": { status: 400, message: "The request body is not valid JSON." },
  "chatkit:invalid_request": { status: 400, message: "The request is not valid." },
  "chatkit:unknown_type": { status: 400, message: "Unknown request type." },
  "chatkit:unsupported": { status: 400, message: "This request type is not supported by this server." },
  "chatkit:not_found": { status: 404, message: "That conversation does not exist." },
  "chatkit:thread_closed": { status: 409, message: "This conversation is closed. Start a new one." },
  "chatkit:turn_in_progress": {
    status: 409,
    message: "The tutor is still answering in this conversation. Wait for the answer, then ask again.",
  },
  "chatkit:no_pending_tool_call": {
    status: 400,
    message: "There is no pending client tool call in this conversation.",
  },
  "tutor:quota": { status: 429, message: "You have used your tutor messages for now." },
  "tutor:no_course": { status: 409, message: "There is no course loaded yet." },
  "tutor:enrolment_ended": {
    status: 403,
    message: "Your enrolment in this course has ended, so the tutor is closed. Past conversations stay readable.",
  },
  "cron:not_configured": { status: 503, message: "CRON_SECRET is not set on this deployment." },
  "cron:unauthorized": { status: 401, message: "A valid cron secret is required." },
  "server:shutting_down": { status: 503, message: "The server is restarting. Please try again in a few seconds." },
  "server:internal": { status: 500, message: "Something went wrong on our side." },
} as const satisfies Record<`${string}:${string}`, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message ?? ERRORS[code].message);
    this.name = "AppError";
    this.status = ERRORS[code].status;
  }
}

/** The house error body for `code` (its table message unless a more specific one is given). */
export function errorResponse(code: ErrorCode, message?: string, headers: Record<string, string> = {}): Response {
  return toErrorResponse(new AppError(code, message, headers));
}

/**
 * What a thrown value means for the caller: an AppError as it is; a database that is not
 * answering becomes 503 `db:unavailable` with Retry-After; anything else is logged and becomes
 * `server:internal`, whose message leaks nothing.
 */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (isDatabaseUnavailable(err)) {
    noteDatabaseUnavailable();
    console.warn(`[db] unavailable: ${rootMessage(err)}`);
    return new AppError("db:unavailable", undefined, { "Retry-After": String(DB_RETRY_AFTER_SECONDS) });
  }
  return internal(err);
}

/** An AppError as its response; anything else as `toAppError` classifies it. */
export function toErrorResponse(err: unknown, extraHeaders: Record<string, string> = {}): Response {
  const e = toAppError(err);
  return Response.json(
    { error: { code: e.code, message: e.message } },
    { status: e.status, headers: { ...extraHeaders, ...e.headers } },
  );
}

/** The innermost cause's message (a driver's "Connection terminated…", not Drizzle's whole query). */
function rootMessage(err: unknown): string {
  let current = err as { message?: unknown; cause?: unknown } | undefined;
  while (current?.cause && typeof current.cause === "object") current = current.cause as typeof current;
  return String(current?.message ?? err).split("\n")[0] as string;
}

function internal(err: unknown): AppError {
  console.error(err);
  return new AppError("server:internal");
}

/** What a browser may be shown for a failure: an AppError's message, otherwise the generic one. */
export function publicMessage(err: unknown, fallback: string = ERRORS["server:internal"].message): string {
  return err instanceof AppError ? err.message : fallback;
}
