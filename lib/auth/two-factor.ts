import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { twoFactor } from "better-auth/plugins";
import type { Executor } from "@/db/client";
import { type AuditWriter, requestMeta } from "./audit";
import { busyError, lockedError } from "./hooks";
import { LOCK_MINUTES, MAX_FAILED_ATTEMPTS, recordFailure, reserveAttempt, settleAttempt } from "./lockout";

type Ctx = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

const CODE_PATHS: Record<string, string> = {
  "/two-factor/verify-totp": "totp",
  "/two-factor/verify-backup-code": "backup_code",
  "/two-factor/verify-otp": "otp",
};

interface SignInAttempt {
  userId: string;
  email: string;
}

interface Setup {
  userId: string;
  email: string;
  wasEnabled: boolean;
}

/**
 * The second step of a password sign-in counts against the same lockout as the password: each
 * code is an attempt reserved before it is checked (5 failures of either kind lock the account
 * for 30 minutes), a correct code ends the count, and a successful password alone no longer
 * does while the code is outstanding (see hooks.ts), so alternating password and code guesses
 * gains nothing. "Trust this device" is refused: every sign-in asks for a code.
 */
function twoFactorLockout({ db, audit }: { db: Executor; audit: AuditWriter }): BetterAuthPlugin {
  const attempts = new WeakMap<object, SignInAttempt>();
  const setups = new WeakMap<object, Setup>();
  const isCodePath = (ctx: { path?: string }) => (ctx.path ?? "") in CODE_PATHS;
  const isAccountPath = (ctx: { path?: string }) =>
    ctx.path === "/two-factor/disable" || ctx.path === "/two-factor/generate-backup-codes";

  const before = createAuthMiddleware(async (ctx: Ctx) => {
    if ((ctx.body as { trustDevice?: unknown } | undefined)?.trustDevice === true) {
      throw new APIError("BAD_REQUEST", {
        code: "TRUST_DEVICE_DISABLED",
        message: "Every sign-in asks for a code; devices are not remembered.",
      });
    }
    const session = await getSessionFromCtx(ctx).catch(() => null);
    if (session) {
      const user = session.user as { id: string; email: string; twoFactorEnabled?: boolean };
      setups.set(ctx.context, { userId: user.id, email: user.email, wasEnabled: Boolean(user.twoFactorEnabled) });
      return;
    }
    const user = await pendingSignInUser(ctx);
    if (!user) return;
    const reservation = await reserveAttempt(db, user.email);
    if (reservation.kind !== "allowed") {
      const reason = reservation.kind === "locked" ? "locked" : "busy";
      await audit({
        type: "login_failed",
        userId: user.id,
        email: user.email,
        ...requestMeta(ctx),
        details: { reason, step: "code" },
      });
      throw reservation.kind === "locked" ? lockedError(reservation.lockedUntil) : busyError();
    }
    attempts.set(ctx.context, { userId: user.id, email: user.email });
  });

  const after = createAuthMiddleware(async (ctx: Ctx) => {
    const returned = ctx.context.returned;
    const failed = isAPIError(returned) && returned.statusCode >= 400;
    const meta = requestMeta(ctx);
    const setup = setups.get(ctx.context);
    if (setup) {
      if (failed) return;
      const action =
        ctx.path === "/two-factor/disable"
          ? "disabled"
          : ctx.path === "/two-factor/generate-backup-codes"
            ? "backup_codes_renewed"
            : !setup.wasEnabled
              ? "enabled"
              : null;
      if (action)
        await audit({ type: "two_factor", userId: setup.userId, email: setup.email, ...meta, details: { action } });
      return;
    }
    const attempt = attempts.get(ctx.context);
    if (!attempt) return;
    const method = `password+${CODE_PATHS[ctx.path] ?? "code"}`;
    if (!failed) {
      await settleAttempt(db, attempt.email, "success");
      await audit({
        type: "login_success",
        userId: attempt.userId,
        email: attempt.email,
        ...meta,
        details: { method },
      });
      return;
    }
    await audit({
      type: "login_failed",
      userId: attempt.userId,
      email: attempt.email,
      ...meta,
      details: { reason: "bad_code", method },
    });
    const result = await recordFailure(db, attempt.email);
    if (result.lockedUntil && result.lockedUntil > new Date()) {
      if (result.lockedNow) {
        await audit({
          type: "lockout",
          userId: attempt.userId,
          email: attempt.email,
          ...meta,
          details: { until: result.lockedUntil.toISOString() },
        });
      }
      throw lockedError(result.lockedUntil);
    }
  });

  const matcher = (ctx: { path?: string }) => isCodePath(ctx) || isAccountPath(ctx);
  return {
    id: "two-factor-lockout",
    hooks: { before: [{ matcher, handler: before }], after: [{ matcher, handler: after }] },
  };
}

/** The user a pending second step belongs to (the signed two_factor cookie the plugin set). */
async function pendingSignInUser(ctx: Ctx): Promise<{ id: string; email: string } | null> {
  const cookie = ctx.context.createAuthCookie("two_factor");
  const identifier = await ctx.getSignedCookie(cookie.name, ctx.context.secret).catch(() => null);
  if (!identifier) return null;
  const pending = await ctx.context.internalAdapter.findVerificationValue(identifier).catch(() => null);
  if (!pending || pending.expiresAt < new Date()) return null;
  return ctx.context.internalAdapter.findUserById(pending.value).catch(() => null);
}

/** better-auth's TOTP second factor with backup codes, and our lockout over it. */
export function twoFactorPlugins({ db, audit }: { db: Executor; audit: AuditWriter }): BetterAuthPlugin[] {
  return [
    twoFactor({
      issuer: "IntelliStack Tutor",
      // Accounts that sign in only with Google or GitHub can turn it on too; an account with a
      // password must still give it.
      allowPasswordless: true,
      // The plugin's own per-account limit, set to ours (ours counts passwords and codes together).
      accountLockout: { enabled: true, maxFailedAttempts: MAX_FAILED_ATTEMPTS, durationSeconds: LOCK_MINUTES * 60 },
    }),
    twoFactorLockout({ db, audit }),
  ];
}
