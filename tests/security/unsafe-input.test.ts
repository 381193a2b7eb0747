import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as authEvents } from "@/app/api/admin/auth-events/route";
import { POST as retention } from "@/app/api/admin/retention/route";
import { chatThread, tutorMessage, user } from "@/db/schema";
import { BASE_URL, type CookieJar, call, signUpVerified } from "../support/auth";
import { type ChatkitTest, post, setupChatkit, userInput } from "../support/chatkit";

/**
 * Issue 14, items 9 and 10 (the request side): a NUL byte or an unpaired surrogate in any
 * ChatKit field, admin query or auth field was a 500 (and a ChatKit message with one spent a
 * quota turn and left an empty thread); very deep JSON, too. ChatKit took a text/plain form
 * POST from another site, and /api/admin/retention had no Origin check.
 */
let t: ChatkitTest;
let admin: CookieJar;
beforeAll(async () => {
  t = await setupChatkit({ dailyLimit: 3 });
  admin = await signUpVerified(t, { email: "input-admin@example.com" });
  await t.db.db.update(user).set({ role: "admin" }).where(eq(user.email, "input-admin@example.com"));
});
afterAll(() => t.close());

const BAD_TEXT = ["nul\u0000byte", "lone \ud800 high", "lone \udc00 low", "\ud83d"];

const counts = async (email: string) => {
  const id = await t.userId(email);
  const threads = await t.db.db.select().from(chatThread).where(eq(chatThread.userId, id));
  const turns = await t.db.db.select().from(tutorMessage).where(eq(tutorMessage.userId, id));
  return { threads: threads.length, turns: turns.length };
};

describe("text Postgres cannot store is refused at the door", () => {
  it("in a ChatKit message, quote or id: 400 before any write, no quota spent", async () => {
    const email = "nul@example.com";
    const jar = await t.as(email);
    for (const bad of BAD_TEXT) {
      for (const body of [
        { type: "threads.create", params: { input: userInput(bad) } },
        { type: "threads.create", params: { input: userInput("fine", bad) } },
        { type: "threads.list", params: { after: bad } },
        { type: "threads.get_by_id", params: { thread_id: bad } },
        { type: "threads.update", params: { thread_id: "thr_x", title: bad } },
        { type: bad, params: {} },
        { [bad]: 1, type: "threads.list", params: {} },
      ]) {
        const res = await post(t, body, { jar });
        expect(res.status, JSON.stringify(body)).toBe(400);
        const json = await res.json();
        expect(json.error.code).toBe("http:invalid_text");
        expect(typeof json.error.message).toBe("string");
      }
    }
    expect(await counts(email)).toEqual({ threads: 0, turns: 0 });
  });

  it("very deep JSON is a 400, not a crash", async () => {
    const jar = await t.as("deep@example.com");
    const deep = `{"type":"threads.list","params":{"deep":${"[".repeat(100)}"x"${"]".repeat(100)}}}`;
    const res = await post(t, deep, { jar });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("http:too_deep");
    const raw = `{"type":"threads.list","params":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    const res2 = await post(t, raw, { jar });
    expect(res2.status).toBe(400);
  });

  it("in an auth request body or query: 400 in the house shape", async () => {
    const signUp = await call("/sign-up/email", {
      body: { email: "x@example.com", name: "Bad\u0000Name", password: "Correct-Horse-Battery-9-Staple" },
    });
    expect(signUp.status).toBe(400);
    expect(signUp.json?.error).toMatchObject({ code: "http:invalid_text" });
    const surrogate = await call("/sign-in/email", { body: { email: "a\ud800@example.com", password: "x" } });
    expect(surrogate.status).toBe(400);
    const query = await call("/verify-email?token=a%00b", { method: "GET" });
    expect(query.status).toBe(400);
    // Media types are case-insensitive (RFC 9110), and better-auth parses the body either way.
    for (const type of ["Application/JSON", "APPLICATION/JSON; charset=UTF-8"]) {
      const shouted = await call("/sign-up/email", {
        body: { email: "y@example.com", name: "Bad\u0000Name", password: "Correct-Horse-Battery-9-Staple" },
        headers: { "content-type": type },
      });
      expect(shouted.status, type).toBe(400);
      expect(shouted.json?.error).toMatchObject({ code: "http:invalid_text" });
    }
  });

  it("in an admin API query: 400 admin:invalid_query", async () => {
    const cursor = (text: string) => `cursor=${Buffer.from(text).toString("base64url")}`;
    // Well-formed cursors that Postgres cannot take: year 0, and a NUL in the id.
    for (const q of [
      "who=a%00b",
      "ip=%00",
      "type=login%00",
      cursor("0000-01-01T00:00:00Z|x"),
      cursor("2026-01-01T00:00:00Z|a\u0000b"),
    ]) {
      const res = await authEvents(
        new Request(`${BASE_URL}/api/admin/auth-events?${q}`, { headers: { cookie: admin.header() } }),
      );
      expect(res.status, q).toBe(400);
      expect((await res.json()).error.code).toBe("admin:invalid_query");
    }
  });
});

describe("cross-site writes", () => {
  it("/api/chatkit takes JSON only: a text/plain (form-postable) body is 415", async () => {
    const jar = await t.as("csrf@example.com");
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]) {
      const res = await post(t, { type: "threads.list", params: {} }, { jar, headers: { "content-type": type } });
      expect(res.status, type).toBe(415);
      expect((await res.json()).error.code).toBe("http:unsupported_media_type");
    }
    const json = await post(
      t,
      { type: "threads.list", params: {} },
      { jar, headers: { "content-type": "application/json; charset=utf-8" } },
    );
    expect(json.status).toBe(200);
  });

  it("/api/chatkit refuses another origin, even another port of the same host", async () => {
    const jar = await t.as("csrf@example.com");
    for (const origin of ["http://localhost:3001", "https://evil.test", "null"]) {
      const res = await post(
        t,
        { type: "threads.create", params: { input: userInput("hi") } },
        { jar, headers: { origin } },
      );
      expect(res.status, origin).toBe(403);
      expect((await res.json()).error.code).toBe("http:cross_origin");
    }
    const sameSite = await post(
      t,
      { type: "threads.list", params: {} },
      { jar, headers: { "sec-fetch-site": "same-site" } },
    );
    expect(sameSite.status).toBe(403);
    const ours = await post(t, { type: "threads.list", params: {} }, { jar, headers: { origin: BASE_URL } });
    expect(ours.status).toBe(200);
    expect(await counts("csrf@example.com")).toEqual({ threads: 0, turns: 0 });
  });

  it("/api/admin/retention checks the Origin of a cookie-carrying POST", async () => {
    const run = (headers: Record<string, string>) =>
      retention(
        new Request(`${BASE_URL}/api/admin/retention`, {
          method: "POST",
          headers: { cookie: admin.header(), ...headers },
        }),
      );
    const refused = await run({ origin: "http://localhost:3001" });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("http:cross_origin");
    expect((await run({ origin: BASE_URL })).status).toBe(200);
  });
});
