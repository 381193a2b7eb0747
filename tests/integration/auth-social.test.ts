import { genericOAuth } from "better-auth/plugins";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { account, authEvent, user } from "@/db/schema";
import { deleteOwnAccount } from "@/lib/account/delete";
import { removeSignInMethod, signInMethods } from "@/lib/account/sign-in-methods";
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

/** Starts linking the provider to the app session in `browser`, and follows it through the provider. */
async function linkProvider(browser: Browser, email: string) {
  await createUserWithPassword(idp, { email, name: "Linker", password: STRONG_PASSWORD }).catch(() => null);
  const atIdp = await browser.fetch(`${idp.url}/api/auth/sign-in/email`, {
    method: "POST",
    body: { email, password: STRONG_PASSWORD },
  });
  expect(atIdp.status).toBe(200);
  const start = await browser.fetch(`${app.url}/api/auth/link-social`, {
    method: "POST",
    body: { provider: "idp", callbackURL: "/account?linked=1", errorCallbackURL: "/account" },
  });
  expect(start.status).toBe(200);
  const { url } = (await start.json()) as { url: string };
  const authorize = await browser.fetch(url, { navigate: true });
  return browser.fetch(authorize.headers.get("location") as string, { navigate: true });
}

const appHeaders = (browser: Browser) => new Headers({ cookie: browser.jar(app.url).header(), origin: app.url });

describe("linking and unlinking from the account page", () => {
  it("links the provider to a signed-in account, unlinks it, and refuses to remove the last method", async () => {
    const local = await createUserWithPassword(app, {
      email: "linker@example.com",
      name: "Linker",
      password: STRONG_PASSWORD,
    });
    const browser = new Browser();
    const signedIn = await browser.fetch(`${app.url}/api/auth/sign-in/email`, {
      method: "POST",
      body: { email: "linker@example.com", password: STRONG_PASSWORD },
    });
    expect(signedIn.status).toBe(200);
    const done = await linkProvider(browser, "linker@example.com");
    expect(done.headers.get("location")).toBe("/account?linked=1");

    const methods = await signInMethods({ db: app.db.db, userId: local.id });
    expect(methods.map((m) => [m.providerId, m.removable])).toEqual([
      ["credential", true],
      ["idp", true],
    ]);
    const user = {
      id: local.id,
      email: local.email,
      name: local.name,
      role: "student" as const,
      emailVerified: true,
      twoFactorEnabled: false,
    };
    const idpMethod = methods.find((m) => m.providerId === "idp");
    await removeSignInMethod({
      db: app.db.db,
      auth: app.auth,
      headers: appHeaders(browser),
      user,
      accountId: idpMethod?.accountId as string,
    });
    const left = await signInMethods({ db: app.db.db, userId: local.id });
    expect(left.map((m) => [m.providerId, m.removable])).toEqual([["credential", false]]);
    await expect(
      removeSignInMethod({
        db: app.db.db,
        auth: app.auth,
        headers: appHeaders(browser),
        user,
        accountId: left[0]?.accountId as string,
      }),
    ).rejects.toMatchObject({ code: "account:last_method" });
    const unlinked = await app.db.db
      .select()
      .from(authEvent)
      .where(and(eq(authEvent.type, "oauth_unlink"), eq(authEvent.userId, local.id)));
    expect(unlinked[0]?.details).toEqual({ provider: "idp" });
  });

  it("lets a provider-only account delete itself after a fresh sign-in with the provider", async () => {
    const { session } = await socialLogin("provider-only@example.com");
    const userId = session?.user.id as string;
    const [only] = await signInMethods({ db: app.db.db, userId });
    expect(only).toMatchObject({ providerId: "idp", removable: false });
    const user = {
      id: userId,
      email: "provider-only@example.com",
      name: "Social Person",
      role: "student" as const,
      emailVerified: true,
      twoFactorEnabled: false,
    };
    await expect(
      deleteOwnAccount({ db: app.db.db, user, session: { createdAt: new Date(Date.now() - 15 * 60_000) } }),
    ).rejects.toMatchObject({ code: "account:not_fresh" });
    const counts = await deleteOwnAccount({ db: app.db.db, user, session: { createdAt: new Date() } });
    expect(counts).toMatchObject({ signInMethods: 1, sessions: 1 });
    expect(await app.db.db.select().from(account).where(eq(account.userId, userId))).toEqual([]);
  });
});
