import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { type AuthTestContext, call, createTestAuth } from "../support/auth";
import { expectLogged } from "../support/console";

let ctx: AuthTestContext;
beforeAll(async () => {
  ctx = await createTestAuth({
    social: {
      google: { clientId: "google-client", clientSecret: "google-secret" },
      github: { clientId: "github-client", clientSecret: "github-secret" },
    },
  });
});
afterAll(() => ctx.close());

describe("Google and GitHub", () => {
  it("are configured only with both an id and a secret", () => {
    expect(parseEnv({ GOOGLE_CLIENT_ID: "x" }).social.google).toBeUndefined();
    expect(parseEnv({ GOOGLE_CLIENT_ID: "x", GOOGLE_CLIENT_SECRET: "y" }).social.google).toEqual({
      clientId: "x",
      clientSecret: "y",
    });
    expect(parseEnv({ GITHUB_CLIENT_SECRET: "y" }).social.github).toBeUndefined();
  });

  it("send the browser to Google with PKCE (S256) and a state", async () => {
    const res = await call("/sign-in/social", { body: { provider: "google", callbackURL: "/learn" } });
    expect(res.status).toBe(200);
    const url = new URL(String(res.json?.url));
    expect(url.origin).toBe("https://accounts.google.com");
    expect(url.searchParams.get("client_id")).toBe("google-client");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get("state")).toBeTruthy();
    expect(url.searchParams.get("redirect_uri")).toBe("http://localhost:3000/api/auth/callback/google");
  });

  it("send the browser to GitHub with PKCE (S256) and a state", async () => {
    const res = await call("/sign-in/social", { body: { provider: "github", callbackURL: "/learn" } });
    const url = new URL(String(res.json?.url));
    expect(url.origin).toBe("https://github.com");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("state")).toBeTruthy();
    expect(url.searchParams.get("redirect_uri")).toBe("http://localhost:3000/api/auth/callback/github");
  });

  it("refuse a provider that is not configured", async () => {
    expectLogged(/Provider not found/);
    const res = await call("/sign-in/social", { body: { provider: "discord", callbackURL: "/learn" } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
