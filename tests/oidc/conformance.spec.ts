import { expect, test } from "@playwright/test";
import * as oidc from "openid-client";
import { atHash, authorizationRequest, authorizeInBrowser, discover, fixtures, issuer } from "./rp";

/**
 * OIDC Basic OP checks after the OpenID Foundation's plans (security-checklist.md §1.4),
 * reproduced with openid-client against the production build. Runs in order: the first
 * authorization asks for consent, later ones find it remembered.
 */
test.describe.configure({ mode: "serial" });

test("discovery: exact issuer, code + S256 only, RS256 signing, same document at the root", async ({
  request,
  baseURL,
}) => {
  const config = await discover(baseURL as string);
  const meta = config.serverMetadata();
  expect(meta.issuer).toBe(issuer(baseURL as string));
  expect(meta.response_types_supported).toEqual(["code"]);
  expect(meta.code_challenge_methods_supported).toEqual(["S256"]);
  expect(meta.id_token_signing_alg_values_supported).toContain("RS256");
  expect(meta.id_token_signing_alg_values_supported).not.toContain("none");
  expect(meta.scopes_supported).toEqual(expect.arrayContaining(["openid", "profile", "email", "offline_access"]));
  for (const key of [
    "authorization_endpoint",
    "token_endpoint",
    "userinfo_endpoint",
    "jwks_uri",
    "end_session_endpoint",
    "introspection_endpoint",
    "revocation_endpoint",
  ]) {
    expect(String(meta[key as keyof typeof meta])).toMatch(new RegExp(`^${issuer(baseURL as string)}/`));
  }
  const root = await (await request.get("/.well-known/openid-configuration")).json();
  expect(root).toEqual(await (await request.get("/api/auth/.well-known/openid-configuration")).json());
});

test("JWKS: RSA keys of 2048+ bits with unique kids and no private members", async ({ request, baseURL }) => {
  const meta = (await discover(baseURL as string)).serverMetadata();
  const { keys } = (await (await request.get(meta.jwks_uri as string)).json()) as { keys: Record<string, string>[] };
  expect(keys.length).toBeGreaterThan(0);
  expect(new Set(keys.map((k) => k.kid)).size).toBe(keys.length);
  for (const key of keys) {
    expect(key.kty).toBe("RSA");
    expect(Buffer.from(key.n as string, "base64url").length * 8).toBeGreaterThanOrEqual(2048);
    for (const secret of ["d", "p", "q", "dp", "dq", "qi"]) expect(key).not.toHaveProperty(secret);
  }
});

let first: { tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers; sub: string };

test("code flow with PKCE and nonce: login, consent, signed id_token with the requested claims", async ({
  page,
  baseURL,
}) => {
  const config = await discover(baseURL as string);
  const { url, verifier, state, nonce } = await authorizationRequest(config);
  const result = await authorizeInBrowser(page, url);
  expect(result.sawLogin).toBe(true);
  expect(result.sawConsent).toBe(true);
  expect(result.callback.searchParams.get("iss")).toBe(issuer(baseURL as string));

  const tokens = await oidc.authorizationCodeGrant(config, result.callback, {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  expect(claims).toMatchObject({
    iss: issuer(baseURL as string),
    aud: fixtures().confidential.client_id,
    nonce,
    email: fixtures().oidcUser,
    email_verified: true,
    name: "Olivia Idc",
  });
  expect(claims?.at_hash).toBe(await atHash(tokens.access_token));
  expect(tokens.refresh_token).toBeTruthy();
  expect(tokens.token_type.toLowerCase()).toBe("bearer");
  first = { tokens, sub: claims?.sub as string };
});

test("userinfo answers GET and POST with the same subject", async ({ baseURL }) => {
  const config = await discover(baseURL as string);
  const info = await oidc.fetchUserInfo(config, first.tokens.access_token, first.sub);
  expect(info).toMatchObject({ sub: first.sub, email: fixtures().oidcUser, email_verified: true, name: "Olivia Idc" });
  const meta = config.serverMetadata();
  const post = await oidc.fetchProtectedResource(
    config,
    first.tokens.access_token,
    new URL(meta.userinfo_endpoint as string),
    "POST",
  );
  expect(post.status).toBe(200);
  expect((await post.json()).sub).toBe(first.sub);
});

test("the consent decision is remembered; prompt=none with a session returns a code silently", async ({
  page,
  baseURL,
}) => {
  const config = await discover(baseURL as string);
  const again = await authorizationRequest(config);
  const result = await authorizeInBrowser(page, again.url);
  expect(result.sawConsent).toBe(false);

  const silent = await authorizationRequest(config, { prompt: "none" });
  const quiet = await authorizeInBrowser(page, silent.url, { login: false });
  expect(quiet.sawLogin).toBe(false);
  const tokens = await oidc.authorizationCodeGrant(config, quiet.callback, {
    pkceCodeVerifier: silent.verifier,
    expectedState: silent.state,
    expectedNonce: silent.nonce,
  });
  expect(tokens.claims()?.sub).toBe(result.callback ? first.sub : undefined);
});

test("prompt=none without a session answers login_required to the client", async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const config = await discover(baseURL as string);
  const { url, state } = await authorizationRequest(config, { prompt: "none" });
  const result = await authorizeInBrowser(page, url, { login: false });
  expect(result.callback.searchParams.get("error")).toBe("login_required");
  expect(result.callback.searchParams.get("state")).toBe(state);
  await context.close();
});

test("prompt=login asks for the password again even with a session", async ({ page, baseURL }) => {
  const config = await discover(baseURL as string);
  await authorizeInBrowser(page, (await authorizationRequest(config)).url);
  const forced = await authorizationRequest(config, { prompt: "login" });
  const result = await authorizeInBrowser(page, forced.url);
  expect(result.sawLogin).toBe(true);
  const tokens = await oidc.authorizationCodeGrant(config, result.callback, {
    pkceCodeVerifier: forced.verifier,
    expectedState: forced.state,
    expectedNonce: forced.nonce,
  });
  expect(tokens.claims()?.sub).toBe(first.sub);
});

test("max_age=1 on a two-second-old session asks for the password again", async ({ page, baseURL }) => {
  const config = await discover(baseURL as string);
  await authorizeInBrowser(page, (await authorizationRequest(config)).url);
  await page.waitForTimeout(2_100);
  const req = await authorizationRequest(config, { max_age: "1" });
  const result = await authorizeInBrowser(page, req.url);
  expect(result.sawLogin).toBe(true);
  const tokens = await oidc.authorizationCodeGrant(config, result.callback, {
    pkceCodeVerifier: req.verifier,
    expectedState: req.state,
    expectedNonce: req.nonce,
    maxAge: 1,
  });
  expect(tokens.claims()?.auth_time).toBeGreaterThan(Math.floor(Date.now() / 1000) - 30);
});

test("refresh rotates the refresh token, keeps the subject, and refuses the old one", async ({ baseURL }) => {
  const config = await discover(baseURL as string);
  const refreshed = await oidc.refreshTokenGrant(config, first.tokens.refresh_token as string);
  expect(refreshed.access_token).not.toBe(first.tokens.access_token);
  expect(refreshed.refresh_token).toBeTruthy();
  expect(refreshed.refresh_token).not.toBe(first.tokens.refresh_token);
  // The refreshed id_token keeps iss, sub, aud and auth_time, with a newer iat (OIDC Core 12.2).
  const before = first.tokens.claims();
  const claims = refreshed.claims();
  expect(claims).toMatchObject({
    sub: first.sub,
    iss: issuer(baseURL as string),
    aud: fixtures().confidential.client_id,
  });
  expect(claims?.auth_time).toBe(before?.auth_time);
  expect(claims?.iat).toBeGreaterThanOrEqual(before?.iat as number);
  await expect(oidc.refreshTokenGrant(config, first.tokens.refresh_token as string)).rejects.toMatchObject({
    error: "invalid_grant",
  });
});
