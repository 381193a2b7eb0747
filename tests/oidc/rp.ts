import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import * as oidc from "openid-client";

/**
 * A relying party built on openid-client v6 (certified for the Basic RP profile), used to drive
 * our OpenID Provider over real HTTP. Login and consent are done by Chromium on our pages.
 */
export interface Fixtures {
  password: string;
  redirectUri: string;
  oidcUser: string;
  admin: string;
  confidential: { client_id: string; client_secret: string };
  publicClient: { client_id: string };
}

export const fixtures = (): Fixtures =>
  JSON.parse(fs.readFileSync(path.join(process.env.E2E_DATA_DIR as string, "e2e-fixtures.json"), "utf8"));

export const issuer = (baseURL: string) => `${baseURL}/api/auth`;

export async function discover(baseURL: string, kind: "confidential" | "public" = "confidential") {
  const f = fixtures();
  const execute = [oidc.allowInsecureRequests, oidc.enableNonRepudiationChecks];
  if (kind === "public") {
    return oidc.discovery(
      new URL(issuer(baseURL)),
      f.publicClient.client_id,
      { id_token_signed_response_alg: "RS256" },
      oidc.None(),
      { execute },
    );
  }
  return oidc.discovery(
    new URL(issuer(baseURL)),
    f.confidential.client_id,
    { id_token_signed_response_alg: "RS256" },
    oidc.ClientSecretBasic(f.confidential.client_secret),
    { execute },
  );
}

/** Waits until the page has left `pathname` or the callback was captured (a fulfilled route). */
async function leave(page: Page, pathname: string, done: () => boolean) {
  await expect.poll(() => done() || new URL(page.url()).pathname !== pathname, { timeout: 15_000 }).toBe(true);
}

/**
 * The client's redirect_uri, served for real on loopback (a server-side 302 to it is a real
 * request the browser makes; Playwright routes cannot intercept the target of a redirect).
 */
let received: URL[] = [];
let callbackServer: Promise<void> | undefined;
export function startCallbackServer(): Promise<void> {
  callbackServer ??= new Promise<void>((resolve, reject) => {
    const target = new URL(fixtures().redirectUri);
    const server = http.createServer((req, res) => {
      received.push(new URL(req.url ?? "/", target.origin));
      res.writeHead(200, { "content-type": "text/plain" }).end("callback received");
    });
    server.on("error", reject);
    server.listen(Number(target.port), target.hostname, () => {
      server.unref();
      resolve();
    });
  });
  return callbackServer;
}

/** Callback requests received since the last call. */
export function takeCallbacks(): URL[] {
  const out = received;
  received = [];
  return out;
}

export interface AuthorizeResult {
  callback: URL;
  sawLogin: boolean;
  sawConsent: boolean;
}

/**
 * Opens an authorization URL in the page and plays the user: signs in if asked, allows on the
 * consent page if shown, and returns the redirect to the (intercepted) client callback.
 */
export async function authorizeInBrowser(
  page: Page,
  url: URL,
  { login = true, consent = "allow" as "allow" | "deny", user = fixtures().oidcUser } = {},
): Promise<AuthorizeResult> {
  const f = fixtures();
  await startCallbackServer();
  takeCallbacks();
  let callback: URL | undefined;
  const check = () => {
    callback ??= takeCallbacks().find((u) => u.pathname === new URL(f.redirectUri).pathname);
    return !!callback;
  };
  let sawLogin = false;
  let sawConsent = false;
  await page.goto(url.toString());
  const where = () => new URL(page.url()).pathname;
  for (let step = 0; step < 4; step++) {
    // Redirects may still be in flight: wait until the page settles somewhere we understand.
    await expect.poll(() => check() || ["/sign-in", "/consent"].includes(where()), { timeout: 15_000 }).toBe(true);
    if (check()) break;
    if (where() === "/sign-in") {
      if (!login) break;
      sawLogin = true;
      await page.getByLabel("Email").fill(user);
      await page.getByLabel("Password").fill(f.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await leave(page, "/sign-in", check);
    } else {
      sawConsent = true;
      await expect(page.getByTestId("consent-scopes")).toBeVisible();
      await expect(page.getByTestId("consent-client")).not.toHaveText("");
      await page.getByRole("button", { name: consent === "allow" ? "Allow" : "Deny" }).click();
      await leave(page, "/consent", check);
    }
  }
  check();
  // The callback server answers before the browser finishes navigating there; let it land so
  // the next navigation is not interrupted and no stale callback arrives later.
  if (callback)
    await page.waitForURL((u) => u.href.startsWith(f.redirectUri), { timeout: 10_000 }).catch(() => undefined);
  if (!callback) throw new Error(`no redirect to the client; the browser is at ${page.url()}`);
  return { callback, sawLogin, sawConsent };
}

/** A fresh authorization request with PKCE (S256), state and nonce. */
export async function authorizationRequest(config: oidc.Configuration, params: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: fixtures().redirectUri,
    scope: "openid profile email offline_access",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...params,
  });
  return { url, verifier, state, nonce };
}

/** base64url of the left half of SHA-256(access_token): the id_token's at_hash. */
export async function atHash(accessToken: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(accessToken)));
  return Buffer.from(digest.slice(0, 16)).toString("base64url");
}
