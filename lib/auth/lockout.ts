import { createHash } from "node:crypto";
import type { Executor } from "@/db/client";
import {
  clearLoginAttempts,
  getLoginLock,
  type Reservation,
  recordLoginFailure,
  reserveLoginAttempt,
  settleLoginAttempt,
} from "@/db/queries/lockout";
import { auditWriter } from "./audit";
import { BUSY_SENTENCE, lockedAccountSentence, lockedSentence } from "./messages";

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MINUTES = 30;
/** A reserved check not settled by then (the request died) stops counting as under way. */
const PENDING_SECONDS = 60;
/** How long an attempt waits for checks under way to settle before it is turned away. */
const MAX_WAIT_MS = 20_000;

/** Attempts are tracked per normalised email, hashed: unknown emails lock exactly like real ones. */
export const lockoutKey = (email: string) => createHash("sha256").update(email.trim().toLowerCase()).digest("hex");

// Attempts waiting in this process, woken as soon as a check for their key settles here
// (other instances' settlements are seen by polling).
const waiters = new Map<string, Set<() => void>>();

function nextTurn(key: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const set = waiters.get(key) ?? new Set();
    waiters.set(key, set);
    const wake = () => {
      clearTimeout(timer);
      set.delete(wake);
      if (set.size === 0) waiters.delete(key);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    set.add(wake);
  });
}

function wakeWaiters(key: string): void {
  for (const wake of [...(waiters.get(key) ?? [])]) wake();
}

/**
 * Reserves a password check for `email`. While failures and checks under way fill the limit,
 * it waits for one to settle rather than refuse: only failures lock an account, so a right
 * password is never turned away because others are being checked at the same moment.
 */
export async function reserveAttempt(db: Executor, email: string, maxWaitMs = MAX_WAIT_MS): Promise<Reservation> {
  const key = lockoutKey(email);
  const deadline = Date.now() + maxWaitMs;
  for (let pause = 25; ; pause = Math.min(pause * 2, 250)) {
    const reservation = await reserveLoginAttempt({
      db,
      key,
      max: MAX_FAILED_ATTEMPTS,
      pendingSeconds: PENDING_SECONDS,
    });
    if (reservation.kind !== "busy" || Date.now() >= deadline) return reservation;
    await nextTurn(key, Math.min(pause, Math.max(1, deadline - Date.now())));
  }
}

/** A wrong password for a reserved check. Reports whether this failure set the lock. */
export async function recordFailure(db: Executor, email: string) {
  const key = lockoutKey(email);
  try {
    return await recordLoginFailure({ db, key, max: MAX_FAILED_ATTEMPTS, lockMinutes: LOCK_MINUTES });
  } finally {
    wakeWaiters(key);
  }
}

/** A reserved check ended: `success` (right password) clears failures and lock; `release` only frees it. */
export async function settleAttempt(db: Executor, email: string, outcome: "success" | "release"): Promise<void> {
  const key = lockoutKey(email);
  try {
    await settleLoginAttempt({ db, key, outcome });
  } finally {
    wakeWaiters(key);
  }
}

/** Forgets failures, lock and checks under way (an admin's unlock, a password reset). */
export async function clearAttempts(db: Executor, email: string): Promise<boolean> {
  const key = lockoutKey(email);
  try {
    return await clearLoginAttempts({ db, key });
  } finally {
    wakeWaiters(key);
  }
}

/** Whose password a check outside sign-in asks for, what for, and from where (for the audit log). */
export interface PasswordCheck {
  userId: string;
  email: string;
  /** What the password confirms: `details.via` of the audit events. */
  via: "password_change" | "account_deletion";
  ip?: string | null;
  userAgent?: string | null;
}

/**
 * A password check outside the sign-in endpoint (account deletion, password change) under the
 * same lockout: refused while the account is locked or its limit is full of checks under way. A
 * wrong password (`check` resolves false) counts as a failure, a right one clears failures, and a
 * check that throws only frees its reservation. Refusals, wrong passwords and the lock they set
 * are audited as sign-in's are (`login_failed`, `lockout`), so an admin sees why an account locked.
 */
export async function checkUnderLockout(
  db: Executor,
  who: PasswordCheck,
  check: () => Promise<boolean>,
): Promise<{ outcome: "right" | "wrong" } | { outcome: "refused"; message: string }> {
  const audit = auditWriter(db);
  const event = { userId: who.userId, email: who.email, ip: who.ip ?? null, userAgent: who.userAgent ?? null };
  const failed = (reason: string) => audit({ type: "login_failed", ...event, details: { reason, via: who.via } });
  const reservation = await reserveAttempt(db, who.email);
  if (reservation.kind === "locked") {
    await failed("locked");
    return { outcome: "refused", message: lockedAccountMessage(reservation.lockedUntil) };
  }
  if (reservation.kind === "busy") {
    await failed("busy");
    return { outcome: "refused", message: BUSY_SENTENCE };
  }
  let right: boolean;
  try {
    right = await check();
  } catch (err) {
    await settleAttempt(db, who.email, "release");
    throw err;
  }
  if (right) {
    await settleAttempt(db, who.email, "success");
    return { outcome: "right" };
  }
  const failure = await recordFailure(db, who.email);
  await failed("bad_password");
  if (!failure.lockedUntil) return { outcome: "wrong" };
  if (failure.lockedNow) {
    await audit({ type: "lockout", ...event, details: { until: failure.lockedUntil.toISOString(), via: who.via } });
  }
  return { outcome: "refused", message: lockedAccountMessage(failure.lockedUntil) };
}

export const currentLock = (db: Executor, email: string) => getLoginLock({ db, key: lockoutKey(email) });

const utcTime = (until: Date) => `${until.toISOString().slice(11, 16)} UTC`;

export function lockedMessage(until: Date): string {
  return lockedSentence(utcTime(until));
}

/** The lock as a signed-in person meets it on their account page (no email was typed there). */
export function lockedAccountMessage(until: Date): string {
  return lockedAccountSentence(utcTime(until));
}
