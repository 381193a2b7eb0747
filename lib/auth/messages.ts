/**
 * Sentences the server sends and the sign-in form shows; one definition for both (and tests).
 * No server imports here: the browser bundles this file.
 */
export const GENERIC_SIGN_IN_ERROR = "Invalid email or password.";

/** The lockout notice, with the end of the lock already written for the reader's clock. */
export function lockedSentence(untilText: string): string {
  return `${GENERIC_SIGN_IN_ERROR} Too many failed attempts: sign-in to this account is locked until ${untilText}.`;
}
