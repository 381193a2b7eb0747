import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authEvent, loginAttempt } from "@/db/schema";
import { unlockAccount } from "@/lib/auth/account-admin";
import { auditWriter } from "@/lib/auth/audit";
import { lockoutKey } from "@/lib/auth/lockout";
import { lockedSentence } from "@/lib/auth/messages";
import { type AuthTestContext, call, createTestAuth, STRONG_PASSWORD, signUpVerified } from "../support/auth";

let ctx: AuthTestContext;
beforeAll(async () => {
  ctx = await createTestAuth();
});
afterAll(() => ctx.close());

const signIn = (email: string, password: string) => call("/sign-in/email", { body: { email, password } });
const failures = (email: string, reason: string) =>
  ctx.db.db
    .select()
    .from(authEvent)
    .where(
      and(
        eq(authEvent.email, email),
        eq(authEvent.type, "login_failed"),
        sql`${authEvent.details}->>'reason' = ${reason}`,
      ),
    );

/** Status and body with the unlock time (which differs by milliseconds) taken out. */
const comparable = (r: Awaited<ReturnType<typeof signIn>>) => {
  const { lockedUntil: _l, message, error, ...rest } = (r.json ?? {}) as Record<string, unknown>;
  const strip = (m: unknown) => String(m).replace(/\d\d:\d\d UTC/, "HH:MM UTC");
  return {
    status: r.status,
    ...rest,
    message: strip(message),
    error: { ...(error as object), message: strip((error as { message: string })?.message) },
  };
};

describe("account lockout", () => {
  it("locks after 5 failures for 30 minutes; even the right password then fails with the lock notice", async () => {
    await signUpVerified(ctx, { email: "lock@example.com" });
    for (let i = 1; i <= 4; i++) {
      const r = await signIn("lock@example.com", "Wrong-password-123!");
      expect(r.status).toBe(401);
      expect(r.json?.code).toBe("INVALID_EMAIL_OR_PASSWORD");
    }
    const fifth = await signIn("lock@example.com", "Wrong-password-123!");
    expect(fifth.status).toBe(401);
    expect(fifth.json?.code).toBe("ACCOUNT_LOCKED");
    const until = new Date(String(fifth.json?.lockedUntil)).getTime();
    expect(until - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(until - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    expect(String(fifth.json?.message)).toBe(lockedSentence(`${String(fifth.json?.lockedUntil).slice(11, 16)} UTC`));

    const right = await signIn("lock@example.com", STRONG_PASSWORD);
    expect(right.status).toBe(401);
    expect(right.json?.code).toBe("ACCOUNT_LOCKED");
    expect(right.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await failures("lock@example.com", "bad_password")).toHaveLength(5);
    expect(await failures("lock@example.com", "locked")).toHaveLength(1);
    const lockouts = await ctx.db.db
      .select()
      .from(authEvent)
      .where(and(eq(authEvent.type, "lockout"), eq(authEvent.email, "lock@example.com")));
    expect(lockouts).toHaveLength(1);
  });

  it("behaves identically for an email that has no account", async () => {
    await signUpVerified(ctx, { email: "real@example.com" });
    const real: unknown[] = [];
    const ghost: unknown[] = [];
    for (let i = 0; i < 7; i++) {
      real.push(comparable(await signIn("real@example.com", "Wrong-password-123!")));
      ghost.push(comparable(await signIn("ghost@example.com", "Wrong-password-123!")));
    }
    expect(ghost).toEqual(real);
    expect(await failures("ghost@example.com", "unknown_user")).toHaveLength(5);
  });

  it("counts a parallel burst atomically: 20 wrong attempts, exactly 5 checked, then locked", async () => {
    await signUpVerified(ctx, { email: "burst@example.com" });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => signIn("burst@example.com", "Wrong-password-123!")),
    );
    expect(results.every((r) => r.status === 401)).toBe(true);
    // Only 5 attempts reach the password check; the other 15 are refused before it.
    expect(await failures("burst@example.com", "bad_password")).toHaveLength(5);
    expect(await failures("burst@example.com", "locked")).toHaveLength(15);
    // The 5th reservation set the lock, so every answer, in flight or refused, carries the notice.
    expect(results.filter((r) => r.json?.code === "ACCOUNT_LOCKED").length).toBeGreaterThanOrEqual(15);
    const [row] = await ctx.db.db
      .select()
      .from(loginAttempt)
      .where(eq(loginAttempt.key, lockoutKey("burst@example.com")));
    expect(row?.failedCount).toBe(5);
  });

  it("never refuses a right password because others are being checked: 16 at once, 16 signed in", async () => {
    await signUpVerified(ctx, { email: "crowd@example.com" });
    const results = await Promise.all(Array.from({ length: 16 }, () => signIn("crowd@example.com", STRONG_PASSWORD)));
    expect(results.map((r) => r.status)).toEqual(Array(16).fill(200));
    expect(await failures("crowd@example.com", "locked")).toHaveLength(0);
    // Nothing is left to count against the next attempt.
    const rows = await ctx.db.db
      .select()
      .from(loginAttempt)
      .where(eq(loginAttempt.key, lockoutKey("crowd@example.com")));
    expect(rows).toHaveLength(0);
    const successes = await ctx.db.db
      .select()
      .from(authEvent)
      .where(and(eq(authEvent.email, "crowd@example.com"), eq(authEvent.type, "login_success")));
    // Besides the confirmation link's sign-in at sign-up: one per password.
    expect(successes.filter((e) => (e.details as { method?: string } | null)?.method === "password")).toHaveLength(16);
  });

  it("counts only failures: with 4 failed, 8 right passwords at once all get in and reset the count", async () => {
    await signUpVerified(ctx, { email: "after-four@example.com" });
    for (let i = 0; i < 4; i++) await signIn("after-four@example.com", "Wrong-password-123!");
    const results = await Promise.all(
      Array.from({ length: 8 }, () => signIn("after-four@example.com", STRONG_PASSWORD)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    for (let i = 0; i < 4; i++) {
      expect((await signIn("after-four@example.com", "Wrong-password-123!")).json?.code).toBe(
        "INVALID_EMAIL_OR_PASSWORD",
      );
    }
  });

  it("resets the count after a successful sign-in", async () => {
    await signUpVerified(ctx, { email: "reset-count@example.com" });
    for (let i = 0; i < 4; i++) await signIn("reset-count@example.com", "Wrong-password-123!");
    expect((await signIn("reset-count@example.com", STRONG_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) {
      expect((await signIn("reset-count@example.com", "Wrong-password-123!")).json?.code).toBe(
        "INVALID_EMAIL_OR_PASSWORD",
      );
    }
    expect((await signIn("reset-count@example.com", STRONG_PASSWORD)).status).toBe(200);
  });

  it("opens again when the lock expires, and an admin can unlock early (audited)", async () => {
    await signUpVerified(ctx, { email: "expire@example.com" });
    for (let i = 0; i < 5; i++) await signIn("expire@example.com", "Wrong-password-123!");
    expect((await signIn("expire@example.com", STRONG_PASSWORD)).json?.code).toBe("ACCOUNT_LOCKED");
    await ctx.db.db
      .update(loginAttempt)
      .set({ lockedUntil: sql`now() - interval '1 second'` })
      .where(eq(loginAttempt.key, lockoutKey("expire@example.com")));
    expect((await signIn("expire@example.com", STRONG_PASSWORD)).status).toBe(200);

    for (let i = 0; i < 5; i++) await signIn("expire@example.com", "Wrong-password-123!");
    expect((await signIn("expire@example.com", STRONG_PASSWORD)).json?.code).toBe("ACCOUNT_LOCKED");
    const audit = auditWriter(ctx.db.db);
    expect(await unlockAccount({ db: ctx.db.db, audit, email: "expire@example.com", by: "admin-1" })).toBe(true);
    expect((await signIn("expire@example.com", STRONG_PASSWORD)).status).toBe(200);
    const unlocks = await ctx.db.db.select().from(authEvent).where(eq(authEvent.type, "unlock"));
    expect(unlocks.map((u) => [u.email, u.details])).toEqual([["expire@example.com", { by: "admin-1" }]]);
  });
});
