import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { JwksCache, JwksUnavailableError } from "@/lib/auth/jwks-cache";
import { expectLogged } from "../support/console";

async function keyPair(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256" } };
}
const expected = { issuer: "https://issuer.test", audience: "urn:test" };
const sign = (privateKey: CryptoKey, kid: string) =>
  new SignJWT({ role: "student" })
    .setProtectedHeader({ alg: "RS256", kid })
    .setIssuer(expected.issuer)
    .setAudience(expected.audience)
    .setSubject("u1")
    .setExpirationTime("5m")
    .sign(privateKey);

describe("JwksCache", () => {
  it("fetches once and serves from cache for five minutes", async () => {
    const k = await keyPair("k1");
    let now = 0;
    let fetches = 0;
    const cache = new JwksCache({
      fetchJwks: async () => {
        fetches++;
        return { keys: [k.jwk] };
      },
      now: () => now,
    });
    const token = await sign(k.privateKey, "k1");
    await cache.verify(token, expected);
    now += 4 * 60_000;
    await cache.verify(token, expected);
    expect(fetches).toBe(1);
    now += 2 * 60_000;
    await cache.verify(token, expected);
    expect(fetches).toBe(2);
  });

  it("keeps the last known keys when the JWKS cannot be fetched", async () => {
    expectLogged(/\[jwks\] refresh failed, using the last known keys/, "warn");
    const k = await keyPair("k1");
    let now = 0;
    let up = true;
    const cache = new JwksCache({
      fetchJwks: async () => {
        if (!up) throw new Error("connection refused");
        return { keys: [k.jwk] };
      },
      now: () => now,
    });
    const token = await sign(k.privateKey, "k1");
    await cache.verify(token, expected);
    up = false;
    now += 60 * 60_000;
    await expect(cache.verify(token, expected)).resolves.toMatchObject({ sub: "u1" });
  });

  it("reports unavailability (for a 503) when no key was ever fetched", async () => {
    const k = await keyPair("k1");
    const cache = new JwksCache({ fetchJwks: async () => Promise.reject(new Error("down")) });
    const err = await cache.verify(await sign(k.privateKey, "k1"), expected).catch((e) => e);
    expect(err).toBeInstanceOf(JwksUnavailableError);
    expect((err as JwksUnavailableError).retryAfterSeconds).toBeGreaterThan(0);
  });

  it("refetches early for an unknown kid (rotation), at most once per interval", async () => {
    const k1 = await keyPair("k1");
    const k2 = await keyPair("k2");
    let now = 0;
    let published = [k1.jwk];
    let fetches = 0;
    const cache = new JwksCache({
      fetchJwks: async () => {
        fetches++;
        return { keys: published };
      },
      now: () => now,
      refetchMinMs: 30_000,
    });
    await cache.verify(await sign(k1.privateKey, "k1"), expected);
    published = [k1.jwk, k2.jwk];
    now += 1_000;
    // Too soon after the last fetch: refused without hammering the JWKS.
    await expect(cache.verify(await sign(k2.privateKey, "k2"), expected)).rejects.toThrow();
    now += 30_000;
    await expect(cache.verify(await sign(k2.privateKey, "k2"), expected)).resolves.toMatchObject({ sub: "u1" });
    expect(fetches).toBe(2);
  });

  it("rejects tokens for another audience or issuer, and non-RS256 algorithms", async () => {
    const k = await keyPair("k1");
    const cache = new JwksCache({ fetchJwks: async () => ({ keys: [k.jwk] }) });
    const token = await sign(k.privateKey, "k1");
    await expect(cache.verify(token, { ...expected, audience: "urn:other" })).rejects.toThrow();
    await expect(cache.verify(token, { ...expected, issuer: "https://evil.test" })).rejects.toThrow();
    const none = `${Buffer.from(JSON.stringify({ alg: "none", kid: "k1" })).toString("base64url")}.${token.split(".")[1]}.`;
    await expect(cache.verify(none, expected)).rejects.toThrow();
  });
});
