import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import type { Executor } from "@/db/client";
import { clearPasswordChangeRequired } from "@/db/queries/legacy-password";
import { revokeResetLinks } from "@/db/queries/reset-links";
import type { AuthEventType } from "@/db/schema";
import { assertAdminInput } from "./admin-input";
import { type AuditWriter, requestMeta } from "./audit";
import { afterLegacySignIn } from "./legacy-upgrade";
import { type AuthEmails, emailChangeOf } from "./lifecycle";
import { lockedMessage, recordFailure, reserveAttempt, settleAttempt } from "./lockout";
import { BUSY_SENTENCE } from "./messages";
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

export function lockedError(until: Date) {
  const retryAfter = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  // The same status as a wrong password: a lock says nothing about whether the account exists.
  return new APIError(
    "UNAUTHORIZED",
    { code: "ACCOUNT_LOCKED", message: lockedMessage(until), lockedUntil: until.toISOString() },
    { "Retry-After": String(retryAfter) },
  );
}

/** Many right or wrong attempts for one account are in flight and none settled in time. */
export const busyError = () =>
  new APIError("TOO_MANY_REQUESTS", { code: "SIGN_IN_BUSY", message: BUSY_SENTENCE }, { "Retry-After": "5" });

/** Sign-in errors raised after the password matched: they clear failures like a success. */
const RIGHT_PASSWORD_CODES = new Set(["EMAIL_NOT_VERIFIED", "BANNED_USER"]);

/** Profile fields a user may change through /update-user (only their names reach the log, not their values). */
const PROFILE_FIELDS = ["name", "image"];

/** Self-service events recorded after a successful call: path → what the audit log says (null: nothing). */
const selfServiceEvents: Record<
  string,
  (body: Body) => { type: AuthEventType; details: Record<string, unknown> } | null
> = {
  "/change-password": (body) => ({
    type: "password_change",
    details: { revokedOtherSessions: body?.revokeOtherSessions === true },
  }),
  "/change-email": (body) => ({
    type: "email_change",
    details: { stage: "requested", newEmail: str(body?.newEmail)?.toLowerCase() },
  }),
  "/update-user": (body) => {
    const fields = PROFILE_FIELDS.filter((field) => body?.[field] !== undefined);
    return fields.length > 0 ? { type: "profile_change", details: { fields } } : null;
  },
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
  // Sign-in request bodies whose password check holds a lockout reservation (settled after it).
  const reserved = new WeakSet<object>();
  // For an email-change confirmation: the address the user had before the link was followed, by token.
  const pendingChanges = new Map<string, string | undefined>();

  const before = createAuthMiddleware(async (ctx) => {
    const body = ctx.body as Body;
    assertFieldSizes(body);
    assertAdminInput(ctx.path, body);
    const field = passwordFields[ctx.path];
    if (field) {
      const password = str(body?.[field]);
      if (password !== undefined) {
        const check = await checkPassword(password, await passwordOwner(ctx, body));
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
      if (reservation.kind !== "allowed") {
        const reason = reservation.kind === "locked" ? "locked" : "busy";
        await audit({ type: "login_failed", email, ...requestMeta(ctx), details: { reason } });
        throw reservation.kind === "locked" ? lockedError(reservation.lockedUntil) : busyError();
      }
      reserved.add(body);
    }
  });

  const after = createAuthMiddleware(async (ctx) => {
    const body = ctx.body as Body;
    const returned = ctx.context.returned;
    const failed = isAPIError(returned) && returned.statusCode >= 400;
    const meta = requestMeta(ctx);

    if (ctx.path === "/sign-in/email" && body && str(body.email) && reserved.has(body)) {
      reserved.delete(body);
      const email = str(body.email) as string;
      if (!failed) {
        const signedIn = ctx.context.newSession?.user;
        const password = str(body.password);
        // Only what this response needs happens here; the rehash itself is queued (legacy-upgrade.ts).
        const legacy = signedIn && password ? await afterLegacySignIn({ db, audit, user: signedIn, password }) : null;
        // The password was right but a second step is still owed: the check is released without
        // clearing the failures, which only an accepted code does (two-factor.ts), so alternating
        // password and code guesses gains nothing.
        if ((signedIn as { twoFactorEnabled?: boolean } | undefined)?.twoFactorEnabled) {
          await settleAttempt(db, email, "release");
          return;
        }
        await settleAttempt(db, email, "success");
        await audit({
          type: "login_success",
          userId: signedIn?.id,
          email,
          ...meta,
          details: {
            method: "password",
            // The rehash has not happened yet: its own `password_rehash` event records the result.
            ...(legacy
              ? {
                  legacyHash: "bcrypt",
                  cost: legacy.fromCost,
                  rehash: legacy.rehash,
                  changeRequired: legacy.changeRequired,
                }
              : {}),
          },
        });
        return;
      }
      const code = String((returned as APIError).body?.code);
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
        const result = await recordFailure(db, email);
        if (result.lockedUntil && result.lockedUntil > new Date()) {
          if (result.lockedNow) {
            await audit({
              type: "lockout",
              userId,
              email,
              ...meta,
              details: { until: result.lockedUntil.toISOString() },
            });
          }
          throw lockedError(result.lockedUntil);
        }
        return;
      }
      // Unverified or banned: the password was right, so the attempt does not count as a failure.
      // Anything else ended before the password was checked: it only frees the reservation.
      await settleAttempt(db, email, RIGHT_PASSWORD_CODES.has(code) ? "success" : "release");
      const reason = code === "EMAIL_NOT_VERIFIED" ? "unverified" : code === "BANNED_USER" ? "banned" : code;
      await audit({ type: "login_failed", userId, email, ...meta, details: { reason } });
      return;
    }

    // A new password set by its owner or an admin answers a "choose a new password" request,
    // and ends every reset link still out: one could otherwise replace the password just set.
    if ((ctx.path === "/change-password" || ctx.path === "/admin/set-user-password") && !failed) {
      const userId = ctx.path === "/change-password" ? ctx.context.session?.user.id : str(body?.userId);
      if (userId) {
        await revokeResetLinks({ db, userId });
        await clearPasswordChangeRequired({ db, userId });
      }
    }

    // An admin moved the account to another address: links mailed to the old one end with it.
    if (ctx.path === "/admin/update-user" && !failed && (body?.data as Body)?.email !== undefined) {
      const userId = str(body?.userId);
      if (userId) await revokeResetLinks({ db, userId });
    }

    if (ctx.path === "/verify-email") {
      await afterEmailConfirmation(ctx, meta);
      return;
    }

    const selfService = ctx.path && !failed ? selfServiceEvents[ctx.path]?.(body) : undefined;
    if (selfService) {
      const user = ctx.context.session?.user;
      await audit({ userId: user?.id, email: user?.email, ...meta, ...selfService });
      return;
    }

    if (ctx.path === "/request-password-reset" && !failed) {
      const email = str(body?.email);
      const found = email ? await ctx.context.internalAdapter.findUserByEmail(email).catch(() => null) : null;
      await audit({ type: "password_reset_requested", userId: found?.user.id, email, ...meta });
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
    // Whoever still reads the old inbox (the notice below even names the new address) must not
    // be able to take the account back with a reset link mailed there.
    await revokeResetLinks({ db, userId: change.userId });
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
