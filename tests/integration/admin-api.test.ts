import v8 from "node:v8";
import vm from "node:vm";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetentionAction } from "@/app/(admin)/admin/retention/actions";
import { GET as aiUsage } from "@/app/api/admin/ai-usage/route";
import { GET as authEvents } from "@/app/api/admin/auth-events/route";
import { POST as retention } from "@/app/api/admin/retention/route";
import { authEvent, user } from "@/db/schema";
import { type AuthTestContext, BASE_URL, type CookieJar, call, createTestAuth, signUpVerified } from "../support/auth";
import { asRequest, form, redirectedTo } from "../support/next-request";

let ctx: AuthTestContext;
const jars: Record<string, CookieJar> = {};
beforeAll(async () => {
  ctx = await createTestAuth();
  for (const role of ["student", "instructor", "admin"] as const) {
    jars[role] = await signUpVerified(ctx, { email: `${role}@example.com` });
    await ctx.db.db
      .update(user)
      .set({ role })
      .where(eq(user.email, `${role}@example.com`));
  }
});
afterAll(() => ctx.close());

const req = (path: string, jar?: CookieJar, init: RequestInit = {}) =>
  new Request(`${BASE_URL}${path}`, {
    ...init,
    headers: { ...(jar ? { cookie: jar.header() } : {}), ...init.headers },
  });

describe("admin APIs", () => {
  it("answer by role: anonymous 401, student and instructor 403, admin 200", async () => {
    const endpoints = [
      (jar?: CookieJar) => authEvents(req("/api/admin/auth-events", jar)),
      (jar?: CookieJar) => aiUsage(req("/api/admin/ai-usage", jar)),
      (jar?: CookieJar) => retention(req("/api/admin/retention", jar, { method: "POST" })),
    ];
    for (const call of endpoints) {
      expect((await call()).status).toBe(401);
      expect((await call(jars.student)).status).toBe(403);
      expect((await call(jars.instructor)).status).toBe(403);
      const ok = await call(jars.admin);
      expect(ok.status).toBe(200);
    }
  });

  it("runs retention from the page for admins only, and audits who ran it", async () => {
    asRequest(jars.instructor);
    expect(redirectedTo(await runRetentionAction(null, form({})).catch((e) => e))).toBe("/learn?denied=1");
    asRequest(jars.admin);
    const result = await runRetentionAction(null, form({}));
    expect(result).toMatchObject({ ok: true });
    expect(result?.message).toMatch(/^Deleted 0 conversations and \d+ old log rows?\.$/);
    const runs = await ctx.db.db.select().from(authEvent).where(eq(authEvent.type, "admin_action"));
    const run = runs.find((e) => e.details.action === "retention_run");
    expect(run?.email).toBe("admin@example.com");
    expect(run?.details).toMatchObject({ threadsDeleted: 0 });
  });

  it("lists users with their last sign-in and lockout state", async () => {
    const { listUsersForAdmin } = await import("@/db/queries/admin-users");
    const { rows, total } = await listUsersForAdmin({ db: ctx.db.db, search: "admin@", limit: 10, offset: 0 });
    expect(total).toBe(1);
    // Signing up confirmed the email through the link, which signs in; then sign in by password too.
    await call("/sign-in/email", { body: { email: "admin@example.com", password: "Correct-Horse-Battery-9-Staple" } });
    const again = await listUsersForAdmin({ db: ctx.db.db, search: "admin@", limit: 10, offset: 0 });
    expect(rows[0]?.email).toBe("admin@example.com");
    expect(again.rows[0]?.lastLoginAt).toBeInstanceOf(Date);
    // The confirmation link alone counts as a sign-in; an account nobody has signed in to shows none.
    const linked = await listUsersForAdmin({ db: ctx.db.db, search: "student@", limit: 10, offset: 0 });
    expect(linked.rows[0]?.lastLoginAt).toBeInstanceOf(Date);
    const auth = await ctx.auth.$context;
    await auth.internalAdapter.createUser(
      { email: "never@example.com", name: "Never", emailVerified: true },
      { method: "admin" },
    );
    const never = await listUsersForAdmin({ db: ctx.db.db, search: "never@", limit: 10, offset: 0 });
    expect(never.rows[0]?.email).toBe("never@example.com");
    expect(never.rows[0]?.lastLoginAt).toBeNull();
  });

  it("accepts an admin's Bearer JWT", async () => {
    const token = String((await call("/token", { method: "GET", jar: jars.admin })).json?.token);
    const { installJwksCache } = await import("@/lib/auth/bearer");
    const { JwksCache } = await import("@/lib/auth/jwks-cache");
    installJwksCache(new JwksCache({ fetchJwks: async () => (await call("/jwks", { method: "GET" })).json as never }));
    const res = await aiUsage(
      req("/api/admin/ai-usage?from=2026-01-01&to=2026-01-31", undefined, {
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.days).toHaveLength(31);
    expect(body.days.every((d: { messages: number }) => d.messages === 0)).toBe(true);
    expect(body.topUsers).toEqual([]);
  });

  it("filters and pages the audit log, and rejects bad parameters with 400", async () => {
    const first = await (await authEvents(req("/api/admin/auth-events?type=register&limit=2", jars.admin))).json();
    expect(first.data).toHaveLength(2);
    expect(first.data.every((e: { type: string }) => e.type === "register")).toBe(true);
    const second = await (
      await authEvents(req(`/api/admin/auth-events?type=register&limit=2&cursor=${first.next}`, jars.admin))
    ).json();
    expect(second.data.map((e: { id: string }) => e.id)).not.toContain(first.data[0].id);
    const byWho = await (await authEvents(req("/api/admin/auth-events?who=instructor@", jars.admin))).json();
    expect(byWho.data.length).toBeGreaterThan(0);
    expect(
      byWho.data.every(
        (e: { email: string; byEmail: string | null }) =>
          e.email === "instructor@example.com" || e.byEmail === "instructor@example.com",
      ),
    ).toBe(true);
    // better-auth stores IPv6 written out and masked to /64 (::1 becomes eight zero groups); the
    // filter takes the short form the table shows, or "local".
    await ctx.db.db.insert(authEvent).values([
      { id: "ip-local", type: "login_failed", email: "ip@example.com", ip: "0000:0000:0000:0000:0000:0000:0000:0000" },
      { id: "ip-v6", type: "login_failed", email: "ip@example.com", ip: "2001:0db8:0000:0000:0000:0000:0000:0000" },
    ]);
    for (const [ip, expected] of [
      ["local", "ip-local"],
      ["::", "ip-local"],
      ["2001:db8::/64", "ip-v6"],
      ["2001:db8::42", "ip-v6"],
    ]) {
      const found = await (
        await authEvents(req(`/api/admin/auth-events?who=ip@&ip=${encodeURIComponent(ip as string)}`, jars.admin))
      ).json();
      expect(
        found.data.map((e: { id: string }) => e.id),
        ip,
      ).toEqual([expected]);
    }
    for (const bad of ["type=hacked", "from=yesterday", "limit=100000", "format=xml"]) {
      const res = await authEvents(req(`/api/admin/auth-events?${bad}`, jars.admin));
      expect(res.status, bad).toBe(400);
      expect((await res.json()).error.code).toBe("admin:invalid_query");
    }
  });

  it("says who acted on an account, finds it by the one who acted, and exports it", async () => {
    const [admin] = await ctx.db.db.select({ id: user.id }).from(user).where(eq(user.email, "admin@example.com"));
    await ctx.db.db.insert(authEvent).values([
      {
        id: "acted-staff",
        type: "thread_view",
        userId: "someone-else",
        email: "viewed@example.com",
        details: { threadId: "thr_1", by: admin?.id, role: "admin" },
      },
      { id: "acted-cli", type: "email_verified", email: "cli-verified@example.com", details: { by: "cli" } },
      { id: "acted-self", type: "login_failed", email: "viewed@example.com", details: { reason: "bad_password" } },
    ]);
    const about = await (await authEvents(req("/api/admin/auth-events?who=viewed@", jars.admin))).json();
    const byId = Object.fromEntries(about.data.map((e: { id: string; byEmail: string | null }) => [e.id, e.byEmail]));
    expect(byId).toEqual({ "acted-staff": "admin@example.com", "acted-self": null });
    // Filtering by the admin finds what they did to others, not only what happened to them.
    const done = await (
      await authEvents(req("/api/admin/auth-events?who=admin@example&type=thread_view", jars.admin))
    ).json();
    expect(done.data.map((e: { id: string }) => e.id)).toEqual(["acted-staff"]);
    const csv = await (await authEvents(req("/api/admin/auth-events?who=verified@&format=csv", jars.admin))).text();
    const [header, ...lines] = csv.trim().split("\r\n");
    expect(header?.split(",").at(-1)).toBe("by");
    expect(lines.map((l) => l.split(",").at(-1))).toEqual(["cli"]);
  });

  it("streams a 100k-event CSV export in bounded memory", async () => {
    await ctx.db.db.execute(sql`
      insert into auth_event (id, type, user_id, email, ip, user_agent, details, created_at)
      select 'bulk-' || g, 'login_failed', null, 'bulk' || g || '@example.com', '198.51.100.' || (g % 250),
             'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36',
             jsonb_build_object('reason', 'bad_password', 'n', g), now() - (g || ' seconds')::interval
      from generate_series(1, 100000) g`);
    // Measure what the export retains, not garbage awaiting collection: collect before sampling.
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    let reads = 0;
    const res = await authEvents(req("/api/admin/auth-events?format=csv", jars.admin));
    // Counted after the request: the export records itself in the log before streaming.
    const [total] = await ctx.db.db.select({ n: sql<number>`count(*)::int` }).from(authEvent);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let bytes = 0;
    let lines = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (const b of value) if (b === 10) lines++;
      if (++reads % 10 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - before);
      }
    }
    expect(lines).toBe((total?.n ?? 0) + 1);
    expect(bytes).toBeGreaterThan(15_000_000);
    // The export is over 15 MB; holding it (as UTF-16 strings) would cost about twice that.
    console.info(
      `[csv] ${lines - 1} rows, ${(bytes / 1e6).toFixed(1)} MB streamed, live heap grew at most ${(peak / 1e6).toFixed(1)} MB`,
    );
    expect(peak).toBeLessThan(8_000_000);
  }, 120_000);
});
