import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { user } from "@/db/schema";
import { issuerFor, JWT_AUDIENCE } from "@/lib/auth/auth";
import { BASE_URL, CookieJar, call, linkIn, STRONG_PASSWORD, signUpVerified, waitFor } from "../support/auth";
import { type ChatkitTest, post, setupChatkit } from "../support/chatkit";

/**
 * Issue 14, item 3: an API token (the JWT from /api/auth/token) used to keep working on
 * /api/chatkit for its whole 6 hours after the session it came from was ended. It now carries
 * the session id and is accepted only while that session exists: every way a session ends
 * ends the token on the next request (there is no cache, so no delay).
 */
let t: ChatkitTest;
let admin: CookieJar;
beforeAll(async () => {
  t = await setupChatkit();
  admin = await signUpVerified(t, { email: "token-admin@example.com" });
  await t.db.db.update(user).set({ role: "admin" }).where(eq(user.email, "token-admin@example.com"));
});
afterAll(() => t.close());

const tokenOf = async (jar: CookieJar) => {
  const res = await call("/token", { method: "GET", jar });
  expect(res.status).toBe(200);
  return String(res.json?.token);
};
const listWith = (token: string) =>
  post(t, { type: "threads.list", params: {} }, { headers: { authorization: `Bearer ${token}` } });
const signIn = async (email: string, password = STRONG_PASSWORD) => {
  const jar = new CookieJar();
  const res = await call("/sign-in/email", { body: { email, password }, jar });
  expect(res.status).toBe(200);
  return jar;
};

describe("an API token lives only as long as its session", () => {
  it("sign-out ends it, and only the token of the session that signed out", async () => {
    const phone = await signUpVerified(t, { email: "two-devices@example.com" });
    const laptop = await signIn("two-devices@example.com");
    const phoneToken = await tokenOf(phone);
    const laptopToken = await tokenOf(laptop);
    expect((await listWith(phoneToken)).status).toBe(200);
    expect((await call("/sign-out", { body: {}, jar: phone })).status).toBe(200);
    const refused = await listWith(phoneToken);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe("auth:unauthenticated");
    expect((await listWith(laptopToken)).status).toBe(200);
  });

  it("a password reset ends every token of the account", async () => {
    const jar = await signUpVerified(t, { email: "reset-token@example.com" });
    const token = await tokenOf(jar);
    expect((await listWith(token)).status).toBe(200);
    const before = t.outbox.length;
    await call("/request-password-reset", {
      body: { email: "reset-token@example.com", redirectTo: "/reset-password" },
    });
    const mail = await waitFor(() => t.outbox.slice(before).find((m) => m.to === "reset-token@example.com"));
    const resetToken = new URL(linkIn(mail)).pathname.split("/").pop() as string;
    const reset = await call("/reset-password", {
      body: { token: resetToken, newPassword: "Brand-New-Passphrase-42" },
    });
    expect(reset.status).toBe(200);
    expect((await listWith(token)).status).toBe(401);
  });

  it("'sign out everywhere' ends them, whether the learner or an admin does it", async () => {
    const jar = await signUpVerified(t, { email: "everywhere@example.com" });
    const own = await tokenOf(jar);
    expect((await call("/revoke-sessions", { body: {}, jar })).status).toBe(200);
    expect((await listWith(own)).status).toBe(401);

    const again = await signIn("everywhere@example.com");
    const token = await tokenOf(again);
    expect((await listWith(token)).status).toBe(200);
    const id = await t.userId("everywhere@example.com");
    expect((await call("/admin/revoke-user-sessions", { body: { userId: id }, jar: admin })).status).toBe(200);
    expect((await listWith(token)).status).toBe(401);
  });

  it("a ban ends them", async () => {
    const jar = await signUpVerified(t, { email: "banned-token@example.com" });
    const token = await tokenOf(jar);
    expect((await listWith(token)).status).toBe(200);
    const id = await t.userId("banned-token@example.com");
    expect((await call("/admin/ban-user", { body: { userId: id }, jar: admin })).status).toBe(200);
    expect((await listWith(token)).status).toBe(401);
  });

  it("deleting the account ends them", async () => {
    const jar = await signUpVerified(t, { email: "deleted-token@example.com" });
    const token = await tokenOf(jar);
    expect((await listWith(token)).status).toBe(200);
    const id = await t.userId("deleted-token@example.com");
    expect((await call("/admin/remove-user", { body: { userId: id }, jar: admin })).status).toBe(200);
    expect((await listWith(token)).status).toBe(401);
  });

  it("a correctly signed token that names no session (or a made-up one) is refused", async () => {
    await signUpVerified(t, { email: "no-sid@example.com" });
    const sub = await t.userId("no-sid@example.com");
    const sign = (extra: Record<string, unknown>) =>
      t.auth.api.signJWT({
        body: {
          payload: {
            sub,
            iss: issuerFor(BASE_URL),
            aud: JWT_AUDIENCE,
            role: "student",
            email_verified: true,
            ...extra,
          },
        },
      });
    expect((await listWith((await sign({})).token)).status).toBe(401);
    expect((await listWith((await sign({ sid: "not-a-session" })).token)).status).toBe(401);
  });
});
