import { hash as bcryptHash } from "@node-rs/bcrypt";
import { describe, expect, it } from "vitest";
import { isLegacyHash, legacyHashCost, verifyLegacyPassword, verifyStoredPassword } from "@/lib/auth/legacy-hash";
import { hashPassword } from "@/lib/auth/password-hash";
import { hashAtProductionCost } from "../support/production-hash";

// At the production scrypt cost: this file tests the hashing itself.
hashAtProductionCost();

// Hashes written by other implementations: OpenWall's crypt_blowfish test vectors ($2a$) and
// the example in PHP's password_verify documentation ($2y$).
const VECTORS: [string, string][] = [
  ["U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"],
  ["U*U*", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK"],
  ["U*U*U", "$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a"],
  ["rasmuslerdorf", "$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a"],
];

describe("legacy (bcrypt) hashes", () => {
  it("verifies hashes written by other bcrypt implementations, and rejects a wrong password", async () => {
    for (const [password, hash] of VECTORS) {
      expect(await verifyLegacyPassword({ hash, password }), hash).toBe(true);
      expect(await verifyLegacyPassword({ hash, password: `${password}x` }), hash).toBe(false);
    }
  });

  it("accepts the $2a$, $2b$ and $2y$ prefixes at costs 4 to 15, nothing else", async () => {
    const h = await bcryptHash("Old-Password-1", 4);
    for (const prefix of ["$2a$", "$2b$", "$2y$"]) {
      const variant = `${prefix}${h.slice(4)}`;
      expect(isLegacyHash(variant)).toBe(true);
      expect(await verifyStoredPassword({ hash: variant, password: "Old-Password-1" })).toBe(true);
    }
    expect(legacyHashCost(h)).toBe(4);
    expect(legacyHashCost(`$2b$15${h.slice(6)}`)).toBe(15);
    for (const bad of [
      `$2x$${h.slice(4)}`, // the buggy-crypt_blowfish marker is not accepted
      `$2b$03${h.slice(6)}`,
      `$2b$16${h.slice(6)}`,
      h.slice(0, -1),
      `${h}A`,
      "$argon2id$v=19$m=65536,t=3,p=4$abc$def",
      "",
    ]) {
      expect(isLegacyHash(bad), bad).toBe(false);
      expect(await verifyLegacyPassword({ hash: bad, password: "Old-Password-1" })).toBe(false);
    }
  });

  it("compares the password as typed, and like bcrypt everywhere only its first 72 bytes", async () => {
    const composed = "Caf\u00e9-Password-1!";
    const h = await bcryptHash(composed, 4);
    expect(await verifyLegacyPassword({ hash: h, password: composed })).toBe(true);
    // The app's scheme normalises Unicode; the legacy system hashed the bytes it got.
    expect(await verifyLegacyPassword({ hash: h, password: "Cafe\u0301-Password-1!" })).toBe(false);
    const long = `${"a".repeat(72)}tail`;
    const hl = await bcryptHash(long, 4);
    expect(await verifyLegacyPassword({ hash: hl, password: `${"a".repeat(72)}other` })).toBe(true);
    expect(await verifyLegacyPassword({ hash: hl, password: "a".repeat(71) })).toBe(false);
  });

  it("dispatches: the app's own scrypt hashes still verify through the same function", async () => {
    const own = await hashPassword("Correct-Horse-Battery-9");
    expect(isLegacyHash(own)).toBe(false);
    expect(await verifyStoredPassword({ hash: own, password: "Correct-Horse-Battery-9" })).toBe(true);
    expect(await verifyStoredPassword({ hash: own, password: "Correct-Horse-Battery-8" })).toBe(false);
  });

  it("runs off the event loop: a timer keeps firing while cost-12 verifications run", async () => {
    const h = await bcryptHash("Old-Password-1", 12);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = Date.now();
    await Promise.all([1, 2, 3, 4].map(() => verifyLegacyPassword({ hash: h, password: "Old-Password-1" })));
    const elapsed = Date.now() - started;
    clearInterval(timer);
    // A synchronous verification would block the loop for the whole time: no tick at all.
    expect(elapsed).toBeGreaterThan(50);
    expect(ticks).toBeGreaterThan(elapsed / 5 / 4);
  });
});
