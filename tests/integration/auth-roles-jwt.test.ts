import { eq } from "drizzle-orm";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUserRole } from "@/db/queries/users";
import { authEvent, jwks, user } from "@/db/schema";
import { issuerFor, JWT_AUDIENCE } from "@/lib/auth/auth";
import { installJwksCache, userFromBearer } from "@/lib/auth/bearer";
import { ensureSigningKey } from "@/lib/auth/instance";
import { JwksCache } from "@/lib/auth/jwks-cache";
import { type AuthTestContext, BASE_URL, type CookieJar, call, createTestAuth, signUpVerified } from "../support/auth";

let ctx: AuthTestContext;
let jar: CookieJar;
beforeAll(async () => {
  ctx = await createTestAuth();
  jar = await signUpVerified(ctx, { email: "role@example.com", name: "Role Person" });
  // Bearer verification fetches our JWKS; here it reads it through the same route handler.
  installJwksCache(new JwksCache({ fetchJwks: async () => (await call("/jwks", { method: "GET" })).json as never }));
});
afterAll(() => ctx.close());

const userId = async (email: string) =>
  (await ctx.db.db.select().from(user).where(eq(user.email, email)))[0]?.id as string;
const token = async (j: CookieJar) => String((await call("/token", { method: "GET", jar: j })).json?.token);

describe("roles", () => {
  it("starts everyone as a student", async () => {
    const me = await call("/get-session", { method: "GET", jar });
    expect((me.json?.user as { role: string } | undefined)?.role).toBe("student");
  });

  it("shows a role change in the session and in new JWTs without signing in again", async () => {
    const before = await token(jar);
    await setUserRole({ db: ctx.db.db, userId: await userId("role@example.com"), role: "instructor" });
    const me = await call("/get-session", { method: "GET", jar });
    expect((me.json?.user as { role: string } | undefined)?.role).toBe("instructor");
    const after = await token(jar);
    const keys = createLocalJWKSet((await call("/jwks", { method: "GET" })).json as never);
    const opts = { issuer: issuerFor(BASE_URL), audience: JWT_AUDIENCE, algorithms: ["RS256"] };
    expect((await jwtVerify(before, keys, opts)).payload.role).toBe("student");
    expect((await jwtVerify(after, keys, opts)).payload.role).toBe("instructor");
  });

  it("lets only admins change roles through the API, and audits the change", async () => {
    const target = await userId("role@example.com");
    const asStudent = await signUpVerified(ctx, { email: "student@example.com" });
    const denied = await call("/admin/set-role", { body: { userId: target, role: "admin" }, jar: asStudent });
    expect(denied.status).toBe(403);

    const asAdmin = await signUpVerified(ctx, { email: "admin@example.com", name: "Admin Person" });
    await setUserRole({ db: ctx.db.db, userId: await userId("admin@example.com"), role: "admin" });
    const ok = await call("/admin/set-role", { body: { userId: target, role: "student" }, jar: asAdmin });
    expect(ok.status).toBe(200);
    const bogus = await call("/admin/set-role", { body: { userId: target, role: "overlord" }, jar: asAdmin });
    expect(bogus.status).toBe(400);
    const changes = await ctx.db.db.select().from(authEvent).where(eq(authEvent.type, "role_change"));
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      userId: target,
      email: "role@example.com",
      details: { role: "student", by: await userId("admin@example.com") },
    });
  });
});

describe("JWT and JWKS", () => {
  it("signs RS256 tokens with only the allowed claims (and the session they came from), for 6 hours", async () => {
    const jwt = await token(jar);
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: "RS256", kid: expect.any(String) });
    const keys = createLocalJWKSet((await call("/jwks", { method: "GET" })).json as never);
    const { payload } = await jwtVerify(jwt, keys, { issuer: issuerFor(BASE_URL), audience: JWT_AUDIENCE });
    expect(Object.keys(payload).sort()).toEqual([
      "aud",
      "email",
      "email_verified",
      "exp",
      "iat",
      "iss",
      "name",
      "role",
      "sid",
      "sub",
    ]);
    expect(payload).toMatchObject({
      sub: await userId("role@example.com"),
      email: "role@example.com",
      email_verified: true,
      name: "Role Person",
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(6 * 60 * 60);
  });

  it("publishes public keys only, each with a unique kid", async () => {
    const set = (await call("/jwks", { method: "GET" })).json as { keys: Record<string, unknown>[] };
    const kids = set.keys.map((k) => k.kid);
    expect(new Set(kids).size).toBe(kids.length);
    for (const key of set.keys) {
      expect(key).toMatchObject({ kty: "RSA", alg: "RS256" });
      for (const secret of ["d", "p", "q", "dp", "dq", "qi"]) expect(key).not.toHaveProperty(secret);
    }
  });

  it("keeps one signing key when many first requests arrive at once (pre-created)", async () => {
    await Promise.all(Array.from({ length: 8 }, () => token(jar)));
    await ensureSigningKey(ctx.auth);
    expect(await ctx.db.db.select().from(jwks)).toHaveLength(1);
  });

  it("authenticates API callers by Bearer JWT with the role read fresh from the database", async () => {
    const jwt = await token(jar);
    const request = (t: string) => new Request(`${BASE_URL}/api/x`, { headers: { authorization: `Bearer ${t}` } });
    const before = await userFromBearer(request(jwt));
    expect(before).toMatchObject({ email: "role@example.com", emailVerified: true });
    await setUserRole({ db: ctx.db.db, userId: await userId("role@example.com"), role: "admin" });
    expect((await userFromBearer(request(jwt)))?.role).toBe("admin");
    expect(await userFromBearer(request(`${jwt.slice(0, -4)}AAAA`))).toBeNull();
    expect(await userFromBearer(request("not-a-jwt"))).toBeNull();
    // A token with another audience (an id_token, say) is not an API credential.
    const [header, body, sig] = jwt.split(".");
    const forged = JSON.parse(Buffer.from(body as string, "base64url").toString());
    forged.aud = "someone-else";
    expect(
      await userFromBearer(request(`${header}.${Buffer.from(JSON.stringify(forged)).toString("base64url")}.${sig}`)),
    ).toBeNull();
  });
});
