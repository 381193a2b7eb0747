import "server-only";
import type { Auth } from "@/lib/auth/auth";
import type { SessionUser } from "@/lib/auth/user";
import { AppError } from "@/lib/errors";
import { viaAuth } from "./auth-call";

/** Where the confirmation link at the new address lands once the change is done. */
export const EMAIL_CHANGED_CALLBACK = "/account?email=changed";

interface Caller {
  auth: Auth;
  headers: Headers;
  user: SessionUser;
}

export async function renameUser({ auth, headers, name }: Omit<Caller, "user"> & { name: string }) {
  await viaAuth(() => auth.api.updateUser({ headers, body: { name } }));
}

/**
 * Starts an email change: a confirmation link goes to the new address, and the address changes
 * only when it is followed (the old one then gets a notice, see lib/auth/hooks.ts). Whether the
 * new address already belongs to someone is never revealed: the answer is the same.
 */
export async function requestEmailChange({ auth, headers, user, newEmail }: Caller & { newEmail: string }) {
  if (!user.emailVerified) {
    throw new AppError("account:rejected", "Confirm your current email address first, then change it.");
  }
  if (newEmail.toLowerCase() === user.email.toLowerCase()) {
    throw new AppError("account:rejected", "That is already your email address.");
  }
  await viaAuth(() => auth.api.changeEmail({ headers, body: { newEmail, callbackURL: EMAIL_CHANGED_CALLBACK } }));
}
