import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authEvent, session } from "@/db/schema";
import {
  type AuthTestContext,
  CookieJar,
  call,
  createTestAuth,
  linkIn,
  STRONG_PASSWORD,
  waitFor,
} from "../support/auth";

let ctx: AuthTestContext;
beforeAll(async () => {
  ctx = await createTestAuth();
});
afterAll(() => ctx.close());

const events = async (type: string) =>
  ctx.db.db
    .select()
    .from(authEvent)
    .where(eq(authEvent.type, type as never));

describe("sign-up, email verification, sign-in and sign-out", () => {
  it("sends a verification email whose text carries the full link, and refuses sign-in until verified", async () => {
    const res = await call("/sign-up/email", {
      body: { email: "ada@example.com", name: "Ada Lovelace", password: STRONG_PASSWORD, callbackURL: "/learn" },
    });
    expect(res.status).toBe(200);
    expect(res.json?.token).toBeNull();
    expect((res.json?.user as { role: string } | undefined)?.role).toBe("student");

    const mail = await waitFor(() => ctx.outbox.find((m) => m.to === "ada@example.com"));
    expect(mail.subject).toMatch(/Confirm your email/);
    expect(linkIn(mail)).toMatch(
      /^http:\/\/localhost:3000\/api\/auth\/verify-email\?token=[\w.-]+&callbackURL=%2Flearn$/,
    );
    expect(mail.html).toContain("verify-email?token=");

    const early = await call("/sign-in/email", { body: { email: "ada@example.com", password: STRONG_PASSWORD } });
    expect(early.status).toBe(403);
    expect(early.json?.code).toBe("EMAIL_NOT_VERIFIED");
    expect(early.json?.error).toEqual({ code: "auth:email_not_verified", message: expect.any(String) });

    const jar = new CookieJar();
    const url = new URL(linkIn(mail));
    const verified = await call(`/verify-email${url.search}`, { method: "GET", jar });
    expect(verified.status).toBe(302);
    expect(verified.headers.get("location")).toBe("/learn");
    const me = await call("/get-session", { method: "GET", jar });
    expect((me.json?.user as { emailVerified: boolean } | undefined)?.emailVerified).toBe(true);
    expect(await events("register")).toHaveLength(1);
    expect(await events("email_verified")).toHaveLength(1);
    // The link signed the account in: a sign-in in the audit log (the admin's "last sign-in").
    expect((await events("login_success")).map((e) => e.details)).toEqual([{ method: "email_link" }]);
  });

  it("signs in, keeps the session across requests, and sign-out revokes it on the server", async () => {
    const jar = new CookieJar();
    const res = await call("/sign-in/email", { body: { email: "ada@example.com", password: STRONG_PASSWORD }, jar });
    expect(res.status).toBe(200);
    const first = await call("/get-session", { method: "GET", jar });
    const token = String((first.json?.session as { token?: string } | undefined)?.token);
    expect(token).toBeTruthy();

    // A copy of the cookie taken before sign-out must stop working afterwards.
    const stolen = jar.header();
    const out = await call("/sign-out", { body: {}, jar });
    expect(out.status).toBe(200);
    expect(await ctx.db.db.select().from(session).where(eq(session.token, token))).toHaveLength(0);
    const replay = await call("/get-session", { method: "GET", headers: { cookie: stolen } });
    expect(replay.json).toBeNull();
    expect((await events("logout")).map((e) => e.email)).toEqual(["ada@example.com"]);
    expect((await events("login_success")).length).toBeGreaterThanOrEqual(1);
  });

  it("answers a duplicate sign-up like a new one and tells the real owner by email", async () => {
    const fresh = await call("/sign-up/email", {
      body: { email: "fresh@example.com", name: "Fresh Person", password: STRONG_PASSWORD },
    });
    const dup = await call("/sign-up/email", {
      body: { email: "ada@example.com", name: "Someone Else", password: STRONG_PASSWORD },
    });
    expect(dup.status).toBe(fresh.status);
    const shape = (r: typeof dup) => Object.keys((r.json?.user as object) ?? {}).sort();
    expect(shape(dup)).toEqual(shape(fresh));
    expect((dup.json?.user as { role: string } | undefined)?.role).toBe("student");
    await waitFor(() => ctx.outbox.find((m) => m.to === "ada@example.com" && /tried to sign up/.test(m.subject)));
  });
});

describe("password policy on sign-up", () => {
  const attempt = (password: string, name = "Grace Hopper", email = "grace@example.com") =>
    call("/sign-up/email", { body: { email, name, password } });

  it.each([
    ["too short", "Sh0rt!pass"],
    ["no upper-case letter", "lowercase-only-9-words!"],
    ["no lower-case letter", "UPPERCASE-ONLY-9-WORDS!"],
    ["no digit", "No-Digits-Here-At-All!"],
    ["no symbol", "NoSymbolsHere9Words"],
    ["a common password", "Password123!"],
    ["the user's own name", "GraceHopper-1906!"],
    ["the user's email", "grace@example.com-X1!"],
  ])("rejects %s with a clear 400", async (_label, password) => {
    const res = await attempt(password);
    expect(res.status).toBe(400);
    expect(res.json?.code).toBe("PASSWORD_POLICY");
    expect(String(res.json?.message)).not.toBe("");
  });

  it("accepts 128 characters of any script without truncating, and rejects 129", async () => {
    const unicode = `Ünïcødé-密码-🔐9${"ж".repeat(128)}`;
    const long = [...unicode].slice(0, 128).join("");
    expect([...long]).toHaveLength(128);
    const ok = await attempt(long, "Ünicode Person", "unicode@example.com");
    expect(ok.status).toBe(200);
    const tooLong = await attempt(`${long}x`, "Other Person", "other@example.com");
    expect(tooLong.status).toBe(400);

    // Verify, then prove the whole password matters: changing the last character fails.
    const mail = await waitFor(() => ctx.outbox.find((m) => m.to === "unicode@example.com"));
    await call(`/verify-email${new URL(linkIn(mail)).search}`, { method: "GET" });
    const right = await call("/sign-in/email", { body: { email: "unicode@example.com", password: long } });
    expect(right.status).toBe(200);
    const wrongTail = await call("/sign-in/email", {
      body: { email: "unicode@example.com", password: `${long.slice(0, -1)}x` },
    });
    expect(wrongTail.status).toBe(401);
  });

  it("answers malformed and oversized bodies with 4xx JSON", async () => {
    const bad = await call("/sign-up/email", { body: "{not json" });
    expect(bad.status).toBe(400);
    expect(bad.json?.error).toMatchObject({ code: expect.stringMatching(/^auth:/) });
    const missing = await call("/sign-up/email", { body: { email: "x@example.com" } });
    expect(missing.status).toBe(400);
    const longName = await call("/sign-up/email", {
      body: { email: "h@example.com", name: "n".repeat(101), password: STRONG_PASSWORD },
    });
    expect(longName.status).toBe(400);
    expect(longName.json?.code).toBe("FIELD_TOO_LONG");
    const huge = await call("/sign-in/email", {
      body: { email: "h@example.com", password: "p".repeat(100_000) },
      headers: { "content-length": "100020" },
    });
    expect(huge.status).toBe(413);
    expect(huge.json?.error).toMatchObject({ code: "auth:body_too_large" });
  });
});
