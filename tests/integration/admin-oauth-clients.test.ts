import { APIError } from "better-auth/api";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createClient, deleteClient } from "@/app/(admin)/admin/oauth/actions";
import { deleteUserEverywhere } from "@/db/queries/account";
import { authEvent, oauthAccessToken, oauthClient, oauthConsent, oauthRefreshToken, user } from "@/db/schema";
import { withUserSession } from "@/lib/auth/admin-session";
import { lockoutKey } from "@/lib/auth/lockout";
import { oauthClientBody } from "@/lib/auth/oauth-clients";
import { type AuthTestContext, type CookieJar, createTestAuth, signUpVerified } from "../support/auth";
import { expectLogged } from "../support/console";
import { asRequest, form } from "../support/next-request";

/**
 * /admin/oauth: a redirect URI better-auth refuses is a readable form error (not a logged 500),
 * and admins are peers: any admin deletes any client, whoever registered it.
 */
let ctx: AuthTestContext;
let adminA: CookieJar;
let adminB: CookieJar;
beforeAll(async () => {
  ctx = await createTestAuth();
  adminA = await signUpVerified(ctx, { email: "admin-a@example.com" });
  adminB = await signUpVerified(ctx, { email: "admin-b@example.com" });
  await ctx.db.db.update(user).set({ role: "admin" });
});
afterAll(() => ctx.close());

const idOf = async (email: string) =>
  (await ctx.db.db.select({ id: user.id }).from(user).where(eq(user.email, email)))[0]?.id as string;

async function register(jar: CookieJar, fields: Record<string, string>) {
  asRequest(jar);
  return createClient(null, form({ name: "Reporting", type: "web", ...fields }));
}

describe("registering a client", () => {
  it.each([
    ["web", "http://localhost:4000/callback", /Native/],
    ["web", "http://rp.example.com/cb", /https:\/\//],
    ["web", "https://127.0.0.1/cb", /Native/],
    ["native", "http://rp.example.com/cb", /localhost, 127\.0\.0\.1 or \[::1\]/],
    ["native", "https://localhost/cb", /http:\/\/localhost/],
    ["native", "myapp://cb", /com\.example\.app:\/callback/],
    ["web", "https://rp.example.com/cb#done", /#fragment/],
  ])("refuses a %s client redirecting to %s with a sentence saying what to fix", async (type, uri, hint) => {
    const before = await ctx.db.db.select().from(oauthClient);
    const result = await register(adminA, { type, redirectUri: uri });
    expect(result).toMatchObject({ ok: false, code: "admin:oauth_client_invalid" });
    expect(result?.ok === false && result.message).toMatch(hint);
    expect(await ctx.db.db.select().from(oauthClient)).toHaveLength(before.length);
    // Refused up front only where better-auth itself refuses it.
    const direct = withUserSession(ctx.auth, await idOf("admin-a@example.com"), (headers) =>
      ctx.auth.api.adminCreateOAuthClient({
        headers,
        body: oauthClientBody({ name: "Direct", redirectUris: [uri], type: type as "web" | "native", public: false }),
      }),
    );
    await expect(direct).rejects.toMatchObject({ statusCode: 400 });
  });

  it("shows any other refusal of better-auth in its own words, as a 400", async () => {
    const refuse = vi.spyOn(ctx.auth.api, "adminCreateOAuthClient").mockRejectedValueOnce(
      new APIError("BAD_REQUEST", {
        error: "invalid_client_metadata",
        error_description: "unsupported token_endpoint_auth_method none",
      }),
    );
    try {
      const result = await register(adminA, { redirectUri: "https://rp.example.com/cb" });
      expect(result).toEqual({
        ok: false,
        code: "admin:oauth_client_invalid",
        message: "The client was not registered: unsupported token_endpoint_auth_method none.",
      });
    } finally {
      refuse.mockRestore();
    }
  });

  it("still reports a failure inside better-auth as a logged 500", async () => {
    expectLogged(/APIError/);
    const fail = vi
      .spyOn(ctx.auth.api, "adminCreateOAuthClient")
      .mockRejectedValueOnce(new APIError("INTERNAL_SERVER_ERROR", { error_description: "unable to create client" }));
    try {
      expect(await register(adminA, { redirectUri: "https://rp.example.com/cb" })).toMatchObject({
        ok: false,
        code: "server:internal",
      });
    } finally {
      fail.mockRestore();
    }
  });

  it("accepts what better-auth accepts: https for web, loopback http or a reverse-domain scheme for native", async () => {
    for (const [type, uri] of [
      ["web", "https://rp.example.com/cb"],
      ["native", "http://127.0.0.1:4000/callback"],
      ["native", "http://[::1]/cb"],
      ["native", "com.example.app:/callback"],
    ] as const) {
      expect(await register(adminA, { type, redirectUri: uri }), `${type} ${uri}`).toMatchObject({ ok: true });
    }
  });
});

describe("deleting a client", () => {
  it("lets admin B delete a client admin A registered, with its tokens and consents, and audits B", async () => {
    const created = await register(adminA, { redirectUri: "https://shared.example.com/cb" });
    if (!created?.ok) throw new Error(`registering failed: ${created?.message}`);
    const { clientId } = created.data;
    const [row] = await ctx.db.db.select().from(oauthClient).where(eq(oauthClient.clientId, clientId));
    expect(row?.userId).toBe(await idOf("admin-a@example.com"));

    const learner = await signUpVerified(ctx, { email: "learner@example.com" });
    expect(learner.size).toBeGreaterThan(0);
    const userId = await idOf("learner@example.com");
    const now = new Date();
    const later = new Date(now.getTime() + 3_600_000);
    await ctx.db.db.insert(oauthRefreshToken).values({
      id: "rt_1",
      token: "hashed-refresh",
      clientId,
      userId,
      scopes: ["openid", "offline_access"],
      expiresAt: later,
      createdAt: now,
    });
    await ctx.db.db.insert(oauthAccessToken).values({
      id: "at_1",
      token: "hashed-access",
      clientId,
      userId,
      refreshId: "rt_1",
      scopes: ["openid"],
      expiresAt: later,
      createdAt: now,
    });
    await ctx.db.db
      .insert(oauthConsent)
      .values({ id: "co_1", clientId, userId, scopes: ["openid"], createdAt: now, updatedAt: now });

    asRequest(adminB);
    expect(await deleteClient(null, form({ clientId }))).toMatchObject({ ok: true, message: "Client deleted." });

    expect(await ctx.db.db.select().from(oauthClient).where(eq(oauthClient.clientId, clientId))).toEqual([]);
    expect(await ctx.db.db.select().from(oauthAccessToken).where(eq(oauthAccessToken.clientId, clientId))).toEqual([]);
    expect(await ctx.db.db.select().from(oauthRefreshToken).where(eq(oauthRefreshToken.clientId, clientId))).toEqual(
      [],
    );
    expect(await ctx.db.db.select().from(oauthConsent).where(eq(oauthConsent.clientId, clientId))).toEqual([]);
    const audits = await ctx.db.db
      .select()
      .from(authEvent)
      .where(and(eq(authEvent.type, "admin_action"), eq(authEvent.email, "admin-b@example.com")));
    expect(audits.find((e) => e.details.action === "oauth_client_delete")?.details).toMatchObject({ clientId });
  });

  it("keeps a client working when the admin who registered it is removed; the learners' grants still go with them", async () => {
    const leaving = await signUpVerified(ctx, { email: "admin-leaving@example.com" });
    const leavingId = await idOf("admin-leaving@example.com");
    await ctx.db.db.update(user).set({ role: "admin" }).where(eq(user.id, leavingId));
    const created = await register(leaving, { redirectUri: "https://kept.example.com/cb" });
    if (!created?.ok) throw new Error(`registering failed: ${created?.message}`);
    const { clientId } = created.data;
    const learnerId =
      (await signUpVerified(ctx, { email: "granting@example.com" })) && (await idOf("granting@example.com"));
    const now = new Date();
    await ctx.db.db
      .insert(oauthConsent)
      .values({ id: "co_kept", clientId, userId: learnerId, scopes: ["openid"], createdAt: now, updatedAt: now });

    // The admin's account is removed (demoted, then deleted like any account).
    await deleteUserEverywhere({
      db: ctx.db.db,
      userId: leavingId,
      email: "admin-leaving@example.com",
      lockoutKey: lockoutKey("admin-leaving@example.com"),
      details: {},
    });
    const [kept] = await ctx.db.db.select().from(oauthClient).where(eq(oauthClient.clientId, clientId));
    expect(kept).toMatchObject({ clientId, userId: null });
    expect(await ctx.db.db.select().from(oauthConsent).where(eq(oauthConsent.clientId, clientId))).toHaveLength(1);

    // A learner's own removal still takes their grants with them.
    await deleteUserEverywhere({
      db: ctx.db.db,
      userId: learnerId,
      email: "granting@example.com",
      lockoutKey: lockoutKey("granting@example.com"),
      details: {},
    });
    expect(await ctx.db.db.select().from(oauthConsent).where(eq(oauthConsent.clientId, clientId))).toEqual([]);
  });

  it("answers an unknown client with a 404 state and audits nothing", async () => {
    asRequest(adminB);
    expect(await deleteClient(null, form({ clientId: "no-such-client" }))).toMatchObject({
      ok: false,
      code: "admin:not_found",
    });
    const audits = await ctx.db.db.select().from(authEvent).where(eq(authEvent.type, "admin_action"));
    expect(audits.filter((e) => e.details.clientId === "no-such-client")).toEqual([]);
  });
});
