import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import type { Executor } from "@/db/client";
import type { Reservation } from "@/db/queries/lockout";
import type { AuthEventType } from "@/db/schema";
import { type AuditWriter, requestMeta } from "./audit";
import { type AuthEmails, emailChangeOf } from "./lifecycle";
import { clearAttempts, currentLock, lockedMessage, reserveAttempt } from "./lockout";
import { checkPassword } from "./password-policy";

type Ctx = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];
type Body = Record<string, unknown> | undefined;

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** Every endpoint that sets a password, and the body field that carries it. */
const passwordFields: Record<string, string> = {
  "/sign-up/email": "password",
  "/reset-password": "newPassword",
  "/change-password": "newPassword",
  "/admin/create-user": "password",
  "/admin/set-user-password": "newPassword",
};

/** Who the new password belongs to, so it may not contain their name or email. */
async function passwordOwner(ctx: Ctx, body: Body): Promise<{ email?: string; name?: string }> {
  const adapter = ctx.context.internalAdapter;
  if (ctx.path === "/sign-up/email" || ctx.path === "/admin/create-user") {
    return { email: str(body?.email), name: str(body?.name) };
  }
  if (ctx.path === "/change-password") {
    const session = await getSessionFromCtx(ctx).catch(() => null);
    return { email: session?.user.email, name: session?.user.name };
  }
  const userId =
    ctx.path === "/admin/set-user-password"
      ? str(body?.userId)
      : str((await adapter.findVerificationValue(`reset-password:${str(body?.token) ?? ""}`).catch(() => null))?.value);
  const user = userId ? await adapter.findUserById(userId).catch(() => null) : null;
  return { email: user?.email, name: user?.name };
}

/** Longest accepted value per field; anything else is capped at `other`. */
const fieldLimits: Record<string, number> = { name: 100, email: 254, image: 2048, callbackURL: 2048 };
const OTHER_FIELD_LIMIT = 4096;

function assertFieldSizes(body: Body): void {
  if (!body || typeof body !== "object") return;
  for (const [key, value] of Object.entries(body)) {
    if (typeof value !== "string") continue;
    const limit = fieldLimits[key] ?? OTHER_FIELD_LIMIT;
    if (value.length > limit) {
      throw new APIError("BAD_REQUEST", {
        code: "FIELD_TOO_LONG",
        message: `The field "${key}" is longer than ${limit} characters.`,
      });
    }
  }
}

function lockedError(until: Date) {
  const retryAfter = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  // The same status as a wrong password: a lock says nothing about whether the account exists.
  return new APIError(
    "UNAUTHORIZED",
    { code: "ACCOUNT_LOCKED", message: lockedMessage(until), lockedUntil: until.toISOString() },
    { "Retry-After": String(retryAfter) },
  );
}

/** Self-service events recorded after a successful call: path → what the audit log says. */
const selfServiceEvents: Record<string, (body: Body) => { type: AuthEventType; details: Record<string, unknown> }> = {
  "/change-password": (body) => ({
    type: "password_change",
    details: { revokedOtherSessions: body?.revokeOtherSessions === true },
  }),
  "/change-email": (body) => ({
    type: "email_change",
    details: { stage: "requested", newEmail: str(body?.newEmail)?.toLowerCase() },
  }),
  "/revoke-session": () => ({ type: "session_revoke", details: { scope: "one" } }),
  "/revoke-other-sessions": () => ({ type: "session_revoke", details: { scope: "others" } }),
  "/revoke-sessions": () => ({ type: "session_revoke", details: { scope: "all" } }),
};

export function createAuthHooks({
  db,
  audit,
  emails,
}: {
  db: Executor;
  audit: AuditWriter;
  emails: Pick<AuthEmails, "sendEmailChangedNotice">;
}) {
  // The reservation made before the password check, read back after it (same request body object).
  const reservations = new WeakMap<object, Reservation>();
  // For an email-change confirmation: the address the user had before the link was followed, by token.
  const pendingChanges = new Map<string, string | undefined>();

  const before = createAuthMiddleware(async (ctx) => {
    const body = ctx.body as Body;
    assertFieldSizes(body);
    const field = passwordFields[ctx.path];
    if (field) {
      const password = str(body?.[field]);
      if (password !== undefined) {
        const check = checkPassword(password, await passwordOwner(ctx, body));
        if (!check.ok)
          throw new APIError("BAD_REQUEST", { code: "PASSWORD_POLICY", message: check.problems.join(" ") });
      }
    }
    if (ctx.path === "/verify-email") {
      const token = str(ctx.query?.token);
      const change = emailChangeOf(token);
      if (token && change) {
        const current = await ctx.context.internalAdapter.findUserById(change.userId).catch(() => null);
        pendingChanges.set(token, current?.email.toLowerCase());
      }
    }
    if (ctx.path === "/sign-in/email" && body && str(body.email)) {
      const email = str(body.email) as string;
      const reservation = await reserveAttempt(db, email);
      if (!reservation.allowed) {
        const until = reservation.lockedUntil ?? new Date(Date.now() + 60_000);
        await audit({ type: "login_failed", email, ...requestMeta(ctx), details: { reason: "locked" } });
        throw lockedError(until);
      }
      reservations.set(body, reservation);
    }
  });

  const after = createAuthMiddleware(async (ctx) => {
    const body = ctx.body as Body;
    const returned = ctx.context.returned;
    const failed = isAPIError(returned) && returned.statusCode >= 400;
    const meta = requestMeta(ctx);

    if (ctx.path === "/sign-in/email" && body && str(body.email)) {
      const email = str(body.email) as string;
      if (!failed) {
        await clearAttempts(db, email);
        const userId = ctx.context.newSession?.user.id;
        await audit({ type: "login_success", userId, email, ...meta, details: { method: "password" } });
        return;
      }
      const code = (returned as APIError).body?.code;
      const found = await ctx.context.internalAdapter.findUserByEmail(email).catch(() => null);
      const userId = found?.user.id ?? null;
      if (code === "INVALID_EMAIL_OR_PASSWORD") {
        await audit({
          type: "login_failed",
          userId,
          email,
          ...meta,
          details: { reason: found ? "bad_password" : "unknown_user" },
        });
        const lock = await currentLock(db, email);
        if (lock) {
          if (reservations.get(body)?.lockedUntil) {
            await audit({ type: "lockout", userId, email, ...meta, details: { until: lock.toISOString() } });
          }
          throw lockedError(lock);
        }
        return;
      }
      // The password was right (unverified or banned): the attempt does not count as a failure.
      await clearAttempts(db, email);
      const reason = code === "EMAIL_NOT_VERIFIED" ? "unverified" : code === "BANNED_USER" ? "banned" : String(code);
      await audit({ type: "login_failed", userId, email, ...meta, details: { reason } });
      return;
    }

    if (ctx.path === "/verify-email") {
      await afterEmailConfirmation(ctx, meta);
      return;
    }

    const selfService = ctx.path ? selfServiceEvents[ctx.path] : undefined;
    if (selfService && !failed) {
      const user = ctx.context.session?.user;
      await audit({ userId: user?.id, email: user?.email, ...meta, ...selfService(body) });
      return;
    }

    if (ctx.path === "/request-password-reset" && !failed) {
      const email = str(body?.email);
      const found = email ? await ctx.context.internalAdapter.findUserByEmail(email).catch(() => null) : null;
      await audit({ type: "password_reset_requested", userId: found?.user.id, email, ...meta });
      return;
    }

    if (ctx.path === "/admin/set-role" && !failed) {
      const actor = ctx.context.session?.user;
      const target = str(body?.userId);
      const user = target ? await ctx.context.internalAdapter.findUserById(target).catch(() => null) : null;
      await audit({
        type: "role_change",
        userId: target,
        email: user?.email,
        ...meta,
        details: { role: body?.role, by: actor?.id ?? null },
      });
    }
  });

  /**
   * The address changes only when the link sent to the new address is followed. Once the
   * user's row shows the new address where it showed the old one just before, the change
   * happened in this request: audit it and tell the old address.
   */
  async function afterEmailConfirmation(ctx: Ctx, meta: ReturnType<typeof requestMeta>) {
    const token = str(ctx.query?.token);
    const change = emailChangeOf(token);
    if (!token || !change || !pendingChanges.has(token)) return;
    const before = pendingChanges.get(token);
    pendingChanges.delete(token);
    const now = await ctx.context.internalAdapter.findUserById(change.userId).catch(() => null);
    if (before !== change.from.toLowerCase() || now?.email.toLowerCase() !== change.to.toLowerCase()) return;
    await audit({
      type: "email_change",
      userId: change.userId,
      email: change.to,
      ...meta,
      details: { stage: "confirmed", oldEmail: change.from, newEmail: change.to },
    });
    emails.sendEmailChangedNotice(change.from, change.to);
  }

  return { before, after };
}
