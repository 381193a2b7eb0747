import "server-only";
import { headers } from "next/headers";
import type { Db } from "@/db/client";
import { listUsersForAdmin, lockedKeys } from "@/db/queries/admin-users";
import { findUserById } from "@/db/queries/users";
import { changeRole, unlockAccount } from "@/lib/auth/account-admin";
import { auditWriter } from "@/lib/auth/audit";
import { getAuth } from "@/lib/auth/instance";
import { lockoutKey } from "@/lib/auth/lockout";
import type { Role } from "@/lib/auth/roles";
import type { SessionUser } from "@/lib/auth/user";
import { AppError } from "@/lib/errors";

export const USERS_PAGE = 25;

/** A page of users with whether each is locked out right now. */
export async function usersPage({ db, search, page }: { db: Db; search?: string; page: number }) {
  const { rows, total } = await listUsersForAdmin({ db, search, limit: USERS_PAGE, offset: (page - 1) * USERS_PAGE });
  const locked = await lockedKeys({ db, keys: rows.map((r) => lockoutKey(r.email)) });
  return { rows: rows.map((r) => ({ ...r, locked: locked.has(lockoutKey(r.email)) })), total };
}

export const userActions = ["set-role", "unlock", "ban", "unban", "revoke-sessions", "resend-verification"] as const;
export type UserAction = (typeof userActions)[number];

/**
 * One admin action on one user; every action is audited with who did it (here, or by the
 * admin plugin's own audit hook for ban, unban and sign-out-everywhere).
 */
export async function applyUserAction({
  db,
  admin,
  userId,
  action,
  role,
}: {
  db: Db;
  admin: SessionUser;
  userId: string;
  action: UserAction;
  role?: Role;
}): Promise<string> {
  const target = await findUserById({ db, userId });
  if (!target) throw new AppError("admin:not_found", "That user no longer exists.");
  if (target.id === admin.id && (action === "ban" || (action === "set-role" && role !== "admin"))) {
    throw new AppError("admin:self", "You cannot ban yourself or remove your own admin role.");
  }
  const audit = auditWriter(db);
  const auth = await getAuth();
  const requestHeaders = await headers();
  const log = (details: Record<string, unknown>) =>
    audit({ type: "admin_action", userId: target.id, email: target.email, details: { ...details, by: admin.id } });

  switch (action) {
    case "set-role": {
      if (!role) throw new AppError("admin:invalid", "Choose a role.");
      await changeRole({ db, audit, user: target, role, by: admin.id });
      return `${target.email} is now ${role}.`;
    }
    case "unlock":
      await unlockAccount({ db, audit, email: target.email, userId: target.id, by: admin.id });
      return `${target.email} can sign in again.`;
    // better-auth's admin endpoints write their own audit event (lib/auth/admin-audit.ts).
    case "ban":
      await auth.api.banUser({ body: { userId: target.id }, headers: requestHeaders });
      return `${target.email} is banned and signed out.`;
    case "unban":
      await auth.api.unbanUser({ body: { userId: target.id }, headers: requestHeaders });
      return `${target.email} is no longer banned.`;
    case "revoke-sessions":
      await auth.api.revokeUserSessions({ body: { userId: target.id }, headers: requestHeaders });
      return `${target.email} has been signed out everywhere.`;
    case "resend-verification":
      if (target.emailVerified) return `${target.email} is already confirmed.`;
      await auth.api.sendVerificationEmail({ body: { email: target.email, callbackURL: "/verify-email?verified=1" } });
      await log({ action: "resend_verification" });
      return `A new confirmation link is on its way to ${target.email}.`;
  }
}
