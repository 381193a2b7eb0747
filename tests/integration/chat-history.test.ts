import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertThread, updateThread } from "@/db/queries/chat";
import { listThreadSummaries } from "@/db/queries/chat-history";
import { createTestDatabase, insertUsers, type TestDatabase } from "../support/db";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await insertUsers(t.db, ["reader", "other"]);
});
afterAll(() => t.close());

/**
 * Every page of /learn/chats, followed through `next` the way the page's "Older" link does;
 * `between` runs after each page (the learner writing in a conversation meanwhile).
 */
async function allPages(userId: string, limit: number, between: (page: string[]) => Promise<unknown> = async () => {}) {
  const pages: string[][] = [];
  let after: string | undefined;
  do {
    const page = await listThreadSummaries({ db: t.db, userId, limit, after });
    pages.push(page.threads.map((th) => th.id));
    after = page.next;
    await between(pages.at(-1) as string[]);
  } while (after && pages.length < 50);
  return pages;
}

const newestFirst = Array.from({ length: 25 }, (_, i) => `th-${String(24 - i).padStart(2, "0")}`);

describe("the conversation list on /learn/chats", () => {
  it("orders by when each started and reaches every thread once, however the learner writes meanwhile", async () => {
    const base = Date.parse("2026-01-01T00:00:00Z");
    // 25 threads created a minute apart; the oldest one then gets a new title (activity).
    for (let i = 0; i < 25; i++) {
      const at = new Date(base + i * 60_000);
      await insertThread({
        db: t.db,
        row: { id: `th-${String(i).padStart(2, "0")}`, userId: "reader", createdAt: at, updatedAt: at },
      });
    }
    await insertThread({ db: t.db, row: { id: "not-mine", userId: "other" } });
    await updateThread({ db: t.db, userId: "reader", threadId: "th-00", set: { title: "Revived" } });

    // After each page, activity in its last thread (the cursor) and in the oldest one.
    const touch = (threadId: string) => updateThread({ db: t.db, userId: "reader", threadId, set: { title: "Again" } });
    const pages = await allPages("reader", 10, async (page) =>
      Promise.all([touch(page.at(-1) as string), touch("th-00")]),
    );
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual(newestFirst);
    expect(pages.flat()).not.toContain("not-mine");
  });

  it("ignores a cursor that is someone else's thread", async () => {
    const page = await listThreadSummaries({ db: t.db, userId: "reader", limit: 3, after: "not-mine" });
    expect(page.threads.map((th) => th.id)).toEqual(newestFirst.slice(0, 3));
  });
});
