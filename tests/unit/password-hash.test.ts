import { hashPassword as upstreamHash, verifyPassword as upstreamVerify } from "@better-auth/utils/password";
import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password-hash";
import { hashAtProductionCost } from "../support/production-hash";

// At the production scrypt cost: this file tests the hashing itself.
hashAtProductionCost();

describe("password hashing", () => {
  it("verifies its own hashes and rejects a wrong password", async () => {
    const hash = await hashPassword("Correct-Horse-Battery-9");
    expect(hash).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/);
    expect(await verifyPassword({ hash, password: "Correct-Horse-Battery-9" })).toBe(true);
    expect(await verifyPassword({ hash, password: "Correct-Horse-Battery-8" })).toBe(false);
  });

  it("is interchangeable with better-auth's default hashes, both ways", async () => {
    const theirs = await upstreamHash("Ünïcødé-pässwörd-42!");
    expect(await verifyPassword({ hash: theirs, password: "Ünïcødé-pässwörd-42!" })).toBe(true);
    const ours = await hashPassword("Ünïcødé-pässwörd-42!");
    expect(await upstreamVerify(ours, "Ünïcødé-pässwörd-42!")).toBe(true);
  });

  it("normalises Unicode (NFKC) the same way", async () => {
    const composed = "Caf\u00e9-Password-1!";
    const decomposed = "Cafe\u0301-Password-1!";
    const hash = await hashPassword(composed);
    expect(await verifyPassword({ hash, password: decomposed })).toBe(true);
  });

  it("answers false, not an exception, for malformed stored hashes", async () => {
    for (const hash of ["", "nocolon", "salt:", ":key", "salt:not-hex!"]) {
      expect(await verifyPassword({ hash, password: "x" })).toBe(false);
    }
  });
});
