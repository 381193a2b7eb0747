import { hash as bcryptHash } from "@node-rs/bcrypt";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { account, authEvent, user } from "@/db/schema";
import { APP_HASH } from "@/lib/migration/format";
import { executeImport } from "@/lib/migration/import";
import { planImport } from "@/lib/migration/plan";
import {
  type AuthTestContext,
  CookieJar,
  call,
  createTestAuth,
  linkIn,
  STRONG_PASSWORD,
  waitFor,
} from "../support/auth";

/** The edges of a first sign-in with an imported hash, on a handful of users. */
let ctx: AuthTestContext;
const WEAK = "letmein";
const GOOD = "Quiet-Harbor-7731-lantern-Ovq!";

const row = (id: string, passwordHash: string, role = "student") =>
  JSON.stringify({
    id,
    email: `${id}@old.example`,
    name: `Person ${id}`,
    email_verified: true,
    password_hash: passwordHash,
    role,
    created_at: "2018-06-01T12:00:00Z",
    accounts: [],
  });

beforeAll(async () => {
  ctx = await createTestAuth();
  const weak = await bcryptHash(WEAK, 4);
  const good = await bcryptHash(GOOD, 4);
  const file = [
    row("weak-reset", weak),
    row("weak-admin-set", weak),
    row("race", good),
    row("root", good, "admin"),
  ].join("\n");
  const plan = await planImport({ db: ctx.db.db, bytes: new TextEncoder().encode(file), fileName: "few.jsonl" });
  await executeImport({ db: ctx.db.db, plan, operator: { by: "cli:test" } });
}, 120_000);
afterAll(() => ctx.close());

const flag = async (id: string) =>
  (await ctx.db.db.select({ f: user.passwordChangeRequired }).from(user).where(eq(user.id, id)))[0]?.f;
const stored = async (id: string) =>
  (
    await ctx.db.db
      .select({ password: account.password })
      .from(account)
      .where(and(eq(account.userId, id), eq(account.providerId, "credential")))
  )[0]?.password;

describe("first sign-in with an imported hash", () => {
  it("two sign-ins at once both succeed, and the hash is replaced once with one that works", async () => {
    const results = await Promise.all(
      [1, 2].map(() => call("/sign-in/email", { body: { email: "race@old.example", password: GOOD } })),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect((await stored("race")) ?? "").toMatch(APP_HASH);
    expect((await call("/sign-in/email", { body: { email: "race@old.example", password: GOOD } })).status).toBe(200);
    // The replacement only applies to the hash that was verified: exactly one sign-in did it.
    const logins = await ctx.db.db
      .select({ details: authEvent.details })
      .from(authEvent)
      .where(and(eq(authEvent.userId, "race"), eq(authEvent.type, "login_success")));
    expect(logins).toHaveLength(3);
    expect(logins.filter((l) => l.details.rehashed === true)).toHaveLength(1);
    // The file's first sign-ins also warm the auth instance up; a loaded machine needs longer.
  }, 90_000);

  it("a password reset ends the request to choose a new password", async () => {
    expect((await call("/sign-in/email", { body: { email: "weak-reset@old.example", password: WEAK } })).status).toBe(
      200,
    );
    expect(await flag("weak-reset")).toBe(true);
    const before = ctx.outbox.length;
    await call("/request-password-reset", { body: { email: "weak-reset@old.example", redirectTo: "/reset-password" } });
    const mail = await waitFor(() => ctx.outbox.slice(before).find((m) => m.to === "weak-reset@old.example"));
    const token = new URL(linkIn(mail)).pathname.split("/").pop();
    expect((await call("/reset-password", { body: { token, newPassword: STRONG_PASSWORD } })).status).toBe(200);
    expect(await flag("weak-reset")).toBe(false);
  });

  it("so does a password an admin sets", async () => {
    expect(
      (await call("/sign-in/email", { body: { email: "weak-admin-set@old.example", password: WEAK } })).status,
    ).toBe(200);
    expect(await flag("weak-admin-set")).toBe(true);
    const jar = new CookieJar();
    expect((await call("/sign-in/email", { body: { email: "root@old.example", password: GOOD }, jar })).status).toBe(
      200,
    );
    const set = await call("/admin/set-user-password", {
      jar,
      body: { userId: "weak-admin-set", newPassword: STRONG_PASSWORD },
    });
    expect(set.status).toBe(200);
    expect(await flag("weak-admin-set")).toBe(false);
  });
});
