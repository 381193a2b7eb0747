import { eq } from "drizzle-orm";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUserRole } from "@/db/queries/users";
import { jwks, user } from "@/db/schema";
import { issuerFor, JWT_AUDIENCE } from "@/lib/auth/auth";
import { type AuthTestContext, BASE_URL, call, createTestAuth, STRONG_PASSWORD, signUpVerified } from "../support/auth";

let ctx: AuthTestContext;
beforeAll(async () => {
  ctx = await createTestAuth();
});
afterAll(() => ctx.close());

describe("signing key rotation", () => {
  it("mints a new key when the current one expires and keeps publishing the old one for the grace period", async () => {
    const jar = await signUpVerified(ctx, { email: "rotate@example.com" });
    const before = String((await call("/token", { method: "GET", jar })).json?.token);
    const oldKid = decodeProtectedHeader(before).kid;
    // Age the current key past its rotation interval, as time would.
    await ctx.db.db.update(jwks).set({ expiresAt: new Date(Date.now() - 1000) });
    const after = String((await call("/token", { method: "GET", jar })).json?.token);
    const newKid = decodeProtectedHeader(after).kid;
    expect(newKid).not.toBe(oldKid);

    const published = (await call("/jwks", { method: "GET" })).json as { keys: { kid: string }[] };
    expect(published.keys.map((k) => k.kid).sort()).toEqual([oldKid, newKid].sort());
    // A token signed before the rotation still verifies during the grace period.
    const keys = createLocalJWKSet(published as never);
    const opts = { issuer: issuerFor(BASE_URL), audience: JWT_AUDIENCE };
    await expect(jwtVerify(before, keys, opts)).resolves.toBeTruthy();
    await expect(jwtVerify(after, keys, opts)).resolves.toBeTruthy();
  });
});

describe("password policy on every path that sets a password", () => {
  it("applies to change-password", async () => {
    const jar = await signUpVerified(ctx, { email: "changer@example.com", name: "Chan Ger" });
    const weak = await call("/change-password", {
      body: { currentPassword: STRONG_PASSWORD, newPassword: "password" },
      jar,
    });
    expect(weak.status).toBe(400);
    expect(weak.json?.code).toBe("PASSWORD_POLICY");
    const personal = await call("/change-password", {
      body: { currentPassword: STRONG_PASSWORD, newPassword: "Changer-Example-2024!" },
      jar,
    });
    expect(personal.json?.code).toBe("PASSWORD_POLICY");
    const ok = await call("/change-password", {
      body: { currentPassword: STRONG_PASSWORD, newPassword: "Another-Sturdy-Phrase-88" },
      jar,
    });
    expect(ok.status).toBe(200);
  });

  it("applies to an admin setting someone's password", async () => {
    const adminJar = await signUpVerified(ctx, { email: "boss@example.com", name: "The Boss" });
    const [admin] = await ctx.db.db.select().from(user).where(eq(user.email, "boss@example.com"));
    await setUserRole({ db: ctx.db.db, userId: admin?.id as string, role: "admin" });
    await signUpVerified(ctx, { email: "target@example.com" });
    const [target] = await ctx.db.db.select().from(user).where(eq(user.email, "target@example.com"));
    const weak = await call("/admin/set-user-password", {
      body: { userId: target?.id, newPassword: "12345678" },
      jar: adminJar,
    });
    expect(weak.status).toBe(400);
    expect(weak.json?.code).toBe("PASSWORD_POLICY");
    const ok = await call("/admin/set-user-password", {
      body: { userId: target?.id, newPassword: "Sturdy-Admin-Chosen-91" },
      jar: adminJar,
    });
    expect(ok.status).toBe(200);
  });
});
