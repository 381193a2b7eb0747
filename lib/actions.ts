import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { Role } from "@/lib/auth/roles";
import { requireRole, requireUser, type SessionUser } from "@/lib/auth/session";
import { AppError, type ErrorCode, publicMessage } from "@/lib/errors";

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
    const user = options.role ? await requireRole([...options.role]) : await requireUser();
    if (options.verified && !user.emailVerified) return failure(new AppError("auth:unverified"));
    const parsed = options.schema.safeParse(formToObject(form));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return failure(new AppError("action:invalid", options.invalidMessage ?? issue?.message));
    }
    try {
      const result = await handler(parsed.data, user);
      return { ok: true, ...result };
    } catch (err) {
      unstable_rethrow(err);
      if (!(err instanceof AppError)) console.error(err);
      return failure(err);
    }
  };
}

function failure(err: unknown): ActionState<never> {
  const code: ErrorCode = err instanceof AppError ? err.code : "server:internal";
  return { ok: false, code, message: publicMessage(err) };
}
