import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  changeEmailAction,
  changePasswordAction,
  removeMethodAction,
  renameAction,
  setPasswordAction,
} from "@/app/(account)/account/actions";
import { account, authEvent, loginAttempt, user } from "@/db/schema";
import { signInMethods } from "@/lib/account/sign-in-methods";
import {
  type AuthTestContext,
  CookieJar,
  call,
  createTestAuth,
  linkIn,
  resetLink,
  STRONG_PASSWORD,
  sessionJar,
  signUpVerified,
  waitFor,
} from "../support/auth";
import { asRequest, form, redirectedTo } from "../support/next-request";

let ctx: AuthTestContext;
beforeAll(async () => {
  ctx = await createTestAuth();
});
afterAll(() => ctx.close());

const NEW_PASSWORD = "Quiet-Lantern-Orbit-73!";

/** Calls a server action as the owner of `jar`, with these form fields. */
async function act<T>(
  action: (prev: null, data: FormData) => Promise<T>,
  jar: CookieJar | undefined,
  fields: Record<string, string | string[] | undefined> = {},
) {
  asRequest(jar);
  return action(null, form(fields));
}

const userByEmail = async (email: string) =>
  (await ctx.db.db.select().from(user).where(eq(user.email, email)))[0] as typeof user.$inferSelect;
const events = async (userId: string, type: string) =>
  ctx.db.db
    .select()
    .from(authEvent)
    .where(and(eq(authEvent.userId, userId), eq(authEvent.type, type as "email_change")));
const session = async (jar: CookieJar) => (await call("/get-session", { method: "GET", jar })).json;
/** What a reset link answers now: the code of a refusal, or "ok" when it set the password. */
const tryReset = async (token: string) => {
  const res = await call("/reset-password", { body: { token, newPassword: "Quartz-Meadow-Tunnel-58!" } });
  return res.status === 200 ? "ok" : res.json?.code;
};

/** A user who signs in only through GitHub (no credential account), with a session. */
async function socialOnly(email: string) {
  const auth = await ctx.auth.$context;
  const created = await auth.internalAdapter.createUser(
    { email, name: "Social Only", emailVerified: true },
    { method: "oauth", oauth: { providerId: "github" } },
  );
  await auth.internalAdapter.linkAccount({ userId: created.id, providerId: "github", accountId: `gh-${email}` });
  return { id: created.id, jar: await sessionJar(ctx, created.id) };
}

describe("account actions need a signed-in caller", () => {
  it("sends an anonymous caller to sign in", async () => {
    const err = await act(renameAction, undefined, { name: "Nobody" }).catch((e) => e);
    expect(redirectedTo(err)).toBe("/sign-in");
  });
});

describe("profile", () => {
  it("renames, and refuses an empty name without a raw error", async () => {
    const jar = await signUpVerified(ctx, { email: "rename@example.com", name: "Old Name" });
    expect(await act(renameAction, jar, { name: "  New Name  " })).toMatchObject({ ok: true });
    const renamed = await userByEmail("rename@example.com");
    expect(renamed.name).toBe("New Name");
    expect(await act(renameAction, jar, { name: "   " })).toMatchObject({ ok: false, code: "action:invalid" });
    // Audited like the other changes a user makes to their own account; the name itself is not
    // copied into the log (the user table has it, and it goes with the account).
    const changes = await events(renamed.id, "profile_change");
    expect(changes).toEqual([
      expect.objectContaining({ email: "rename@example.com", ip: "203.0.113.7", details: { fields: ["name"] } }),
    ]);
  });
});

describe("email change", () => {
  it("confirms at the new address, changes only then, and sends the old address a notice", async () => {
    const jar = await signUpVerified(ctx, { email: "mover@example.com" });
    const mover = await userByEmail("mover@example.com");
    const result = await act(changeEmailAction, jar, { newEmail: "Moved@Example.com" });
    expect(result).toMatchObject({ ok: true });
    expect(result?.message).toContain("moved@example.com");

    const confirm = await waitFor(() => ctx.outbox.find((m) => m.to === "moved@example.com"));
    expect(confirm.subject).toBe("Confirm your new email for IntelliStack Tutor");
    expect((await userByEmail("mover@example.com")).id).toBe(mover.id);
    expect(ctx.outbox.some((m) => m.to === "mover@example.com" && /was changed/.test(m.subject))).toBe(false);

    const url = new URL(linkIn(confirm));
    const followed = await call(`${url.pathname.replace("/api/auth", "")}${url.search}`, { method: "GET", jar });
    expect(followed.status).toBe(302);
    expect(followed.headers.get("location")).toBe("/account?email=changed");
    const after = (await ctx.db.db.select().from(user).where(eq(user.id, mover.id)))[0];
    expect(after?.email).toBe("moved@example.com");
    expect(after?.emailVerified).toBe(true);
    const notice = await waitFor(() =>
      ctx.outbox.find((m) => m.to === "mover@example.com" && /was changed/.test(m.subject)),
    );
    expect(notice.text).toContain("moved@example.com");
    const stages = (await events(mover.id, "email_change")).map((e) => e.details.stage).sort();
    expect(stages).toEqual(["confirmed", "requested"]);

    // The same link again changes nothing and sends no second notice.
    await call(`${url.pathname.replace("/api/auth", "")}${url.search}`, { method: "GET", jar });
    await new Promise((r) => setTimeout(r, 100));
    expect(ctx.outbox.filter((m) => m.to === "mover@example.com" && /was changed/.test(m.subject))).toHaveLength(1);
  });

  it("ends reset links mailed to the old address once the change is confirmed", async () => {
    const jar = await signUpVerified(ctx, { email: "leaver@example.com" });
    const link = await resetLink(ctx, "leaver@example.com");
    expect(await act(changeEmailAction, jar, { newEmail: "arrived@example.com" })).toMatchObject({ ok: true });
    // Asking for the change alone ends nothing: the link still lands on the reset page.
    const landing = () => call(`/reset-password/${link.token}${new URL(link.url).search}`, { method: "GET" });
    expect((await landing()).headers.get("location")).toContain(`token=${link.token}`);
    const confirm = new URL(linkIn(await waitFor(() => ctx.outbox.find((m) => m.to === "arrived@example.com"))));
    await call(`${confirm.pathname.replace("/api/auth", "")}${confirm.search}`, { method: "GET", jar });
    expect((await userByEmail("arrived@example.com"))?.email).toBe("arrived@example.com");
    expect((await landing()).headers.get("location")).toContain("error=INVALID_TOKEN");
    expect(await tryReset(link.token)).toBe("INVALID_TOKEN");
  });

  it("answers the same for an address that belongs to someone else, and mails nobody", async () => {
    await signUpVerified(ctx, { email: "taken@example.com" });
    const jar = await signUpVerified(ctx, { email: "curious@example.com" });
    const before = ctx.outbox.length;
    const result = await act(changeEmailAction, jar, { newEmail: "taken@example.com" });
    expect(result).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 100));
    expect(ctx.outbox.slice(before)).toEqual([]);
    expect((await userByEmail("curious@example.com")).email).toBe("curious@example.com");
    expect(await act(changeEmailAction, jar, { newEmail: "not an email" })).toMatchObject({ ok: false });
  });
});

describe("password", () => {
  it("applies the policy, counts wrong current passwords, and can sign out the other devices", async () => {
    const jar = await signUpVerified(ctx, { email: "changer@example.com", name: "Changer" });
    const changer = await userByEmail("changer@example.com");
    const other = new CookieJar();
    expect(
      (await call("/sign-in/email", { body: { email: changer.email, password: STRONG_PASSWORD }, jar: other })).status,
    ).toBe(200);

    const weak = await act(changePasswordAction, jar, { currentPassword: STRONG_PASSWORD, newPassword: "changer2024" });
    expect(weak).toMatchObject({ ok: false, code: "account:rejected" });
    expect(await ctx.db.db.select().from(loginAttempt)).toHaveLength(0);

    const wrong = await act(changePasswordAction, jar, {
      currentPassword: "Not-The-Password-1!",
      newPassword: NEW_PASSWORD,
    });
    expect(wrong).toMatchObject({ ok: false, code: "account:wrong_password", message: "That password is not right." });
    expect((await ctx.db.db.select().from(loginAttempt))[0]?.failedCount).toBe(1);

    const ok = await act(changePasswordAction, jar, {
      currentPassword: STRONG_PASSWORD,
      newPassword: NEW_PASSWORD,
      revokeOtherSessions: "on",
    });
    expect(ok).toMatchObject({ ok: true });
    expect(await session(other)).toBeNull();
    expect(await ctx.db.db.select().from(loginAttempt)).toHaveLength(0);
    const [event] = await events(changer.id, "password_change");
    expect(event?.details).toEqual({ revokedOtherSessions: true });
    expect((await call("/sign-in/email", { body: { email: changer.email, password: STRONG_PASSWORD } })).status).toBe(
      401,
    );
    expect((await call("/sign-in/email", { body: { email: changer.email, password: NEW_PASSWORD } })).status).toBe(200);
  });

  it("a change on the account page ends outstanding reset links", async () => {
    const jar = await signUpVerified(ctx, { email: "rechanger@example.com", name: "Rechanger" });
    const link = await resetLink(ctx, "rechanger@example.com");
    const changed = await act(changePasswordAction, jar, {
      currentPassword: STRONG_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(changed).toMatchObject({ ok: true });
    expect(await tryReset(link.token)).toBe("INVALID_TOKEN");
  });

  it("audits wrong current passwords and the lock they set, as sign-in does", async () => {
    const jar = await signUpVerified(ctx, { email: "guesser@example.com", name: "Guesser" });
    const guesser = await userByEmail("guesser@example.com");
    const attempt = () =>
      act(changePasswordAction, jar, { currentPassword: "Not-The-Password-1!", newPassword: NEW_PASSWORD });
    for (let i = 0; i < 4; i++) expect(await attempt()).toMatchObject({ message: "That password is not right." });
    const locking = (await attempt()) as { message: string };
    expect(locking.message).toMatch(/^Too many wrong passwords: .* locked until \d\d:\d\d UTC\./);
    expect(locking.message).not.toContain("email");
    expect(await attempt()).toMatchObject({ ok: false, message: locking.message });

    const failures = await events(guesser.id, "login_failed");
    expect(failures.map((e) => e.details)).toEqual([
      ...Array.from({ length: 5 }, () => ({ reason: "bad_password", via: "password_change" })),
      { reason: "locked", via: "password_change" },
    ]);
    const [lockout, ...more] = await events(guesser.id, "lockout");
    expect(more).toHaveLength(0);
    expect(lockout?.details).toMatchObject({ via: "password_change", until: expect.any(String) });
    expect(lockout?.email).toBe("guesser@example.com");
    // The lock holds for sign-in too, with the right password.
    const signIn = await call("/sign-in/email", { body: { email: guesser.email, password: STRONG_PASSWORD } });
    expect(signIn.status).toBe(401);
    expect(signIn.json).toMatchObject({ code: "ACCOUNT_LOCKED" });
  });

  it("lets a social-only account set a first password, then sign in with it", async () => {
    const { id, jar } = await socialOnly("social-set@example.com");
    expect((await signInMethods({ db: ctx.db.db, userId: id })).map((m) => m.providerId)).toEqual(["github"]);
    expect(await act(setPasswordAction, jar, { newPassword: "short" })).toMatchObject({ ok: false });
    expect(await act(setPasswordAction, jar, { newPassword: NEW_PASSWORD })).toMatchObject({ ok: true });
    expect((await signInMethods({ db: ctx.db.db, userId: id })).map((m) => m.providerId).sort()).toEqual([
      "credential",
      "github",
    ]);
    const signedIn = await call("/sign-in/email", {
      body: { email: "social-set@example.com", password: NEW_PASSWORD },
    });
    expect(signedIn.status).toBe(200);
    // With the address and browser, as a change of an existing password has them.
    const [set] = await events(id, "password_change");
    expect(set).toMatchObject({ ip: "203.0.113.7", userAgent: "vitest" });
    expect(set?.details).toEqual({ set: true });
    // A second "set" is refused: there is a password now.
    expect(await act(setPasswordAction, jar, { newPassword: NEW_PASSWORD })).toMatchObject({
      ok: false,
      code: "account:password_exists",
    });
  });
});

describe("a first password, or none, ends outstanding reset links", () => {
  it("when one is set", async () => {
    const { jar } = await socialOnly("social-reset@example.com");
    const link = await resetLink(ctx, "social-reset@example.com");
    expect(await act(setPasswordAction, jar, { newPassword: NEW_PASSWORD })).toMatchObject({ ok: true });
    expect(await tryReset(link.token)).toBe("INVALID_TOKEN");
  });

  it("when it is removed", async () => {
    const { id, jar } = await socialOnly("social-drop@example.com");
    await act(setPasswordAction, jar, { newPassword: NEW_PASSWORD });
    const link = await resetLink(ctx, "social-drop@example.com");
    const credential = (await signInMethods({ db: ctx.db.db, userId: id })).find((m) => m.providerId === "credential");
    expect(await act(removeMethodAction, jar, { accountId: credential?.accountId })).toMatchObject({ ok: true });
    expect(await tryReset(link.token)).toBe("INVALID_TOKEN");
  });
});

describe("sign-in methods", () => {
  it("refuses to remove the last way to sign in, and removes any other", async () => {
    const { id, jar } = await socialOnly("social-only@example.com");
    const [github] = await signInMethods({ db: ctx.db.db, userId: id });
    expect(github?.removable).toBe(false);
    const refused = await act(removeMethodAction, jar, { accountId: github?.accountId });
    expect(refused).toMatchObject({
      ok: false,
      code: "account:last_method",
      message: "This is your only way to sign in. Set a password first, then you can unlink it.",
    });
    expect(await ctx.db.db.select().from(account).where(eq(account.userId, id))).toHaveLength(1);

    await act(setPasswordAction, jar, { newPassword: NEW_PASSWORD });
    const removed = await act(removeMethodAction, jar, { accountId: github?.accountId });
    expect(removed).toMatchObject({ ok: true, message: "The account is unlinked." });
    const left = await signInMethods({ db: ctx.db.db, userId: id });
    expect(left.map((m) => [m.providerId, m.removable])).toEqual([["credential", false]]);
    // The page offers no button for it; a request made anyway is refused.
    const kept = await act(removeMethodAction, jar, { accountId: left[0]?.accountId });
    expect(kept).toMatchObject({ ok: false, message: "This is your only way to sign in, so your password stays." });
    expect((await events(id, "oauth_unlink"))[0]?.details).toEqual({ provider: "github" });
  });

  it("never removes another user's sign-in method", async () => {
    const { id } = await socialOnly("victim@example.com");
    const [victimMethod] = await signInMethods({ db: ctx.db.db, userId: id });
    const jar = await signUpVerified(ctx, { email: "attacker@example.com" });
    const result = await act(removeMethodAction, jar, { accountId: victimMethod?.accountId });
    expect(result).toMatchObject({ ok: false, code: "account:not_found" });
    expect(await ctx.db.db.select().from(account).where(eq(account.userId, id))).toHaveLength(1);
  });
});
