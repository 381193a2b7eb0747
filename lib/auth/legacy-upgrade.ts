import type { Executor } from "@/db/client";
import { findCredentialAccount, replacePasswordHash, requirePasswordChange } from "@/db/queries/legacy-password";
import type { AuditWriter } from "./audit";
import { hashLimiter } from "./hash-limit";
import { isLegacyHash, legacyHashCost } from "./legacy-hash";
import { hashPassword } from "./password-hash";
import { checkPassword } from "./password-policy";
import { type Enqueued, rehashQueue } from "./rehash-queue";

export interface LegacySignIn {
  /** The bcrypt cost of the hash that verified. */
  fromCost: number;
  /** The password fails today's policy: the user is sent to choose a new one. */
  changeRequired: boolean;
  /** Whether the rehash to the app's scheme is waiting in the queue, or was dropped (queue full). */
  rehash: Enqueued;
}

/** What the `password_rehash` audit event says happened. */
export type RehashResult = "done" | "superseded" | "failed";

/**
 * After a successful password sign-in with a legacy (bcrypt) hash. In the request: a legacy
 * password that fails today's policy keeps working, but the user is asked to choose a new one
 * (`user.password_change_required`, see session.ts). After the response: the hash is replaced
 * with the app's own scheme using the password that just verified, so bcrypt is gone after
 * each user's first sign-in (rehash-queue.ts says when that work runs and when it is dropped).
 * Returns null when the stored hash is not a legacy one.
 */
export async function afterLegacySignIn({
  db,
  audit,
  user,
  password,
}: {
  db: Executor;
  audit: AuditWriter;
  user: { id: string; email: string; name: string };
  password: string;
}): Promise<LegacySignIn | null> {
  const credential = await findCredentialAccount({ db, userId: user.id });
  const from = credential?.password;
  if (!credential || !from || !isLegacyHash(from)) return null;
  const fromCost = legacyHashCost(from) ?? 0;
  const changeRequired = !checkPassword(password, { email: user.email, name: user.name }).ok;
  if (changeRequired) await requirePasswordChange({ db, userId: user.id, accountId: credential.id, hash: from });
  const rehash = rehashQueue().add(`${credential.id}:${from}`, async () => {
    const result = await rehashLegacyPassword({ db, userId: user.id, accountId: credential.id, from, password });
    await audit({
      type: "password_rehash",
      userId: user.id,
      email: user.email,
      details: { legacyHash: "bcrypt", cost: fromCost, result },
    });
  });
  return { fromCost, changeRequired, rehash };
}

/** One queued rehash: the app's hash of the password, stored only over the hash that verified. */
async function rehashLegacyPassword(input: {
  db: Executor;
  userId: string;
  accountId: string;
  from: string;
  password: string;
}): Promise<RehashResult> {
  try {
    const to = await hashLimiter().runInBackground(() => hashPassword(input.password));
    const { db, userId, accountId, from } = input;
    const replaced = await replacePasswordHash({ db, userId, accountId, from, to });
    return replaced ? "done" : "superseded";
  } catch (err) {
    console.error(`[rehash] user ${input.userId}: ${(err as Error).message}`);
    return "failed";
  }
}
