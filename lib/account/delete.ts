import "server-only";
import type { Executor } from "@/db/client";
import { type DeletionCounts, deleteUserEverywhere, findPasswordHash } from "@/db/queries/account";
import { verifyStoredPassword } from "@/lib/auth/legacy-hash";
import { checkUnderLockout, lockoutKey } from "@/lib/auth/lockout";
import type { SessionUser } from "@/lib/auth/user";
import { AppError } from "@/lib/errors";

/** A sign-in this recent counts as confirmation for an account without a password. */
export const FRESH_SIGN_IN_MINUTES = 10;

export interface DeleteRequest {
  db: Executor;
  user: SessionUser;
  session: { createdAt: Date };
  /** Required when the account has a password. */
  password?: string;
  /** The request's address and browser, for the audit of a wrong password. */
  meta?: { ip: string | null; userAgent: string | null };
}

/**
 * Deletes the caller's own account after they prove it is them: their password, or — for an
 * account that signs in only with Google/GitHub — a sign-in within the last 10 minutes.
 * Wrong passwords count towards the sign-in lockout. Admins are refused (the site must keep
 * someone who can run it; another admin can change their role first).
 */
export async function deleteOwnAccount({ db, user, session, password, meta }: DeleteRequest): Promise<DeletionCounts> {
  if (user.role === "admin") throw new AppError("account:admin");
  const hash = await findPasswordHash({ db, userId: user.id });
  if (hash) {
    if (!password) throw new AppError("account:wrong_password", "Enter your password to confirm.");
    const who = { userId: user.id, email: user.email, via: "account_deletion" as const, ...meta };
    const checked = await checkUnderLockout(db, who, () => verifyStoredPassword({ hash, password }));
    if (checked.outcome === "refused") throw new AppError("account:wrong_password", checked.message);
    if (checked.outcome === "wrong") throw new AppError("account:wrong_password");
  } else if (Date.now() - session.createdAt.getTime() > FRESH_SIGN_IN_MINUTES * 60_000) {
    throw new AppError("account:not_fresh");
  }
  return deleteUserEverywhere({
    db,
    userId: user.id,
    email: user.email,
    lockoutKey: lockoutKey(user.email),
    details: { confirmedWith: hash ? "password" : "fresh_sign_in", role: user.role },
  });
}
