import type { Executor } from "@/db/client";
import { findCredentialAccount, replacePasswordHash } from "@/db/queries/legacy-password";
import { isLegacyHash, legacyHashCost } from "./legacy-hash";
import { checkPassword } from "./password-policy";

export interface LegacyUpgrade {
  /** The bcrypt cost the replaced hash had. */
  fromCost: number;
  /** The password fails today's policy: the user is sent to choose a new one. */
  changeRequired: boolean;
}

/**
 * After a successful password sign-in: if the user still has a legacy (bcrypt) hash, replace it
 * with the app's own scheme using the password that just verified, so bcrypt is gone after
 * each user's first sign-in. A legacy password that fails today's policy keeps working, but
 * the user is asked to choose a new one (`user.password_change_required`, see session.ts).
 * Returns null when there was nothing to upgrade.
 */
export async function upgradeLegacyPassword({
  db,
  user,
  password,
  hash,
}: {
  db: Executor;
  user: { id: string; email: string; name: string };
  password: string;
  /** The app's hasher (better-auth's `password.hash`). */
  hash: (password: string) => Promise<string>;
}): Promise<LegacyUpgrade | null> {
  const credential = await findCredentialAccount({ db, userId: user.id });
  if (!credential?.password || !isLegacyHash(credential.password)) return null;
  const fromCost = legacyHashCost(credential.password) ?? 0;
  // The new hash runs on the thread pool while the policy check (zxcvbn) runs on this thread.
  const hashing = hash(password);
  const changeRequired = !checkPassword(password, { email: user.email, name: user.name }).ok;
  const upgraded = await hashing;
  const replaced = await db.transaction((tx) =>
    replacePasswordHash({
      db: tx,
      userId: user.id,
      accountId: credential.id,
      from: credential.password as string,
      to: upgraded,
      changeRequired,
    }),
  );
  return replaced ? { fromCost, changeRequired } : null;
}
