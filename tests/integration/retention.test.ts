import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { GET as cronRetention } from "@/app/api/cron/retention/route";
import { closeDatabase, installDatabaseHandle, openDatabase } from "@/db/client";
import {
  aiEvent,
  authEvent,
  chatItem,
  chatThread,
  course,
  enrollment,
  tutorFeedback,
  tutorUsageDaily,
} from "@/db/schema";
import { previewRetention, retentionCron, runRetention } from "@/lib/retention";
import { expectLogged } from "../support/console";
import { createTestDatabase, insertUsers, type TestDatabase } from "../support/db";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.insert(course).values([
    { id: "robotics", title: "Robotics", summary: "s" },
    { id: "other", title: "Other course", summary: "s" },
  ]);
});
afterAll(() => t.close());

const runsBy = async (by: string) =>
  (await t.db.select().from(authEvent).where(eq(authEvent.type, "admin_action"))).filter(
    (e) => e.details.action === "retention_run" && e.details.by === by,
  );
const daysAgo = (n: number) => new Date(Date.now() - n * 86400_000);
const ids = async () => (await t.db.select({ id: chatThread.id }).from(chatThread)).map((r) => r.id).sort();
let n = 0;
const enrol = (userId: string, courseId: string, status: "active" | "completed" | "withdrawn", ended?: number) =>
  t.db.insert(enrollment).values({
    id: `e${n++}`,
    userId,
    courseId,
    status,
    endedAt: ended === undefined ? null : daysAgo(ended),
  });

describe("conversation retention, driven by the enrollment table", () => {
  it("deletes a learner's threads 30 days after their enrolment in that course ended, and not before", async () => {
    await insertUsers(t.db, ["gone", "recent", "active", "mixed", "reopened"]);
    await enrol("gone", "robotics", "completed", 31);
    await enrol("recent", "robotics", "withdrawn", 29);
    await enrol("active", "robotics", "active");
    // Ended long ago in one course, still active in another.
    await enrol("mixed", "robotics", "withdrawn", 40);
    await enrol("mixed", "other", "active");
    await enrol("reopened", "robotics", "active");
    await t.db.insert(chatThread).values([
      { id: "gone_1", userId: "gone", courseId: "robotics" },
      { id: "gone_nocourse", userId: "gone", courseId: null },
      { id: "recent_1", userId: "recent", courseId: "robotics" },
      { id: "active_1", userId: "active", courseId: "robotics" },
      { id: "mixed_robotics", userId: "mixed", courseId: "robotics" },
      { id: "mixed_other", userId: "mixed", courseId: "other" },
      { id: "mixed_nocourse", userId: "mixed", courseId: null },
      { id: "reopened_1", userId: "reopened", courseId: "robotics" },
    ]);
    await t.db
      .insert(chatItem)
      .values({ id: "msg_gone", threadId: "gone_1", userId: "gone", type: "user_message", content: {} });

    const preview = await previewRetention({ db: t.db, logDays: 400 });
    expect(preview.threadsDue).toBe(3);
    const due = preview.enrolments.filter((e) => e.due).map((e) => [e.email, e.threads]);
    expect(due).toEqual([
      ["mixed@example.test", 1],
      ["gone@example.test", 2],
    ]);
    const waiting = preview.enrolments.filter((e) => !e.due);
    expect(waiting.map((e) => e.email)).toEqual(["recent@example.test"]);
    expect(Math.abs((waiting[0]?.deleteAfter.getTime() ?? 0) - daysAgo(-1).getTime())).toBeLessThan(60_000);

    const report = await runRetention({ db: t.db, logDays: 400, by: "cli" });
    expect(report.threadsDeleted).toBe(3);
    expect(await ids()).toEqual(["active_1", "mixed_nocourse", "mixed_other", "recent_1", "reopened_1"]);
    expect(await t.db.select().from(chatItem).where(eq(chatItem.id, "msg_gone"))).toHaveLength(0);
    expect((await previewRetention({ db: t.db, logDays: 400 })).threadsDue).toBe(0);
  });

  it("runs only with the cron secret", async () => {
    await insertUsers(t.db, ["cron"]);
    await enrol("cron", "robotics", "completed", 35);
    await t.db.insert(chatThread).values({ id: "cron_1", userId: "cron", courseId: "robotics" });
    const url = "http://localhost/api/cron/retention";
    expect((await retentionCron(new Request(url), { secret: undefined, db: async () => t.db })).status).toBe(503);
    const denied = await retentionCron(new Request(url, { headers: { authorization: "Bearer wrong-secret-0000" } }), {
      secret: "the-cron-secret-123",
      db: async () => t.db,
    });
    expect(denied.status).toBe(401);
    expect((await denied.json()).error.code).toBe("cron:unauthorized");
    expect((await previewRetention({ db: t.db, logDays: 400 })).threadsDue).toBe(1);

    const ok = await retentionCron(new Request(url, { headers: { authorization: "Bearer the-cron-secret-123" } }), {
      secret: "the-cron-secret-123",
      db: async () => t.db,
      logDays: 400,
    });
    expect(ok.status).toBe(200);
    expect((await ok.json()).threadsDeleted).toBe(1);
    expect(await t.db.select().from(chatThread).where(eq(chatThread.id, "cron_1"))).toHaveLength(0);
    // Only the run that happened is recorded, as the cron's, with what it deleted.
    expect(await runsBy("cron")).toEqual([
      expect.objectContaining({ userId: null, details: expect.objectContaining({ threadsDeleted: 1 }) }),
    ]);
  });
});

describe("GET /api/cron/retention", () => {
  it("answers 503 db:unavailable with Retry-After, not a bare 500, when the database is down", async () => {
    expectLogged(/\[db\] unavailable/, "warn");
    // Nothing listens on port 1: every query is refused, as when the database server is down.
    installDatabaseHandle(await openDatabase({ driver: "pg", url: "postgres://app:app@127.0.0.1:1/app" }));
    vi.stubEnv("CRON_SECRET", "the-cron-secret-123");
    const env = globalThis as { __intellistackEnv?: unknown };
    env.__intellistackEnv = undefined;
    onTestFinished(async () => {
      vi.unstubAllEnvs();
      env.__intellistackEnv = undefined;
      await closeDatabase();
    });
    const res = await cronRetention(
      new Request("http://localhost/api/cron/retention", { headers: { authorization: "Bearer the-cron-secret-123" } }),
    );
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect((await res.json()).error.code).toBe("db:unavailable");
  });
});

describe("GET /api/cron/retention without the secret", () => {
  it("answers 401 without opening the database", async () => {
    vi.stubEnv("CRON_SECRET", "the-cron-secret-123");
    const env = globalThis as { __intellistackEnv?: unknown; __intellistackDb?: Promise<unknown> };
    env.__intellistackEnv = undefined;
    let opened = false;
    env.__intellistackDb = {
      // biome-ignore lint/suspicious/noThenProperty: a thenable that records being awaited
      then(_resolve: (v: unknown) => void, reject: (e: unknown) => void) {
        opened = true;
        reject(new Error("the database must not be opened"));
      },
    } as Promise<unknown>;
    onTestFinished(() => {
      vi.unstubAllEnvs();
      env.__intellistackEnv = undefined;
      env.__intellistackDb = undefined;
    });
    const res = await cronRetention(
      new Request("http://localhost/api/cron/retention", { headers: { authorization: "Bearer wrong-secret-0000" } }),
    );
    expect(res.status).toBe(401);
    expect(opened).toBe(false);
  });
});

describe("log retention (AUDIT_RETENTION_DAYS)", () => {
  it("deletes audit and usage rows older than the limit and keeps the rest", async () => {
    await t.db.insert(authEvent).values([
      { id: "ev_old", type: "login_success", createdAt: daysAgo(401) },
      { id: "ev_new", type: "login_success", createdAt: daysAgo(399) },
    ]);
    await t.db.insert(aiEvent).values([
      { id: "ai_old", userId: "x", outcome: "ok", totalMs: 1, createdAt: daysAgo(401) },
      { id: "ai_new", userId: "x", outcome: "ok", totalMs: 1, createdAt: daysAgo(10) },
    ]);
    await t.db.insert(tutorUsageDaily).values([
      { userId: "x", day: sql`current_date - 401` },
      { userId: "x", day: sql`current_date - 5` },
    ]);
    await t.db.insert(tutorFeedback).values([
      { itemId: "fb_old", threadId: "t", userId: "x", kind: "positive", updatedAt: daysAgo(402) },
      { itemId: "fb_new", threadId: "t", userId: "x", kind: "negative", updatedAt: daysAgo(1) },
    ]);
    const preview = await previewRetention({ db: t.db, logDays: 400 });
    expect(preview.logs).toEqual({ authEvents: 1, aiEvents: 1, usageDays: 1, feedback: 1 });

    const report = await runRetention({ db: t.db, logDays: 400, by: "cli" });
    expect(report.logsDeleted).toEqual({ authEvents: 1, aiEvents: 1, usageDays: 1, feedback: 1 });
    const signIns = t.db.select({ id: authEvent.id }).from(authEvent).where(eq(authEvent.type, "login_success"));
    expect((await signIns).map((r) => r.id)).toEqual(["ev_new"]);
    expect((await t.db.select({ id: aiEvent.id }).from(aiEvent)).map((r) => r.id)).toEqual(["ai_new"]);
    expect(await t.db.select().from(tutorUsageDaily)).toHaveLength(1);
    expect((await t.db.select().from(tutorFeedback)).map((r) => r.itemId)).toEqual(["fb_new"]);

    // A shorter setting reaches further back.
    const strict = await runRetention({ db: t.db, logDays: 7, by: "cli" });
    expect(strict.logsDeleted).toEqual({ authEvents: 1, aiEvents: 1, usageDays: 0, feedback: 0 });
  });
});
