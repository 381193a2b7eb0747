import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authEvent, user } from "@/db/schema";
import {
  type AuthTestContext,
  CookieJar,
  call,
  createTestAuth,
  STRONG_PASSWORD,
  signUpVerified,
} from "../support/auth";
import { secretFromUri, totp, wrongCode } from "../support/totp";

/**
 * The second factor: TOTP (codes computed here from the otpauth:// URI, as an authenticator
 * app would) with one-time backup codes, in better-auth's twoFactor plugin, with wrong codes
 * counting toward the same lockout as wrong passwords. Admins may be required to have it
 * before the admin endpoints answer them. (The browser flow is tests/security/two-factor.spec.ts.)
 */
let ctx: AuthTestContext;
beforeAll(async () => {
  ctx = await createTestAuth({ adminRequireTwoFactor: true });
});
afterAll(() => ctx.close());

async function enable(jar: CookieJar) {
  const res = await call("/two-factor/enable", { body: { password: STRONG_PASSWORD }, jar });
  expect(res.status, res.text).toBe(200);
  const { totpURI, backupCodes } = res.json as { totpURI: string; backupCodes: string[] };
  expect(totpURI).toMatch(/^otpauth:\/\/totp\/IntelliStack%20Tutor:/);
  const key = secretFromUri(totpURI);
  const verified = await call("/two-factor/verify-totp", { body: { code: totp(key) }, jar });
  expect(verified.status, verified.text).toBe(200);
  return { key, backupCodes };
}

/** Password first; resolves to the jar holding the pending second step. */
async function passwordStep(email: string) {
  const jar = new CookieJar();
  const res = await call("/sign-in/email", { body: { email, password: STRONG_PASSWORD }, jar });
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ twoFactorRedirect: true });
  expect((await call("/get-session", { method: "GET", jar })).json).toBeNull();
  return jar;
}

const events = async (email: string, type: "login_success" | "login_failed" | "lockout" | "two_factor") =>
  ctx.db.db
    .select()
    .from(authEvent)
    .where(and(eq(authEvent.type, type), eq(authEvent.email, email)));

describe("two-step verification", () => {
  it("turns on only once a code from the app is accepted, and then every sign-in asks for one", async () => {
    const email = "totp@example.com";
    const jar = await signUpVerified(ctx, { email });
    const started = await call("/two-factor/enable", { body: { password: STRONG_PASSWORD }, jar });
    expect(started.status).toBe(200);
    const [pending] = await ctx.db.db.select().from(user).where(eq(user.email, email));
    expect(pending?.twoFactorEnabled).toBe(false);
    const key = secretFromUri(String(started.json?.totpURI));
    expect((await call("/two-factor/verify-totp", { body: { code: wrongCode(key) }, jar })).status).toBe(401);
    expect((await call("/two-factor/verify-totp", { body: { code: totp(key) }, jar })).status).toBe(200);
    const [on] = await ctx.db.db.select().from(user).where(eq(user.email, email));
    expect(on?.twoFactorEnabled).toBe(true);
    expect(await events(email, "two_factor")).toHaveLength(1);

    const signIn = await passwordStep(email);
    const done = await call("/two-factor/verify-totp", { body: { code: totp(key) }, jar: signIn });
    expect(done.status).toBe(200);
    expect((await call("/get-session", { method: "GET", jar: signIn })).json).toMatchObject({ user: { email } });
    // The confirmation link's sign-in at sign-up, then this one.
    const successes = (await events(email, "login_success")).map((e) => e.details);
    expect(successes).toEqual([{ method: "email_link" }, expect.objectContaining({ method: "password+totp" })]);
  });

  it("a backup code signs in once", async () => {
    const email = "backup@example.com";
    const { backupCodes } = await enable(await signUpVerified(ctx, { email }));
    expect(backupCodes.length).toBeGreaterThanOrEqual(10);
    const code = backupCodes[0] as string;
    const first = await passwordStep(email);
    expect((await call("/two-factor/verify-backup-code", { body: { code }, jar: first })).status).toBe(200);
    const second = await passwordStep(email);
    const reused = await call("/two-factor/verify-backup-code", { body: { code }, jar: second });
    expect(reused.status).toBe(401);
    expect(reused.json?.error).toMatchObject({ code: "auth:invalid_backup_code" });
  });

  it("wrong codes count toward the password lockout: locked after five, even for the right code", async () => {
    const email = "guess@example.com";
    const { key } = await enable(await signUpVerified(ctx, { email }));
    // Only failures count (the lockout's reserve/settle model): the password, then two wrong codes.
    const jar = await passwordStep(email);
    const wrong = async (cookies: typeof jar) => {
      const res = await call("/two-factor/verify-totp", { body: { code: wrongCode(key) }, jar: cookies });
      expect(res.status).toBe(401);
      expect(res.json).toMatchObject({ code: "INVALID_CODE" });
    };
    await wrong(jar);
    await wrong(jar);
    // The right password again does not reset the count while a code is owed.
    const again = await passwordStep(email);
    await wrong(again);
    await wrong(again);
    // Failure 5: one more wrong code locks the account.
    const fifth = await call("/two-factor/verify-totp", { body: { code: wrongCode(key) }, jar: again });
    expect(fifth.status).toBe(401);
    expect(fifth.json).toMatchObject({ code: "ACCOUNT_LOCKED" });
    expect(fifth.headers.get("retry-after")).toMatch(/^\d+$/);
    const right = await call("/two-factor/verify-totp", { body: { code: totp(key) }, jar: again });
    expect(right.json).toMatchObject({ code: "ACCOUNT_LOCKED" });
    const password = await call("/sign-in/email", { body: { email, password: STRONG_PASSWORD } });
    expect(password.json).toMatchObject({ code: "ACCOUNT_LOCKED" });
    expect((await events(email, "login_failed")).some((e) => e.details.reason === "bad_code")).toBe(true);
    expect(await events(email, "lockout")).toHaveLength(1);
  });

  it("does not remember devices: asking to be trusted is refused", async () => {
    const email = "trust@example.com";
    const { key } = await enable(await signUpVerified(ctx, { email }));
    const jar = await passwordStep(email);
    const res = await call("/two-factor/verify-totp", { body: { code: totp(key), trustDevice: true }, jar });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: "TRUST_DEVICE_DISABLED" });
  });

  it("turning it off needs the password, and is audited", async () => {
    const email = "off@example.com";
    const jar = await signUpVerified(ctx, { email });
    await enable(jar);
    expect((await call("/two-factor/disable", { body: { password: "Wrong-Password-1!" }, jar })).status).toBe(400);
    expect((await call("/two-factor/disable", { body: { password: STRONG_PASSWORD }, jar })).status).toBe(200);
    expect((await events(email, "two_factor")).map((e) => e.details.action).sort()).toEqual(["disabled", "enabled"]);
  });
});

describe("admins and two-step verification (ADMIN_REQUIRE_2FA)", () => {
  it("an admin without it is refused by the admin endpoints; with it, served", async () => {
    const email = "needs-2fa@example.com";
    const jar = await signUpVerified(ctx, { email });
    await ctx.db.db.update(user).set({ role: "admin" }).where(eq(user.email, email));
    const refused = await call("/admin/list-users", { method: "GET", jar });
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ code: "TWO_FACTOR_REQUIRED" });
    await enable(jar);
    expect((await call("/admin/list-users", { method: "GET", jar })).status).toBe(200);
  });
});
