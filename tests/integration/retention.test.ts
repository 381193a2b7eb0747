import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatItem, chatThread } from "@/db/schema";
import { previewRetention, retentionCron } from "@/lib/retention";
import { createTestDatabase, insertUsers, type TestDatabase } from "../support/db";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await insertUsers(t.db, ["learner"]);
});
afterAll(() => t.close());

const daysAgo = (n: number) => new Date(Date.now() - n * 86400_000);

describe("retention", () => {
  it("deletes threads (and their items) 30 days after enrolment ended, and nothing else; only with the secret", async () => {
    await t.db.insert(chatThread).values([
      { id: "thr_old", userId: "learner", enrollmentEndedAt: daysAgo(31) },
      { id: "thr_recent", userId: "learner", enrollmentEndedAt: daysAgo(29) },
      { id: "thr_active", userId: "learner" },
    ]);
    await t.db
      .insert(chatItem)
      .values({ id: "msg_old", threadId: "thr_old", userId: "learner", type: "user_message", content: {} });
    expect(await previewRetention({ db: t.db })).toBe(1);

    const url = "http://localhost/api/cron/retention";
    expect((await retentionCron(new Request(url), { secret: undefined, db: t.db })).status).toBe(503);
    const denied = await retentionCron(new Request(url, { headers: { authorization: "Bearer wrong-secret-0000" } }), {
      secret: "the-cron-secret-123",
      db: t.db,
    });
    expect(denied.status).toBe(401);
    expect((await denied.json()).error.code).toBe("cron:unauthorized");
    expect(await previewRetention({ db: t.db })).toBe(1);

    const ok = await retentionCron(new Request(url, { headers: { authorization: "Bearer the-cron-secret-123" } }), {
      secret: "the-cron-secret-123",
      db: t.db,
    });
    expect(ok.status).toBe(200);
    expect((await ok.json()).threadsDeleted).toBe(1);
    const left = (await t.db.select().from(chatThread)).map((r) => r.id).sort();
    expect(left).toEqual(["thr_active", "thr_recent"]);
    expect(await t.db.select().from(chatItem).where(eq(chatItem.id, "msg_old"))).toHaveLength(0);
  });
});
