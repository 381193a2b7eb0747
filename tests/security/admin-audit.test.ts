import type { BetterAuthPlugin } from "better-auth";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authEvent, user } from "@/db/schema";
import { DISABLED_ADMIN_PATHS } from "@/lib/auth/admin-audit";
import {
  type AuthTestContext,
  type CookieJar,
  call,
  createTestAuth,
  STRONG_PASSWORD,
  signUpVerified,
} from "../support/auth";

/**
 * Issue 14, item 4: better-auth's admin endpoints called directly over HTTP wrote no audit
 * event (impersonate-user, remove-user, set-user-password, ban-user, update-user with a role,
 * ...). Every endpoint of the admin plugin is enumerated from the running auth instance and
 * called as an admin; each must leave an `admin_action` event naming it, or be switched off.
 * An endpoint a later better-auth adds is in this list automatically, so it cannot slip through.
 */
let ctx: AuthTestContext;
let admin: CookieJar;
let adminId: string;
beforeAll(async () => {
  ctx = await createTestAuth();
  admin = await signUpVerified(ctx, { email: "auditor@example.com" });
  await ctx.db.db.update(user).set({ role: "admin" }).where(eq(user.email, "auditor@example.com"));
  adminId = (await idOf("auditor@example.com")) as string;
});
afterAll(() => ctx.close());

async function idOf(email: string) {
  const [row] = await ctx.db.db.select({ id: user.id }).from(user).where(eq(user.email, email));
  return row?.id;
}

/** The admin plugin's endpoints, as the running instance has them: [api name, path, method]. */
function adminEndpoints() {
  const plugin = (ctx.auth.options.plugins as BetterAuthPlugin[]).find((p) => p.id === "admin");
  if (!plugin?.endpoints) throw new Error("the admin plugin is not installed");
  return Object.entries(plugin.endpoints).map(([name, endpoint]) => {
    const e = endpoint as unknown as { path: string; options: { method: string | string[] } };
    const method = Array.isArray(e.options.method) ? e.options.method[0] : e.options.method;
    return { name, path: e.path, method: method === "GET" ? ("GET" as const) : ("POST" as const) };
  });
}

/** A plausible request for each endpoint we know; anything new is called with nothing (a 400 is fine). */
async function requestFor(path: string, target: { id: string; email: string }) {
  const bodies: Record<string, Record<string, unknown>> = {
    "/admin/set-role": { userId: target.id, role: "instructor" },
    "/admin/create-user": {
      email: `created-${Date.now()}@example.com`,
      password: STRONG_PASSWORD,
      name: "Created Person",
      role: "student",
    },
    "/admin/update-user": { userId: target.id, data: { role: "admin" } },
    "/admin/list-users": {},
    "/admin/list-user-sessions": { userId: target.id },
    "/admin/ban-user": { userId: target.id },
    "/admin/unban-user": { userId: target.id },
    "/admin/impersonate-user": { userId: target.id },
    "/admin/stop-impersonating": {},
    "/admin/revoke-user-session": { sessionToken: "not-a-session" },
    "/admin/revoke-user-sessions": { userId: target.id },
    "/admin/remove-user": { userId: target.id },
    "/admin/set-user-password": { userId: target.id, newPassword: "Another-Strong-Passphrase-77" },
    "/admin/has-permission": { permissions: { user: ["list"] } },
  };
  const queries: Record<string, string> = {
    "/admin/get-user": `?id=${target.id}`,
    "/admin/list-users": "?limit=5",
  };
  return { body: bodies[path] ?? {}, query: queries[path] ?? "" };
}

const eventsFor = (action: string) =>
  ctx.db.db
    .select()
    .from(authEvent)
    .where(and(eq(authEvent.type, "admin_action"), sql`${authEvent.details}->>'action' = ${action}`));

describe("every admin endpoint is audited", () => {
  it("finds the admin plugin's endpoints on the instance (the list the rest of the test walks)", () => {
    const paths = adminEndpoints().map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["/admin/ban-user", "/admin/remove-user", "/admin/impersonate-user"]));
    expect(paths.length).toBeGreaterThanOrEqual(15);
  });

  it("writes an admin_action event for each endpoint called over HTTP, or refuses it when switched off", async () => {
    const missing: string[] = [];
    for (const endpoint of adminEndpoints()) {
      // A fresh target each time: remove-user and ban-user must not spoil the next call.
      const email = `target-${endpoint.name.toLowerCase()}@example.com`;
      await signUpVerified(ctx, { email });
      const target = { id: (await idOf(email)) as string, email };
      const { body, query } = await requestFor(endpoint.path, target);
      const action = endpoint.path.replace(/^\/admin\//, "");
      const res =
        endpoint.method === "GET"
          ? await call(`${endpoint.path}${query}`, { method: "GET", jar: admin })
          : await call(`${endpoint.path}${query}`, { body, jar: admin });
      if (DISABLED_ADMIN_PATHS.includes(endpoint.path)) {
        expect(res.status, endpoint.path).toBe(404);
        expect(res.json?.error).toMatchObject({ code: "auth:not_found" });
        expect(await eventsFor(action), endpoint.path).toHaveLength(0);
        continue;
      }
      expect(res.status, `${endpoint.path}: ${res.text}`).toBeLessThan(500);
      const events = await eventsFor(action);
      if (events.length === 0) missing.push(endpoint.path);
      else {
        expect(events.at(-1)?.details, endpoint.path).toMatchObject({ by: adminId, via: "http" });
        expect(events.at(-1)?.ip, endpoint.path).toBe("203.0.113.7");
      }
    }
    expect(missing, "admin endpoints that wrote no audit event").toEqual([]);
  }, 120_000);

  it("records who did it to whom, the outcome, and a role set through update-user as a role change", async () => {
    await signUpVerified(ctx, { email: "promoted@example.com" });
    const id = (await idOf("promoted@example.com")) as string;
    const res = await call("/admin/update-user", { body: { userId: id, data: { role: "admin" } }, jar: admin });
    expect(res.status).toBe(200);
    const [change] = await ctx.db.db
      .select()
      .from(authEvent)
      .where(and(eq(authEvent.type, "role_change"), eq(authEvent.userId, id)));
    // The role it had before, as a role change made on /admin/users records it.
    expect(change).toMatchObject({
      email: "promoted@example.com",
      details: { role: "admin", from: "student", by: adminId },
    });

    const gone = await call("/admin/remove-user", { body: { userId: id }, jar: admin });
    expect(gone.status).toBe(200);
    const removed = (await eventsFor("remove-user")).find((e) => e.userId === id);
    // The target's email is kept in the event although the account is gone.
    expect(removed).toMatchObject({ email: "promoted@example.com", details: { outcome: "ok", by: adminId } });
  });

  it("audits a refused call too (a student trying an admin endpoint)", async () => {
    const student = await signUpVerified(ctx, { email: "curious@example.com" });
    const victim = (await idOf("auditor@example.com")) as string;
    const res = await call("/admin/ban-user", { body: { userId: victim }, jar: student });
    expect(res.status).toBe(403);
    const attempt = (await eventsFor("ban-user")).find((e) => e.userId === victim);
    expect(attempt?.details).toMatchObject({ outcome: 403, by: await idOf("curious@example.com") });
  });

  it("names the actor by id only, so deleting their own account leaves their email nowhere in the log", async () => {
    const student = await signUpVerified(ctx, { email: "leaver@example.com" });
    const leaverId = (await idOf("leaver@example.com")) as string;
    const res = await call("/admin/ban-user", { body: { userId: adminId }, jar: student });
    expect(res.status).toBe(403);
    const [attempt] = (await eventsFor("ban-user")).filter((e) => e.details.by === leaverId);
    // The target (the admin) is the event's subject; the actor is named by id only.
    expect(attempt?.email).toBe("auditor@example.com");
    expect(JSON.stringify(attempt?.details)).not.toContain("leaver@");

    // Rows written before actors were named by id alone carried the email too.
    await ctx.db.db.insert(authEvent).values([
      {
        id: "legacy-by-email",
        type: "admin_action",
        userId: "someone",
        details: { by: leaverId, byEmail: "leaver@example.com" },
      },
      { id: "legacy-by-label", type: "import_run", details: { run: 1, by: "admin:leaver@example.com" } },
    ]);
    const { deleteOwnAccount } = await import("@/lib/account/delete");
    const { toSessionUser } = await import("@/lib/auth/user");
    const [row] = await ctx.db.db.select().from(user).where(eq(user.id, leaverId));
    await deleteOwnAccount({
      db: ctx.db.db,
      user: toSessionUser(row as unknown as Record<string, unknown>),
      session: { createdAt: new Date() },
      password: STRONG_PASSWORD,
    });
    const mentions = await ctx.db.db
      .select({ type: authEvent.type, details: authEvent.details })
      .from(authEvent)
      .where(sql`concat_ws(' ', ${authEvent.email}, ${authEvent.details}::text) ilike '%leaver@%'`);
    expect(mentions).toEqual([]);
    // The attempt itself stays, its actor now the id of an account that no longer exists.
    const [kept] = (await eventsFor("ban-user")).filter((e) => e.id === attempt?.id);
    expect(kept).toMatchObject({ email: "auditor@example.com", details: { by: leaverId, outcome: 403 } });
    const legacy = await ctx.db.db.select().from(authEvent).where(sql`${authEvent.id} like 'legacy-%'`);
    expect(legacy.map((e) => e.details.by)).toEqual([leaverId, leaverId]);
  });

  it("audits OAuth client changes made over HTTP too", async () => {
    const { withUserSession } = await import("@/lib/auth/admin-session");
    const { oauthClientBody } = await import("@/lib/auth/oauth-clients");
    const client = await withUserSession(ctx.auth, adminId, (headers) =>
      ctx.auth.api.adminCreateOAuthClient({
        headers,
        body: oauthClientBody({
          name: "Direct",
          redirectUris: ["https://rp.example.com/cb"],
          type: "web",
          public: false,
        }),
      }),
    );
    const created = await call("/oauth2/create-client", {
      body: oauthClientBody({
        name: "Over HTTP",
        redirectUris: ["https://rp.example.com/cb"],
        type: "web",
        public: false,
      }),
      jar: admin,
    });
    expect(created.status).toBe(201);
    const [registered] = await eventsFor("oauth2/create-client");
    // The new client's id, as /admin/oauth records it.
    expect(registered?.details).toMatchObject({ clientId: created.json?.client_id, by: adminId, outcome: "ok" });
    expect(created.json?.client_id).toEqual(expect.any(String));
    const res = await call("/oauth2/delete-client", { body: { client_id: client.client_id }, jar: admin });
    expect(res.status).toBe(200);
    const [deleted] = await eventsFor("oauth2/delete-client");
    expect(deleted?.details).toMatchObject({ clientId: client.client_id, by: adminId, outcome: "ok", via: "http" });
  });

  it("keeps impersonation off for server-side calls as well", async () => {
    const { getSessionCookie } = await import("better-auth/cookies");
    const headers = new Headers({ cookie: admin.header() });
    expect(getSessionCookie(headers)).toBeTruthy();
    await expect(
      ctx.auth.api.impersonateUser({ body: { userId: (await idOf("curious@example.com")) as string }, headers }),
    ).rejects.toMatchObject({ statusCode: 404 });
  });
});
