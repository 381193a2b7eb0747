import { verify as bcryptVerify } from "@node-rs/bcrypt";
import { verifyPassword } from "./password-hash";

/**
 * Password hashes brought in from the legacy system (users:import). They are bcrypt in the
 * variants other libraries write (`$2a$`, `$2b$`, PHP's `$2y$`) at any cost from 4 to 15.
 * A legacy hash only ever needs verifying: on the first successful sign-in it is replaced by
 * the app's own scheme (legacy-upgrade.ts), so this file never creates one.
 */
export const BCRYPT_HASH = /^\$2[aby]\$(0[4-9]|1[0-5])\$[./A-Za-z0-9]{53}$/;

export const isLegacyHash = (hash: string): boolean => BCRYPT_HASH.test(hash);

/** The cost factor written in a bcrypt hash, or null for anything else. */
export function legacyHashCost(hash: string): number | null {
  return isLegacyHash(hash) ? Number(hash.slice(4, 6)) : null;
}

/**
 * bcrypt verification in native code on libuv's thread pool (@node-rs/bcrypt's async verify),
 * so a burst of legacy sign-ins does not stall other requests. The password is compared as
 * typed (no Unicode normalisation): the legacy system hashed the bytes it was given.
 */
export async function verifyLegacyPassword({ hash, password }: { hash: string; password: string }): Promise<boolean> {
  if (!isLegacyHash(hash)) return false;
  try {
    return await bcryptVerify(password, hash);
  } catch {
    return false;
  }
}

/** better-auth's `password.verify`: the app's scrypt scheme, or a not-yet-upgraded legacy hash. */
export function verifyStoredPassword(input: { hash: string; password: string }): Promise<boolean> {
  return isLegacyHash(input.hash) ? verifyLegacyPassword(input) : verifyPassword(input);
}
