import { genericOAuth } from "better-auth/plugins";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { account, authEvent, user } from "@/db/schema";
import { withUserSession } from "@/lib/auth/admin-session";
import { STRONG_PASSWORD } from "../support/auth";
import { type AuthServer, Browser, createUserWithPassword, freePort, startAuthServer } from "../support/auth-server";
import { expectLogged } from "../support/console";

/**
 * Social login end to end, offline: server A is our own auth configuration acting as the
 * identity provider (the OIDC provider plugin); server B is the app, configured with a generic
 * OIDC client pointing at A. Both speak real HTTP on loopback ports; the browser is fetch with
 * a cookie jar per origin. The same linking rules govern Google and GitHub (account linking is
 * provider-independent and no provider is trusted without its email_verified claim).
 */
let idp: AuthServer;
let app: AuthServer;

beforeAll(async () => {
  idp = await startAuthServer();
  const admin = await createUserWithPassword(idp, {
    email: "root@idp.test",
    name: "Root",
    password: STRONG_PASSWORD,
    role: "admin",
  });
  const appPort = await freePort();
  const client = await withUserSession(idp.auth, admin.id, (headers) =>
    idp.auth.api.adminCreateOAuthClient({
      headers,
      body: {
        client_name: "Tutor app",
        redirect_uris: [`http://127.0.0.1:${appPort}/api/auth/callback/idp`],
        application_type: "native",
        token_endpoint_auth_method: "client_secret_basic",
        grant_types: ["authorization_code", "refresh_token"],
        skip_consent: true,
      },
    }),
  );
  app = await startAuthServer(
    () => ({
      extraPlugins: [
        genericOAuth({
          config: [
            {
              providerId: "idp",
              discoveryUrl: `${idp.url}/api/auth/.well-known/openid-configuration`,
              clientId: client.client_id,
              clientSecret: client.client_secret as string,
              scopes: ["openid", "email", "profile"],
              pkce: true,
              tokenEndpointAuth: { method: "client_secret_basic" },
            },
          ],
        }),
      ],
    }),
    appPort,
  );
});
afterAll(async () => {
  await app?.close();
  await idp?.close();
});

/** Signs in at the provider, then runs the app's social sign-in through to its callback. */
async function socialLogin(email: string, { verifiedAtProvider = true } = {}) {
  const browser = new Browser();
  const idpUser = await createUserWithPassword(idp, { email, name: "Social Person", password: STRONG_PASSWORD }).catch(
    async () => {
      const ctx = await idp.auth.$context;
      return (await ctx.internalAdapter.findUserByEmail(email))?.user;
    },
  );
  const signedIn = await browser.fetch(`${idp.url}/api/auth/sign-in/email`, {
    method: "POST",
    body: { email, password: STRONG_PASSWORD },
  });
  expect(signedIn.status).toBe(200);
  if (!verifiedAtProvider && idpUser) {
    await idp.db.db.update(user).set({ emailVerified: false }).where(eq(user.id, idpUser.id));
  }

  const start = await browser.fetch(`${app.url}/api/auth/sign-in/social`, {
    method: "POST",
    body: { provider: "idp", callbackURL: "/learn", errorCallbackURL: "/sign-in" },
  });
  const { url: authorizeUrl } = (await start.json()) as { url: string };
  const authorize = await browser.fetch(authorizeUrl, { navigate: true });
  expect(authorize.status).toBe(302);
  const callback = authorize.headers.get("location") as string;
  expect(callback.startsWith(`${app.url}/api/auth/callback/idp?`)).toBe(true);
  const done = await browser.fetch(callback, { navigate: true });
  const session = await (await browser.fetch(`${app.url}/api/auth/get-session`)).json();
  return {
    authorizeUrl,
    done,
    session: session as { user: { id: string; email: string; emailVerified: boolean; role: string } } | null,
  };
}

describe("social login through a real OIDC provider", () => {
  it("creates a student account from a verified provider email, with PKCE", async () => {
    const { authorizeUrl, done, session } = await socialLogin("newcomer@example.com");
    const params = new URL(authorizeUrl).searchParams;
    expect(params.get("code_challenge_method")).toBe("S256");
    expect(params.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/learn");
    expect(session?.user).toMatchObject({ email: "newcomer@example.com", emailVerified: true, role: "student" });
    const events = await app.db.db.select().from(authEvent).where(eq(authEvent.email, "newcomer@example.com"));
    expect(events.map((e) => e.type).sort()).toEqual(["login_success", "oauth_link", "register"]);
  });

  it("links to an existing verified account when the provider verified the same email", async () => {
    const local = await createUserWithPassword(app, {
      email: "linked@example.com",
      name: "Local",
      password: STRONG_PASSWORD,
    });
    const { session } = await socialLogin("linked@example.com");
    expect(session?.user.id).toBe(local.id);
    const linked = await app.db.db
      .select()
      .from(account)
      .where(and(eq(account.userId, local.id), eq(account.providerId, "idp")));
    expect(linked).toHaveLength(1);
    const [link] = await app.db.db
      .select()
      .from(authEvent)
      .where(and(eq(authEvent.type, "oauth_link"), eq(authEvent.userId, local.id)));
    expect(link?.details).toMatchObject({ provider: "idp", newUser: false });
  });

  it("never links when the provider does not vouch for the email", async () => {
    expectLogged(/account_not_linked/);
    const local = await createUserWithPassword(app, {
      email: "careful@example.com",
      name: "Careful",
      password: STRONG_PASSWORD,
    });
    const { done, session } = await socialLogin("careful@example.com", { verifiedAtProvider: false });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toMatch(/^\/sign-in\?error=/);
    expect(session).toBeNull();
    const links = await app.db.db
      .select()
      .from(account)
      .where(and(eq(account.userId, local.id), eq(account.providerId, "idp")));
    expect(links).toHaveLength(0);
  });
});
