import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUserRole } from "@/db/queries/users";
import { authEvent, session, user as userTable, verification } from "@/db/schema";
import {
  type AuthTestContext,
  CookieJar,
  call,
  createTestAuth,
  resetLink as resetLinkFor,
  STRONG_PASSWORD,
  signUpVerified,
} from "../support/auth";

// Sending an email takes 400 ms here, so a response that waited for it would stand out from
// the answer for an unknown address by far more than scheduling jitter on a busy machine.
const MAIL_DELAY_MS = 400;
let ctx: AuthTestContext;
beforeAll(async () => {
  ctx = await createTestAuth({}, { mailDelayMs: MAIL_DELAY_MS });
});
afterAll(() => ctx.close());

const NEW_PASSWORD = "Brand-New-Passphrase-42";
const requestReset = (email: string) =>
  call("/request-password-reset", { body: { email, redirectTo: "/reset-password" } });

const resetLink = (email: string) => resetLinkFor(ctx, email);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

describe("password reset", () => {
  it("answers the same for known and unknown emails, in roughly the same time", async () => {
    await signUpVerified(ctx, { email: "known@example.com" });
    const known = await requestReset("known@example.com");
    const unknown = await requestReset("unknown@example.com");
    expect(unknown.status).toBe(known.status);
    expect(unknown.json).toEqual(known.json);

    const time = async (email: string) => {
      const start = performance.now();
      await requestReset(email);
      return performance.now() - start;
    };
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 7; i++) {
      a.push(await time("known@example.com"));
      b.push(await time("unknown@example.com"));
    }
    // Half the send time: an awaited send fails this; jitter does not.
    expect(Math.abs(median(a) - median(b))).toBeLessThan(MAIL_DELAY_MS / 2);
    const requested = await ctx.db.db.select().from(authEvent).where(eq(authEvent.type, "password_reset_requested"));
    expect(requested.some((e) => e.email === "unknown@example.com" && e.userId === null)).toBe(true);
  });

  it("resets with a link that works once and signs out every other session", async () => {
    const jar = await signUpVerified(ctx, { email: "once@example.com" });
    const other = new CookieJar();
    expect(
      (await call("/sign-in/email", { body: { email: "once@example.com", password: STRONG_PASSWORD }, jar: other }))
        .status,
    ).toBe(200);
    const { token, url } = await resetLink("once@example.com");

    // The mailed link redirects to our page with the token.
    const landing = await call(`/reset-password/${token}${new URL(url).search}`, { method: "GET" });
    expect(landing.status).toBe(302);
    expect(landing.headers.get("location")).toBe(`http://localhost:3000/reset-password?token=${token}`);

    const weak = await call("/reset-password", { body: { token, newPassword: "weakpassword" } });
    expect(weak.status).toBe(400);
    expect(weak.json?.code).toBe("PASSWORD_POLICY");

    const ok = await call("/reset-password", { body: { token, newPassword: NEW_PASSWORD } });
    expect(ok.status).toBe(200);
    const again = await call("/reset-password", { body: { token, newPassword: "Another-Passphrase-43" } });
    expect(again.status).toBe(400);
    expect(again.json?.code).toBe("INVALID_TOKEN");

    expect((await call("/get-session", { method: "GET", jar })).json).toBeNull();
    expect((await call("/get-session", { method: "GET", jar: other })).json).toBeNull();
    const [owner] = await ctx.db.db.select().from(userTable).where(eq(userTable.email, "once@example.com"));
    expect(
      await ctx.db.db
        .select()
        .from(session)
        .where(eq(session.userId, owner?.id ?? "")),
    ).toHaveLength(0);
    expect(
      (await call("/sign-in/email", { body: { email: "once@example.com", password: STRONG_PASSWORD } })).status,
    ).toBe(401);
    expect((await call("/sign-in/email", { body: { email: "once@example.com", password: NEW_PASSWORD } })).status).toBe(
      200,
    );
    const resets = await ctx.db.db.select().from(authEvent).where(eq(authEvent.type, "password_reset"));
    expect(resets.map((e) => e.email)).toContain("once@example.com");
  });

  it("refuses an expired link with a clear redirect to our page", async () => {
    await signUpVerified(ctx, { email: "late@example.com" });
    const { token, url } = await resetLink("late@example.com");
    await ctx.db.db
      .update(verification)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(like(verification.identifier, `reset-password:${token}`));
    const landing = await call(`/reset-password/${token}${new URL(url).search}`, { method: "GET" });
    expect(landing.status).toBe(302);
    expect(landing.headers.get("location")).toMatch(/^http:\/\/localhost:3000\/reset-password\?error=INVALID_TOKEN/);
    const attempt = await call("/reset-password", { body: { token, newPassword: NEW_PASSWORD } });
    expect(attempt.status).toBe(400);
  });

  it("expires links after one hour", async () => {
    await signUpVerified(ctx, { email: "hour@example.com" });
    const { token } = await resetLink("hour@example.com");
    const [row] = await ctx.db.db
      .select()
      .from(verification)
      .where(eq(verification.identifier, `reset-password:${token}`));
    const lifetime = (row?.expiresAt.getTime() ?? 0) - Date.now();
    expect(lifetime).toBeGreaterThan(59 * 60_000);
    expect(lifetime).toBeLessThanOrEqual(60 * 60_000);
  });
});

const reset = (token: string, newPassword = NEW_PASSWORD) => call("/reset-password", { body: { token, newPassword } });
const userId = async (email: string) =>
  (await ctx.db.db.select().from(userTable).where(eq(userTable.email, email)))[0]?.id as string;

describe("outstanding reset links", () => {
  it("a new link ends the user's older links, and no one else's", async () => {
    await signUpVerified(ctx, { email: "asked-twice@example.com" });
    await signUpVerified(ctx, { email: "asked-once@example.com" });
    const bystander = await resetLink("asked-once@example.com");
    const first = await resetLink("asked-twice@example.com");
    const second = await resetLink("asked-twice@example.com");

    const stale = await reset(first.token);
    expect(stale.status).toBe(400);
    expect(stale.json?.code).toBe("INVALID_TOKEN");
    const landing = await call(`/reset-password/${first.token}${new URL(first.url).search}`, { method: "GET" });
    expect(landing.headers.get("location")).toMatch(/\?error=INVALID_TOKEN/);
    expect((await reset(bystander.token)).status).toBe(200);
    expect((await reset(second.token)).status).toBe(200);
  });

  it("a completed reset ends the user's other links, and no one else's", async () => {
    await signUpVerified(ctx, { email: "twice@example.com" });
    await signUpVerified(ctx, { email: "bystander@example.com" });
    const used = await resetLink("twice@example.com");
    const bystander = await resetLink("bystander@example.com");
    const id = await userId("twice@example.com");
    // A link made after the one used (a request that crossed the reset), and a verification
    // row of another kind for the same user, which stays.
    const later = { id: "later-link", identifier: "reset-password:later-token", value: id };
    const otherKind = { id: "other-kind", identifier: "other-kind:abc", value: id };
    const expiresAt = new Date(Date.now() + 60_000);
    await ctx.db.db.insert(verification).values([
      { ...later, expiresAt, createdAt: new Date(Date.now() + 1_000) },
      { ...otherKind, expiresAt },
    ]);

    expect((await reset(used.token)).status).toBe(200);
    const stale = await reset("later-token", "Another-Passphrase-43");
    expect(stale.status).toBe(400);
    expect(stale.json?.code).toBe("INVALID_TOKEN");

    expect((await reset(bystander.token)).status).toBe(200);
    expect(await ctx.db.db.select().from(verification).where(eq(verification.id, otherKind.id))).toHaveLength(1);
  });

  async function adminJar(email: string) {
    const jar = await signUpVerified(ctx, { email });
    await setUserRole({ db: ctx.db.db, userId: await userId(email), role: "admin" });
    return jar;
  }

  it("an admin setting the user's password ends the user's links", async () => {
    const jar = await adminJar("pw-admin@example.com");
    await signUpVerified(ctx, { email: "pw-managed@example.com" });
    const link = await resetLink("pw-managed@example.com");
    const set = await call("/admin/set-user-password", {
      body: { userId: await userId("pw-managed@example.com"), newPassword: "Sturdy-Admin-Chosen-91" },
      jar,
    });
    expect(set.status).toBe(200);
    expect((await reset(link.token)).json?.code).toBe("INVALID_TOKEN");
  });

  it("an admin changing the user's email ends links mailed to the old address", async () => {
    const jar = await adminJar("mail-admin@example.com");
    await signUpVerified(ctx, { email: "mail-managed@example.com" });
    const id = await userId("mail-managed@example.com");
    const link = await resetLink("mail-managed@example.com");
    // Other fields leave the links alone.
    expect((await call("/admin/update-user", { body: { userId: id, data: { name: "Renamed" } }, jar })).status).toBe(
      200,
    );
    const moved = await call("/admin/update-user", {
      body: { userId: id, data: { email: "elsewhere@example.com" } },
      jar,
    });
    expect(moved.status).toBe(200);
    expect((await reset(link.token)).json?.code).toBe("INVALID_TOKEN");
  });
});
