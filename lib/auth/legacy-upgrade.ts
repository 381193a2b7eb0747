import type { Executor } from "@/db/client";
import { findCredentialAccount, replacePasswordHash, requirePasswordChange } from "@/db/queries/legacy-password";
import type { AuditWriter } from "./audit";
import { hashLimiter } from "./hash-limit";
import { isLegacyHash, legacyHashCost } from "./legacy-hash";
import { hashPassword } from "./password-hash";
import { checkComposition, checkPassword } from "./password-policy";
import { type Enqueued, rehashQueue } from "./rehash-queue";

export interface LegacySignIn {
  /** The bcrypt cost of the hash that verified. */
  fromCost: number;
  /**
   * The password fails today's composition rules: the user is sent to choose a new one from
   * this response on. A password that passes them gets its strength estimate in the queued job.
   */
  changeRequired: boolean;
  /** Whether the rehash to the app's scheme is waiting in the queue, or was dropped (queue full). */
  rehash: Enqueued;
}

/** What the `password_rehash` audit event says happened. */
export type RehashResult = "done" | "superseded" | "failed";

type Person = { id: string; email: string; name: string };

/**
 * After a successful password sign-in with a legacy (bcrypt) hash. A legacy password that fails
 * today's policy keeps working, but the user is asked to choose a new one
 * (`user.password_change_required`, see session.ts). In the request: the composition rules
 * (length, kinds of character, no name or email), which take microseconds and catch most weak
 * old passwords, so their first page is already the "choose a new password" one. After the
 * response, in the queued job: the strength estimate (zxcvbn, 10–30 ms of CPU — as much as the
 * rest of a sign-in, so during a burst of first sign-ins it waits with the rehash), then the
 * hash is replaced with the app's own scheme using the password that just verified, so bcrypt is
 * gone after each user's first sign-in (rehash-queue.ts says when that work runs and when it is
 * dropped). Returns null when the stored hash is not a legacy one.
 */
export async function afterLegacySignIn({
  db,
  audit,
  user,
  password,
}: {
  db: Executor;
  audit: AuditWriter;
  user: Person;
  password: string;
}): Promise<LegacySignIn | null> {
  const credential = await findCredentialAccount({ db, userId: user.id });
  const from = credential?.password;
  if (!credential || !from || !isLegacyHash(from)) return null;
  const fromCost = legacyHashCost(from) ?? 0;
  const changeRequired = !checkComposition(password, { email: user.email, name: user.name }).ok;
  if (changeRequired) await requirePasswordChange({ db, userId: user.id, accountId: credential.id, hash: from });
  const rehash = rehashQueue().add(`${credential.id}:${from}`, async () => {
    const job = { db, user, accountId: credential.id, from, password, estimate: !changeRequired };
    const { result, weak } = await upgradeLegacyPassword(job);
    await audit({
      type: "password_rehash",
      userId: user.id,
      email: user.email,
      details: { legacyHash: "bcrypt", cost: fromCost, result, changeRequired: changeRequired || weak },
    });
  });
  return { fromCost, changeRequired, rehash };
}

/**
 * One queued job, run in a background hash slot: the strength estimate when the request left it
 * (`estimate`), asking for a new password if it fails, then the app's hash of the password,
 * stored only over the hash that verified. `weak` says whether the estimate failed here.
 */
async function upgradeLegacyPassword(input: {
  db: Executor;
  user: Person;
  accountId: string;
  from: string;
  password: string;
  estimate: boolean;
}): Promise<{ result: RehashResult; weak: boolean }> {
  const { db, user, accountId, from, password } = input;
  let weak = false;
  try {
    const to = await hashLimiter().runInBackground(async () => {
      weak = input.estimate && !(await checkPassword(password, { email: user.email, name: user.name })).ok;
      if (weak) await requirePasswordChange({ db, userId: user.id, accountId, hash: from });
      return hashPassword(password);
    });
    const replaced = await replacePasswordHash({ db, userId: user.id, accountId, from, to });
    return { result: replaced ? "done" : "superseded", weak };
  } catch (err) {
    console.error(`[rehash] user ${user.id}: ${(err as Error).message}`);
    return { result: "failed", weak };
  }
}
