import { and, eq, or } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteAccountAction, revokeOtherSessionsAction, revokeSessionAction } from "@/app/(account)/account/actions";
import { GET as exportData } from "@/app/(account)/account/export/route";
import { topUsers } from "@/db/queries/admin-usage";
import {
  account,
  aiEvent,
  authEvent,
  chatItem,
  chatThread,
  enrollment,
  lessonProgress,
  session,
  tutorUsageDaily,
  user,
} from "@/db/schema";
import { deviceSessions } from "@/lib/account/sessions";
import { completeLesson } from "@/lib/content/access";
import { seedFromDir } from "@/lib/content/seed";
import { CLIENT_IP_HEADER } from "@/lib/http/client-ip";
import {
  type AuthTestContext,
  BASE_URL,
  CookieJar,
  call,
  createTestAuth,
  STRONG_PASSWORD,
  sessionJar,
  signUpVerified,
} from "../support/auth";
import { fixtureCourseDir } from "../support/fixtures";
import { asRequest, form, redirectedTo, setCookies } from "../support/next-request";

let ctx: AuthTestContext;
beforeAll(async () => {
  ctx = await createTestAuth();
  await seedFromDir({ db: ctx.db.db, dir: fixtureCourseDir });
});
afterAll(() => ctx.close());

const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

async function act<T>(
  action: (prev: null, data: FormData) => Promise<T>,
  jar: CookieJar | undefined,
  fields: Record<string, string | undefined> = {},
) {
  asRequest(jar);
  return action(null, form(fields));
}

const idOf = async (email: string) =>
  (await ctx.db.db.select().from(user).where(eq(user.email, email)))[0]?.id as string;
const sessionOf = async (jar: CookieJar) => (await call("/get-session", { method: "GET", jar })).json;

async function signInOn(email: string, userAgent: string, ip: string) {
  const jar = new CookieJar();
  const res = await call("/sign-in/email", {
    body: { email, password: STRONG_PASSWORD },
    jar,
    headers: { "user-agent": userAgent, [CLIENT_IP_HEADER]: ip },
  });
  expect(res.status).toBe(200);
  return jar;
}

describe("devices", () => {
  // Three sign-ins hash the password three times (scrypt): headroom on a busy machine.
  it("lists every session with browser, OS and IP, and signs out one or all the others", async () => {
    const here = await signUpVerified(ctx, { email: "devices@example.com" });
    const firefox = await signInOn("devices@example.com", FIREFOX, "198.51.100.4");
    const phone = await signInOn("devices@example.com", IPHONE, "198.51.100.9");
    const userId = await idOf("devices@example.com");
    const current = (await sessionOf(here)) as { session: { id: string } };

    const listed = await deviceSessions({ db: ctx.db.db, userId, currentSessionId: current.session.id });
    expect(listed).toHaveLength(3);
    expect(listed[0]?.current).toBe(true);
    const byLabel = Object.fromEntries(listed.map((s) => [s.device.label, s]));
    expect(byLabel["Firefox 128 on Windows 10"]?.ipAddress).toBe("198.51.100.4");
    expect(byLabel["Safari 17 on iOS 17"]?.device.kind).toBe("mobile");

    const firefoxId = byLabel["Firefox 128 on Windows 10"]?.id as string;
    expect(await act(revokeSessionAction, here, { sessionId: firefoxId })).toMatchObject({ ok: true });
    expect(await sessionOf(firefox)).toBeNull();
    expect(await sessionOf(phone)).not.toBeNull();

    // This device is signed out with "Sign out", not from the list; another user's session is unknown here.
    expect(await act(revokeSessionAction, here, { sessionId: current.session.id })).toMatchObject({ ok: false });
    const stranger = await signUpVerified(ctx, { email: "stranger@example.com" });
    const strangerSession = (await sessionOf(stranger)) as { session: { id: string } };
    expect(await act(revokeSessionAction, here, { sessionId: strangerSession.session.id })).toMatchObject({
      ok: false,
      code: "account:not_found",
    });
    expect(await sessionOf(stranger)).not.toBeNull();

    expect(await act(revokeOtherSessionsAction, here)).toMatchObject({ ok: true });
    expect(await sessionOf(phone)).toBeNull();
    expect(await sessionOf(here)).not.toBeNull();
    const revocations = await ctx.db.db.select().from(authEvent).where(eq(authEvent.type, "session_revoke"));
    expect(revocations.map((e) => e.details.scope).sort()).toEqual(["one", "others"]);
  }, 90_000);
});

describe("download my data", () => {
  it("returns one JSON file with the profile, enrolment, progress, conversations and auth events", async () => {
    const jar = await signUpVerified(ctx, { email: "exporter@example.com", name: "Ex Porter" });
    const userId = await idOf("exporter@example.com");
    await completeLesson({ user: { id: userId, role: "student" }, lessonId: "vectors", db: ctx.db.db });
    await ctx.db.db.insert(chatThread).values({ id: "thr_export", userId, title: "About vectors" });
    await ctx.db.db.insert(chatItem).values([
      {
        id: "msg_q",
        threadId: "thr_export",
        userId,
        type: "user_message",
        content: { content: [{ type: "input_text", text: "What is a unit vector?" }] },
      },
      {
        id: "msg_a",
        threadId: "thr_export",
        userId,
        type: "assistant_message",
        content: { content: [{ type: "output_text", text: "One of length one.", annotations: [] }] },
        feedback: "positive",
      },
    ]);
    const otherJar = await signUpVerified(ctx, { email: "not-me@example.com" });
    await ctx.db.db.insert(chatThread).values({ id: "thr_other", userId: await idOf("not-me@example.com") });

    expect((await exportData(new Request(`${BASE_URL}/account/export`))).status).toBe(401);
    const res = await exportData(new Request(`${BASE_URL}/account/export`, { headers: { cookie: jar.header() } }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="intellistack-tutor-data-/);
    const text = await res.text();
    const data = JSON.parse(text);
    expect(data.profile).toMatchObject({ email: "exporter@example.com", name: "Ex Porter" });
    expect(data.enrolments).toEqual([expect.objectContaining({ courseId: "fixture-course", status: "active" })]);
    expect(data.progress.map((p: { lessonId: string }) => p.lessonId)).toEqual(["vectors"]);
    expect(data.conversations).toHaveLength(1);
    expect(data.conversations[0].messages.map((m: { text: string }) => m.text)).toEqual([
      "What is a unit vector?",
      "One of length one.",
    ]);
    expect(data.conversations[0].messages[1].feedback).toBe("positive");
    expect(data.authEvents.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(["register", "email_verified"]),
    );
    expect(data.signInMethods).toEqual([expect.objectContaining({ provider: "credential" })]);
    expect(text).not.toMatch(/thr_other|not-me@example\.com|"password"|"token"|scrypt/i);
    const exported = await ctx.db.db.select().from(authEvent).where(eq(authEvent.type, "data_export"));
    expect(exported.map((e) => e.userId)).toEqual([userId]);
    void otherJar;
  });
});

describe("delete my account", () => {
  it("needs the right password, then removes everything, keeps anonymous counts, and the user cannot sign in", async () => {
    const jar = await signUpVerified(ctx, { email: "leaver@example.com" });
    const userId = await idOf("leaver@example.com");
    await completeLesson({ user: { id: userId, role: "student" }, lessonId: "vectors", db: ctx.db.db });
    await ctx.db.db.insert(chatThread).values({ id: "thr_leaver", userId });
    await ctx.db.db
      .insert(chatItem)
      .values({ id: "msg_leaver", threadId: "thr_leaver", userId, type: "user_message", content: {} });
    await ctx.db.db.insert(tutorUsageDaily).values({ userId, day: "2026-01-01", messages: 3 });
    await ctx.db.db.insert(aiEvent).values({ id: "ai_leaver", userId, outcome: "ok", totalMs: 10 });
    await call("/sign-in/email", { body: { email: "leaver@example.com", password: "Wrong-Password-Here-1!" } });
    const about = or(eq(authEvent.userId, userId), eq(authEvent.email, "leaver@example.com"));
    const eventsBefore = await ctx.db.db.select().from(authEvent).where(about);
    expect(eventsBefore.length).toBeGreaterThanOrEqual(3);

    expect(await act(deleteAccountAction, jar, { password: STRONG_PASSWORD })).toMatchObject({
      ok: false,
      code: "action:invalid",
    });
    expect(await act(deleteAccountAction, jar, { password: "Not-My-Password-9!", confirm: "yes" })).toMatchObject({
      ok: false,
      code: "account:wrong_password",
    });
    expect(await idOf("leaver@example.com")).toBe(userId);

    const err = await act(deleteAccountAction, jar, { password: STRONG_PASSWORD, confirm: "yes" }).catch((e) => e);
    expect(redirectedTo(err)).toBe("/sign-in?deleted=1");
    expect(setCookies.get("better-auth.session_token")).toBe("");

    const gone = async (table: typeof session | typeof account | typeof chatThread | typeof lessonProgress) =>
      ctx.db.db.select().from(table).where(eq(table.userId, userId));
    expect(await ctx.db.db.select().from(user).where(eq(user.id, userId))).toEqual([]);
    for (const table of [session, account, chatThread, lessonProgress]) expect(await gone(table)).toEqual([]);
    expect(await ctx.db.db.select().from(enrollment).where(eq(enrollment.userId, userId))).toEqual([]);
    expect(await ctx.db.db.select().from(chatItem).where(eq(chatItem.id, "msg_leaver"))).toEqual([]);
    expect(await ctx.db.db.select().from(tutorUsageDaily).where(eq(tutorUsageDaily.userId, userId))).toHaveLength(1);
    expect(await ctx.db.db.select().from(aiEvent).where(eq(aiEvent.userId, userId))).toHaveLength(1);
    const day = 86_400_000;
    const top = await topUsers({
      db: ctx.db.db,
      from: new Date(Date.now() - day),
      to: new Date(Date.now() + day),
      limit: 50,
    });
    expect(top.find((u) => u.userId === userId)).toMatchObject({ email: "(deleted account)", messages: 1 });

    const after = await ctx.db.db.select().from(authEvent).where(eq(authEvent.userId, userId));
    // Since the count above: the wrong confirmation password, then the deletion itself.
    expect(after.length).toBe(eventsBefore.length + 2);
    expect(after.filter((e) => e.type === "login_failed").map((e) => e.details)).toContainEqual({
      reason: "bad_password",
      via: "account_deletion",
    });
    expect(after.every((e) => e.email === null && e.ip === null && e.userAgent === null)).toBe(true);
    const deletion = after.find((e) => e.type === "account_deleted");
    expect(deletion?.details).toMatchObject({
      confirmedWith: "password",
      conversations: 1,
      messages: 1,
      lessonsCompleted: 1,
      enrolments: 1,
    });

    expect(await sessionOf(jar)).toBeNull();
    const signIn = await call("/sign-in/email", { body: { email: "leaver@example.com", password: STRONG_PASSWORD } });
    expect(signIn.status).toBe(401);
  });

  it("asks a password-less account for a sign-in within 10 minutes, and refuses admins", async () => {
    const auth = await ctx.auth.$context;
    const created = await auth.internalAdapter.createUser(
      { email: "gh-leaver@example.com", name: "GH", emailVerified: true },
      { method: "oauth", oauth: { providerId: "github" } },
    );
    await auth.internalAdapter.linkAccount({ userId: created.id, providerId: "github", accountId: "gh-leaver" });
    const stale = await sessionJar(ctx, created.id, { createdAt: new Date(Date.now() - 11 * 60_000) });
    expect(await act(deleteAccountAction, stale, { confirm: "yes" })).toMatchObject({
      ok: false,
      code: "account:not_fresh",
    });
    const fresh = await sessionJar(ctx, created.id);
    const err = await act(deleteAccountAction, fresh, { confirm: "yes" }).catch((e) => e);
    expect(redirectedTo(err)).toBe("/sign-in?deleted=1");
    expect(await ctx.db.db.select().from(user).where(eq(user.id, created.id))).toEqual([]);
    const [deleted] = await ctx.db.db
      .select()
      .from(authEvent)
      .where(and(eq(authEvent.userId, created.id), eq(authEvent.type, "account_deleted")));
    expect(deleted?.details).toMatchObject({ confirmedWith: "fresh_sign_in" });

    const adminJar = await signUpVerified(ctx, { email: "the-admin@example.com" });
    await ctx.db.db.update(user).set({ role: "admin" }).where(eq(user.email, "the-admin@example.com"));
    expect(await act(deleteAccountAction, adminJar, { password: STRONG_PASSWORD, confirm: "yes" })).toMatchObject({
      ok: false,
      code: "account:admin",
    });
    expect(await idOf("the-admin@example.com")).toBeTruthy();
  });
});
