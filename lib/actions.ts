import "server-only";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { Role } from "@/lib/auth/roles";
import { requireRole, requireUser, type SessionUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { AppError, type ErrorCode, publicMessage, toAppError } from "@/lib/errors";
import { isStorableText } from "@/lib/http/input";
import { isCrossOriginWrite } from "@/lib/http/origin";

/**
 * One shape for every server action's answer (what `useActionState` holds): success with an
 * optional sentence and data, or a failure with an error code and a message that is safe to
 * show. `null` is the state before the first submit.
 */
export type ActionState<T = undefined> =
  | { ok: true; message?: string; data: T }
  | { ok: false; code: ErrorCode; message: string }
  | null;

export interface ActionOptions<S extends z.ZodType> {
  /** Roles allowed to call it; any signed-in user when absent. Others are redirected. */
  role?: readonly Role[];
  /** Require a confirmed email address (403 `auth:unverified` as a state). */
  verified?: boolean;
  /** Parses the submitted form (blank fields arrive as undefined). */
  schema: S;
  /** The message when the form does not parse; the first issue's message otherwise. */
  invalidMessage?: string;
}

/** FormData → a plain object for zod: blank fields dropped, repeated names become arrays. */
export function formToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (key.startsWith("$ACTION")) continue;
    if (value === "") continue;
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/**
 * Wraps a server action: checks the session and role, parses the form with zod, runs the
 * handler, and turns every failure into an `ActionState` (AppError messages are shown as they
 * are; anything else is logged and answered with a generic sentence, never its text).
 * Redirects and not-found thrown by Next pass through.
 */
export function validatedAction<S extends z.ZodType, T = undefined>(
  options: ActionOptions<S>,
  handler: (input: z.output<S>, user: SessionUser) => Promise<{ message?: string; data: T }>,
): (prev: ActionState<T>, form: FormData) => Promise<ActionState<T>> {
  return async (_prev, form) => {
    // Next checks the Origin of every action against the Host; this pins it to the app's own
    // origin (BETTER_AUTH_URL), the same rule as the API routes.
    if (isCrossOriginWrite("POST", await headers(), env().appUrl)) return failure(new AppError("http:cross_origin"));
    const user = options.role ? await requireRole([...options.role]) : await requireUser();
    if (options.verified && !user.emailVerified) return failure(new AppError("auth:unverified"));
    // An action can be called with any serialisable argument, not only the form it was made for.
    if (!(form instanceof FormData)) return failure(new AppError("action:invalid", options.invalidMessage));
    const fields = formToObject(form);
    const unstorable = Object.entries(fields).some(([key, value]) =>
      [key, ...(Array.isArray(value) ? value : [value])].some((v) => typeof v === "string" && !isStorableText(v)),
    );
    if (unstorable) return failure(new AppError("http:invalid_text"));
    const parsed = options.schema.safeParse(fields);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return failure(new AppError("action:invalid", options.invalidMessage ?? issue?.message));
    }
    try {
      const result = await handler(parsed.data, user);
      return { ok: true, ...result };
    } catch (err) {
      unstable_rethrow(err);
      return failure(toAppError(err));
    }
  };
}

function failure(err: AppError): ActionState<never> {
  const code: ErrorCode = err.code;
  return { ok: false, code, message: publicMessage(err) };
}
