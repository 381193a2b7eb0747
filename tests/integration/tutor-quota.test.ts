import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tutorLimitAction } from "@/app/(admin)/admin/users/[userId]/actions";
import { studentsAtQuota } from "@/db/queries/admin-usage";
import { authEvent, tutorMessage, user } from "@/db/schema";
import { consumeQuota, getQuota } from "@/lib/tutor/quota";
import { type ChatkitTest, post, readEvents, setupChatkit, userInput } from "../support/chatkit";
import { insertUsers } from "../support/db";
import { asRequest, form, redirectedTo } from "../support/next-request";

let t: ChatkitTest;
beforeAll(async () => {
  t = await setupChatkit();
});
afterAll(() => t.close());

describe("the tutor quota (20 per rolling 24 h for students)", () => {
  it("accepts exactly 20 of 40 parallel messages from a student with none used", async () => {
    await insertUsers(t.db.db, ["racer"]);
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, () =>
        consumeQuota({ db: t.db.db, user: { id: "racer", role: "student" }, limit: 20 }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(20);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused).toHaveLength(20);
    expect(refused.every((r) => (r.reason as { code: string }).code === "tutor:quota")).toBe(true);
    expect(await t.db.db.select().from(tutorMessage).where(eq(tutorMessage.userId, "racer"))).toHaveLength(20);
  });

  it("frees a slot 24 hours after the oldest message (rolling window)", async () => {
    await insertUsers(t.db.db, ["roller"]);
    const twentyFiveHoursAgo = new Date(Date.now() - 25 * 3600_000);
    const twentyThreeHoursAgo = new Date(Date.now() - 23 * 3600_000);
    await t.db.db.insert(tutorMessage).values([
      ...Array.from({ length: 5 }, (_, i) => ({ id: `old-${i}`, userId: "roller", createdAt: twentyFiveHoursAgo })),
      ...Array.from({ length: 19 }, (_, i) => ({
        id: `recent-${i}`,
        userId: "roller",
        createdAt: twentyThreeHoursAgo,
      })),
    ]);
    const q = await getQuota({ db: t.db.db, user: { id: "roller", role: "student" }, limit: 20 });
    expect(q.remaining).toBe(1);
    expect(Math.abs(q.resetAt.getTime() - (twentyThreeHoursAgo.getTime() + 24 * 3600_000))).toBeLessThan(1000);
    await consumeQuota({ db: t.db.db, user: { id: "roller", role: "student" }, limit: 20 });
    await expect(
      consumeQuota({ db: t.db.db, user: { id: "roller", role: "student" }, limit: 20 }),
    ).rejects.toMatchObject({ status: 429 });
  });

  it("answers 429 tutor:quota with the reset time before any stream, and sends the headers every time", async () => {
    const jar = await t.as("limited@example.com");
    const deps = { dailyLimit: 2 };
    const first = await post(t, { type: "threads.create", params: { input: userInput("one") } }, { jar, deps });
    expect(first.headers.get("x-ratelimit-limit")).toBe("2");
    // The answer's headers already count the message it answers.
    expect(first.headers.get("x-ratelimit-remaining")).toBe("1");
    await readEvents(first);
    await readEvents(await post(t, { type: "threads.create", params: { input: userInput("two") } }, { jar, deps }));
    const list = await post(t, { type: "threads.list", params: {} }, { jar, deps });
    expect(list.headers.get("x-ratelimit-remaining")).toBe("0");
    const reset = Number(list.headers.get("x-ratelimit-reset"));
    expect(reset * 1000).toBeGreaterThan(Date.now() + 23 * 3600_000);

    const over = await post(t, { type: "threads.create", params: { input: userInput("three") } }, { jar, deps });
    expect(over.status).toBe(429);
    expect(over.headers.get("content-type")).toMatch(/application\/json/);
    expect(over.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = await over.json();
    expect(body.error.code).toBe("tutor:quota");
    expect(body.error.message).toMatch(
      /^You've used your 2 tutor messages for the last 24 hours\. The next one frees up at \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/,
    );
  });

  it("does not limit instructors or admins", async () => {
    const jar = await t.as("teacher@example.com");
    await t.db.db.update(user).set({ role: "instructor" }).where(eq(user.email, "teacher@example.com"));
    const deps = { dailyLimit: 1 };
    for (let i = 0; i < 3; i++) {
      const res = await post(
        t,
        { type: "threads.create", params: { input: userInput(`question ${i}`) } },
        { jar, deps },
      );
      expect(res.status).toBe(200);
      await readEvents(res);
    }
    const id = await t.userId("teacher@example.com");
    expect(await t.db.db.select().from(tutorMessage).where(eq(tutorMessage.userId, id))).toHaveLength(0);
  });
});

describe("a learner's own limit, set by an admin", () => {
  const limitAs = async (email: string, fields: Record<string, string>) => {
    asRequest(await t.as(email));
    return tutorLimitAction(null, form(fields));
  };

  it("is honoured exactly under 40 parallel messages, resets on request, and every change is audited", async () => {
    await t.as("admin@example.com");
    await t.db.db.update(user).set({ role: "admin" }).where(eq(user.email, "admin@example.com"));
    await t.as("limited-racer@example.com");
    const id = await t.userId("limited-racer@example.com");
    const student = { id, role: "student" as const };

    const denied = await limitAs("limited-racer@example.com", { intent: "set", userId: id, dailyLimit: "100" }).catch(
      (e) => e,
    );
    expect(redirectedTo(denied)).toBe("/learn?denied=1");
    expect(await limitAs("admin@example.com", { intent: "set", userId: id, dailyLimit: "-1" })).toMatchObject({
      ok: false,
      code: "action:invalid",
    });
    expect(await limitAs("admin@example.com", { intent: "set", userId: id, dailyLimit: "7" })).toMatchObject({
      ok: true,
    });

    const results = await Promise.allSettled(
      Array.from({ length: 40 }, () => consumeQuota({ db: t.db.db, user: student, limit: 20 })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(7);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused.every((r) => (r.reason as { code: string }).code === "tutor:quota")).toBe(true);
    expect(refused[0]?.reason).toMatchObject({ message: expect.stringMatching(/used your 7 tutor messages/) });
    expect(await t.db.db.select().from(tutorMessage).where(eq(tutorMessage.userId, id))).toHaveLength(7);
    expect(await getQuota({ db: t.db.db, user: student, limit: 20 })).toMatchObject({ limit: 7, remaining: 0 });
    expect((await studentsAtQuota({ db: t.db.db, limit: 20 })).find((s) => s.userId === id)).toMatchObject({
      used: 7,
      limit: 7,
    });

    expect(await limitAs("admin@example.com", { intent: "reset", userId: id })).toMatchObject({ ok: true });
    expect(await getQuota({ db: t.db.db, user: student, limit: 20 })).toMatchObject({ limit: 7, remaining: 7 });
    expect((await studentsAtQuota({ db: t.db.db, limit: 20 })).some((s) => s.userId === id)).toBe(false);
    const again = await Promise.allSettled(
      Array.from({ length: 10 }, () => consumeQuota({ db: t.db.db, user: student, limit: 20 })),
    );
    expect(again.filter((r) => r.status === "fulfilled")).toHaveLength(7);

    expect(await limitAs("admin@example.com", { intent: "default", userId: id })).toMatchObject({ ok: true });
    expect(await getQuota({ db: t.db.db, user: student, limit: 20 })).toMatchObject({ limit: 20, remaining: 13 });

    const audit = await t.db.db
      .select()
      .from(authEvent)
      .where(and(eq(authEvent.type, "admin_action"), eq(authEvent.userId, id)));
    expect(audit.map((e) => [e.details.action, e.details.dailyLimit ?? null])).toEqual([
      ["tutor_limit", 7],
      ["tutor_quota_reset", null],
      ["tutor_limit", null],
    ]);
  });

  it("shows the learner's own limit in the tutor's rate-limit headers", async () => {
    const jar = await t.as("header-check@example.com");
    const id = await t.userId("header-check@example.com");
    await t.as("admin@example.com");
    await limitAs("admin@example.com", { intent: "set", userId: id, dailyLimit: "3" });
    const res = await post(t, { type: "threads.list", params: {} }, { jar });
    expect(res.headers.get("x-ratelimit-limit")).toBe("3");
    expect(res.headers.get("x-ratelimit-remaining")).toBe("3");
  });
});
