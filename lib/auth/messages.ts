/**
 * Sentences the server sends and the sign-in form shows; one definition for both (and tests).
 * No server imports here: the browser bundles this file.
 */
export const GENERIC_SIGN_IN_ERROR = "Invalid email or password.";

/** The way out of a lockout that does not mean waiting (a reset clears the failed attempts). */
export const LOCK_RESET_HINT = "Resetting your password unlocks it at once.";

/** The lockout notice, with the end of the lock already written for the reader's clock. */
export function lockedSentence(untilText: string): string {
  return `${GENERIC_SIGN_IN_ERROR} Too many failed attempts: sign-in to this account is locked until ${untilText}. ${LOCK_RESET_HINT}`;
}

/** The same lock met on the account page, where only a password was typed. */
export function lockedAccountSentence(untilText: string): string {
  return `Too many wrong passwords: password checks and sign-in for this account are locked until ${untilText}. ${LOCK_RESET_HINT}`;
}

/** Many password checks for one account are in flight and none settled in time. */
export const BUSY_SENTENCE = "Too many sign-in attempts for this account at once. Try again in a moment.";
