import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as aiUsage } from "@/app/api/admin/ai-usage/route";
import { GET as authEvents } from "@/app/api/admin/auth-events/route";
import { listUsersForAdmin } from "@/db/queries/admin-users";
import { listThreadsForReview } from "@/db/queries/thread-review";
import { user } from "@/db/schema";
import { BASE_URL, type CookieJar, call, signUpVerified } from "../support/auth";
import { type ChatkitTest, post, setupChatkit } from "../support/chatkit";

/**
 * Issue 14, item 12: bad input to admin endpoints was a 500 (a year-9999 range, unknown
 * cursors), `%` and `_` in admin searches were wildcards, and better-auth's own 401/429
 * answers lacked the usual error shape. (The pages' side runs in tests/security/admin-pages.spec.ts.)
 */
let t: ChatkitTest;
let admin: CookieJar;
beforeAll(async () => {
  t = await setupChatkit();
  admin = await signUpVerified(t, { email: "query-admin@example.com" });
  await t.db.db.update(user).set({ role: "admin" }).where(eq(user.email, "query-admin@example.com"));
  await signUpVerified(t, { email: "under_score@example.com" });
  await signUpVerified(t, { email: "percent100@example.com" });
});
afterAll(() => t.close());

const get = (handler: (r: Request) => Promise<Response>, path: string) =>
  handler(new Request(`${BASE_URL}${path}`, { headers: { cookie: admin.header() } }));

describe("admin APIs answer bad input with 400, never 500", () => {
  it.each([
    "/api/admin/ai-usage?from=9999-12-31&to=9999-12-31",
    "/api/admin/ai-usage?from=0001-01-01&to=0001-01-02",
    "/api/admin/ai-usage?from=2026-02-30",
    "/api/admin/ai-usage?from=bad",
  ])("%s", async (path) => {
    const res = await get(aiUsage, path);
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("admin:invalid_query");
  });

  it.each([
    "zzzz",
    Buffer.from("not a cursor").toString("base64url"),
    Buffer.from("+010000-01-01T00:00:00.000Z|x").toString("base64url"),
  ])("an audit cursor that no page made (%s) is 400", async (cursor) => {
    const res = await get(authEvents, `/api/admin/auth-events?cursor=${cursor}`);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({
      code: "admin:invalid_query",
      message: expect.stringMatching(/cursor/),
    });
  });

  it("a cursor from a real page still works", async () => {
    const first = await (await get(authEvents, "/api/admin/auth-events?limit=1")).json();
    expect(first.next).toBeTruthy();
    const second = await get(authEvents, `/api/admin/auth-events?limit=1&cursor=${first.next}`);
    expect(second.status).toBe(200);
  });

  it("an unknown ChatKit page cursor is 400, not a silent first page", async () => {
    const jar = await t.as("cursor@example.com");
    for (const body of [
      { type: "threads.list", params: { after: "thr_0000000000000000" } },
      { type: "items.list", params: { thread_id: "thr_missing", after: "msg_x" } },
    ]) {
      const res = await post(t, body, { jar });
      expect([400, 404]).toContain(res.status);
      expect((await res.json()).error.code).toMatch(/^chatkit:(invalid_request|not_found)$/);
    }
    const res = await post(t, { type: "threads.list", params: { after: "thr_0000000000000000" } }, { jar });
    expect(res.status).toBe(400);
  });
});

describe("admin searches take % and _ literally", () => {
  it("in the user list, the audit log and the thread review", async () => {
    const everyone = await listUsersForAdmin({ db: t.db.db, limit: 100, offset: 0 });
    expect(everyone.total).toBeGreaterThan(2);
    expect((await listUsersForAdmin({ db: t.db.db, search: "%", limit: 100, offset: 0 })).total).toBe(0);
    const underscore = await listUsersForAdmin({ db: t.db.db, search: "under_", limit: 100, offset: 0 });
    expect(underscore.rows.map((r) => r.email)).toEqual(["under_score@example.com"]);
    expect((await listUsersForAdmin({ db: t.db.db, search: "_", limit: 100, offset: 0 })).total).toBe(1);

    const audit = await (await get(authEvents, "/api/admin/auth-events?who=%25")).json();
    expect(audit.data).toEqual([]);
    const literal = await (await get(authEvents, "/api/admin/auth-events?who=under_")).json();
    expect(literal.data.length).toBeGreaterThan(0);
    expect(literal.data.every((e: { email: string }) => e.email === "under_score@example.com")).toBe(true);

    expect(await listThreadsForReview({ db: t.db.db, who: "%", limit: 10 })).toEqual([]);
  });
});

describe("better-auth's own refusals come in the house shape", () => {
  it("401 without a session", async () => {
    const res = await call("/token", { method: "GET" });
    expect(res.status).toBe(401);
    expect(res.json?.error).toMatchObject({ code: "auth:unauthorized", message: expect.any(String) });
  });

  it("404 for an endpoint that does not exist", async () => {
    const res = await call("/no-such-endpoint", { body: {} });
    expect(res.status).toBe(404);
    expect(res.json?.error).toMatchObject({ code: "auth:not_found" });
  });
});
