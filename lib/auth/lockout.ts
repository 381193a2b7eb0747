import { createHash } from "node:crypto";
import type { Executor } from "@/db/client";
import { clearLoginAttempts, getLoginLock, type Reservation, reserveLoginAttempt } from "@/db/queries/lockout";
import { lockedSentence } from "./messages";

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MINUTES = 30;

/** Attempts are tracked per normalised email, hashed: unknown emails lock exactly like real ones. */
export const lockoutKey = (email: string) => createHash("sha256").update(email.trim().toLowerCase()).digest("hex");

export function reserveAttempt(db: Executor, email: string): Promise<Reservation> {
  return reserveLoginAttempt({ db, key: lockoutKey(email), max: MAX_FAILED_ATTEMPTS, lockMinutes: LOCK_MINUTES });
}

export const clearAttempts = (db: Executor, email: string) => clearLoginAttempts({ db, key: lockoutKey(email) });

export const currentLock = (db: Executor, email: string) => getLoginLock({ db, key: lockoutKey(email) });

export function lockedMessage(until: Date): string {
  return lockedSentence(`${until.toISOString().slice(11, 16)} UTC`);
}
