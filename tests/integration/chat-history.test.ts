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

/** Every page of /learn/chats, followed through `next` the way the page's "Older" link does. */
async function allPages(userId: string, limit: number) {
  const pages: string[][] = [];
  let after: string | undefined;
  do {
    const page = await listThreadSummaries({ db: t.db, userId, limit, after });
    pages.push(page.threads.map((th) => th.id));
    after = page.next;
  } while (after && pages.length < 50);
  return pages;
}

describe("the conversation list on /learn/chats", () => {
  it("orders by last activity and reaches every thread through its pages, only the reader's own", async () => {
    const base = Date.parse("2026-01-01T00:00:00Z");
    // 25 threads created a minute apart; the oldest one then gets a new message (last activity).
    for (let i = 0; i < 25; i++) {
      const at = new Date(base + i * 60_000);
      await insertThread({
        db: t.db,
        row: { id: `th-${String(i).padStart(2, "0")}`, userId: "reader", createdAt: at, updatedAt: at },
      });
    }
    await insertThread({ db: t.db, row: { id: "not-mine", userId: "other" } });
    await updateThread({ db: t.db, userId: "reader", threadId: "th-00", set: { title: "Revived" } });

    const pages = await allPages("reader", 10);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    const ids = pages.flat();
    expect(ids[0]).toBe("th-00");
    expect(ids.slice(1)).toEqual(Array.from({ length: 24 }, (_, i) => `th-${String(24 - i).padStart(2, "0")}`));
    expect(new Set(ids).size).toBe(25);
    expect(ids).not.toContain("not-mine");
  });

  it("ignores a cursor that is someone else's thread", async () => {
    const page = await listThreadSummaries({ db: t.db, userId: "reader", limit: 3, after: "not-mine" });
    expect(page.threads.map((th) => th.id)).toEqual(["th-00", "th-24", "th-23"]);
  });
});
