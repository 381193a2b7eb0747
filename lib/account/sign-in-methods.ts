import "server-only";
import type { Executor } from "@/db/client";
import { listSignInMethods } from "@/db/queries/account";
import { revokeResetLinks } from "@/db/queries/reset-links";
import { auditWriter, headersMeta } from "@/lib/auth/audit";
import type { Auth } from "@/lib/auth/auth";
import { checkUnderLockout } from "@/lib/auth/lockout";
import { checkPassword } from "@/lib/auth/password-policy";
import type { SessionUser } from "@/lib/auth/user";
import { AppError } from "@/lib/errors";
import { viaAuth } from "./auth-call";

export interface SignInMethod {
  accountId: string;
  providerId: string;
  linkedAt: Date;
  /** Password or linked provider that can sign in on its own. */
  usable: boolean;
  /** False for the last usable method: removing it would lock the user out. */
  removable: boolean;
}

/** How the user can sign in: their password (if set) and each linked provider. */
export async function signInMethods({ db, userId }: { db: Executor; userId: string }): Promise<SignInMethod[]> {
  const rows = await listSignInMethods({ db, userId });
  const usable = (r: (typeof rows)[number]) => r.providerId !== "credential" || r.hasPassword;
  const usableCount = rows.filter(usable).length;
  return rows.map((r) => ({
    accountId: r.id,
    providerId: r.providerId,
    linkedAt: r.createdAt,
    usable: usable(r),
    removable: !usable(r) || usableCount > 1,
  }));
}

interface Caller {
  db: Executor;
  auth: Auth;
  /** The request's headers (its session cookie): better-auth acts as this user. */
  headers: Headers;
  user: SessionUser;
}

/**
 * Removes a sign-in method (unlinks a provider, or removes the password). Refuses the last
 * usable one; better-auth refuses it too, but counts a password-less credential row as one.
 */
export async function removeSignInMethod({ db, auth, headers, user, accountId }: Caller & { accountId: string }) {
  const methods = await signInMethods({ db, userId: user.id });
  const method = methods.find((m) => m.accountId === accountId);
  if (!method) throw new AppError("account:not_found");
  if (!method.removable) {
    // Say what can be done about it: a password can always be set; a provider only if configured.
    const message =
      method.providerId === "credential"
        ? "This is your only way to sign in, so your password stays."
        : "This is your only way to sign in. Set a password first, then you can unlink it.";
    throw new AppError("account:last_method", message);
  }
  await viaAuth(() => auth.api.unlinkAccount({ headers, body: { accountId } }));
  return method;
}

/**
 * The same password rules as sign-up, checked before the current password is counted: a
 * rejected new password then says so without using up a sign-in attempt.
 */
async function assertPolicy(password: string, user: SessionUser) {
  const check = await checkPassword(password, { email: user.email, name: user.name });
  if (!check.ok) throw new AppError("account:rejected", check.problems.join(" "));
}

/**
 * Changes the password after checking the current one. Wrong current passwords count towards
 * the sign-in lockout (5 → 30 minutes), so a stolen session cannot be used to guess it.
 */
export async function changePassword({
  db,
  auth,
  headers,
  user,
  currentPassword,
  newPassword,
  revokeOtherSessions,
}: Caller & { currentPassword: string; newPassword: string; revokeOtherSessions: boolean }) {
  await assertPolicy(newPassword, user);
  // Only a wrong current password counts towards the lockout; other refusals pass through.
  const who = { userId: user.id, email: user.email, via: "password_change" as const, ...headersMeta(headers) };
  const checked = await checkUnderLockout(db, who, async () => {
    try {
      await viaAuth(() =>
        auth.api.changePassword({ headers, body: { currentPassword, newPassword, revokeOtherSessions } }),
      );
      return true;
    } catch (err) {
      if (err instanceof AppError && err.code === "account:wrong_password") return false;
      throw err;
    }
  });
  if (checked.outcome === "refused") throw new AppError("account:wrong_password", checked.message);
  if (checked.outcome === "wrong") throw new AppError("account:wrong_password");
}

/** A first password for an account that signs in only with Google/GitHub. */
export async function setFirstPassword({ db, auth, headers, user, newPassword }: Caller & { newPassword: string }) {
  await assertPolicy(newPassword, user);
  await viaAuth(() => auth.api.setPassword({ headers, body: { newPassword } }));
  // set-password is server-only (no route), so the request hooks do not see it: end any reset
  // link still out (it would replace this password) and audit here.
  await revokeResetLinks({ db, userId: user.id });
  await auditWriter(db)({
    type: "password_change",
    userId: user.id,
    email: user.email,
    ...headersMeta(headers),
    details: { set: true },
  });
}
