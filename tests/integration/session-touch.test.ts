import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { session } from "@/db/schema";
import { needsTouch, requireApiUser } from "@/lib/auth/session";
import { type AuthTestContext, BASE_URL, createTestAuth, signUpVerified } from "../support/auth";
import { statementsDuring } from "../support/statements";

/**
 * "Last active" moves at most every 5 minutes. The session row an API request has just read
 * says when it last moved, so a recent session is not written again (no statement at all).
 */
let t: AuthTestContext;
beforeAll(async () => {
  t = await createTestAuth();
});
afterAll(() => t.close());

const MINUTE = 60_000;

describe("needsTouch", () => {
  it("is false within 5 minutes of the last touch, true after, and true when the time is unknown", () => {
    const now = Date.parse("2026-11-30T12:00:00Z");
    expect(needsTouch(new Date(now - 4 * MINUTE), now)).toBe(false);
    expect(needsTouch(new Date(now - 5 * MINUTE), now)).toBe(true);
    expect(needsTouch(new Date(now - 60 * MINUTE).toISOString(), now)).toBe(true);
    expect(needsTouch(undefined, now)).toBe(true);
    expect(needsTouch("not a date", now)).toBe(true);
  });
});

describe("an API request's session", () => {
  it("is touched when older than 5 minutes, and left alone when recent", async () => {
    const jar = await signUpVerified(t, { email: "touch@example.com" });
    const request = () => new Request(`${BASE_URL}/api/chatkit`, { headers: { cookie: jar.header() } });
    const user = await requireApiUser(request());
    const rows = () =>
      t.db.db.select({ updatedAt: session.updatedAt }).from(session).where(eq(session.userId, user.id));
    const setAll = (at: Date) => t.db.db.update(session).set({ updatedAt: at }).where(eq(session.userId, user.id));

    const stale = new Date(Date.now() - 10 * MINUTE);
    await setAll(stale);
    await requireApiUser(request());
    const [touched] = await rows();
    expect(touched?.updatedAt.getTime()).toBeGreaterThan(stale.getTime() + 9 * MINUTE);

    const recent = new Date(Date.now() - 2 * MINUTE);
    await setAll(recent);
    await requireApiUser(request());
    const [kept] = await rows();
    expect(kept?.updatedAt.getTime()).toBe(recent.getTime());
  });
});

describe("an API request's session lookup", () => {
  it("reads the session and its user in one statement (a join), with the user's fields intact", async () => {
    const jar = await signUpVerified(t, { email: "joined@example.com", name: "Joined Learner" });
    const request = () => new Request(`${BASE_URL}/api/chatkit`, { headers: { cookie: jar.header() } });
    await requireApiUser(request()); // touched if needed, so the next request only reads
    const { result: user, statements } = await statementsDuring(t.db.db, () => requireApiUser(request()));
    expect(user).toMatchObject({ email: "joined@example.com", name: "Joined Learner", role: "student" });
    expect(user.emailVerified).toBe(true);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/from "session"/);
    expect(statements[0]).toMatch(/"user"/);
  });
});
