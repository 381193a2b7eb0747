import { randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { hashSlots } from "./hash-limit";
import { HashThreads } from "./hash-threads";

/**
 * Password hashing off the event loop, on threads at a lower CPU priority (lib/auth/hash-threads.ts),
 * so a burst of logins does not stall every other request. Same cost parameters and `salt:key`
 * hex format as better-auth's default, so existing hashes keep verifying in both directions; the
 * comparison is constant-time.
 */
const SCRYPT_COST = { N: 16384, r: 16, p: 1 };
/**
 * TEST_FAST_PASSWORD_HASH (test suites only; lib/env.ts refuses it in production): a real
 * scrypt, about a thousandth of the work, so the hundreds of sign-ups and sign-ins in the
 * tests are not mostly hashing. The stored format has no cost field, so hashes made this way
 * verify only while the setting is on.
 */
const SCRYPT_TEST_COST = { N: 1024, r: 1, p: 1 };
const keyLength = 64;

// As many threads as hashes may run at once. Module state: the threads stop by themselves when idle.
const threads = new HashThreads(hashSlots());

/** The hashing threads' ids and priorities. */
export const hashThreadInfo = () => threads.threadInfo();

function derive(password: string, salt: string): Promise<Buffer> {
  const { N, r, p } = env().fastPasswordHashForTests ? SCRYPT_TEST_COST : SCRYPT_COST;
  // scrypt needs 128·N·r bytes; leave headroom so Node does not refuse the parameters.
  const maxmem = 128 * N * r * 2;
  return threads.scrypt(password.normalize("NFKC"), salt, keyLength, { N, r, p, maxmem });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16).toString("hex");
  const key = await derive(password, salt);
  return `${salt}:${key.toString("hex")}`;
}

export async function verifyPassword({ hash, password }: { hash: string; password: string }): Promise<boolean> {
  const [salt, keyHex] = hash.split(":");
  if (!salt || !keyHex || !/^[0-9a-f]+$/i.test(keyHex)) return false;
  const expected = Buffer.from(keyHex, "hex");
  const actual = await derive(password, salt);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
