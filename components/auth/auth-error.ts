import { authErrorMessage } from "@/lib/auth/error-messages";
import { lockedSentence } from "@/lib/auth/messages";

/** An error as better-auth's client returns it. */
export type AuthError = { code?: string; message?: string; status?: number; lockedUntil?: string };

/** The sentence to show for a sign-in error (a lock says until when, in local time). */
export function describe(error: AuthError): string {
  if (error.code === "ACCOUNT_LOCKED" && error.lockedUntil) {
    const until = new Date(error.lockedUntil).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    return lockedSentence(until);
  }
  return authErrorMessage(error);
}
