/**
 * Sentences the server sends and the sign-in form shows; one definition for both (and tests).
 * No server imports here: the browser bundles this file.
 */
export const GENERIC_SIGN_IN_ERROR = "Invalid email or password.";

/** The lockout notice, with the end of the lock already written for the reader's clock. */
export function lockedSentence(untilText: string): string {
  return `${GENERIC_SIGN_IN_ERROR} Too many failed attempts: sign-in to this account is locked until ${untilText}.`;
}

/** Many password checks for one account are in flight and none settled in time. */
export const BUSY_SENTENCE = "Too many sign-in attempts for this account at once. Try again in a moment.";
