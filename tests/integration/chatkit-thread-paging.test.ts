import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatThread } from "@/db/schema";
import type { CookieJar } from "../support/auth";
import { type ChatkitTest, post, readEvents, setupChatkit, userInput } from "../support/chatkit";
import { threadPage } from "../support/chatkit-wire";

/**
 * threads.list pages by (created_at, id), as the protocol's pagination contract says: `after`
 * is the last id of the previous page and the next page holds the rows strictly after it. A
 * learner who writes in a conversation between two pages must neither see a conversation twice
 * nor miss one.
 */
let t: ChatkitTest;
beforeAll(async () => {
  t = await setupChatkit();
});
afterAll(() => t.close());

const start = Date.parse("2026-03-02T09:00:00Z");

/**
 * Seven conversations started a minute apart, the oldest first; 3a and 3b started at the same
 * instant (the id breaks the tie). Each was last active when it started.
 */
async function learnerWithThreads(email: string): Promise<{ jar: CookieJar; started: string[] }> {
  const jar = await t.as(email);
  const userId = await t.userId(email);
  const rows = ["0", "1", "2", "3a", "3b", "4", "5"].map((n) => ({
    id: `thr_${email.split("@")[0]}_${n}`,
    userId,
    title: `Conversation ${n}`,
    createdAt: new Date(start + Number.parseInt(n, 10) * 60_000),
    updatedAt: new Date(start + Number.parseInt(n, 10) * 60_000),
  }));
  await t.db.db.insert(chatThread).values(rows);
  return { jar, started: rows.map((r) => r.id) };
}

async function list(jar: CookieJar, params: { limit: number; order?: "asc" | "desc"; after?: string }) {
  const res = await post(t, { type: "threads.list", params }, { jar });
  expect(res.status).toBe(200);
  return threadPage.parse(await res.json());
}

/** A learner's message in a conversation, through the real request (it marks the thread active now). */
async function write(jar: CookieJar, threadId: string) {
  await readEvents(
    await post(
      t,
      { type: "threads.add_user_message", params: { thread_id: threadId, input: userInput("What is a vector?") } },
      { jar },
    ),
  );
}

describe("threads.list paging", () => {
  it("newest first: a message in the cursor's thread and in a later one neither repeats nor skips a thread", async () => {
    const { jar, started } = await learnerWithThreads("desc-pager@example.com");
    const newestFirst = [...started].reverse();

    const page1 = await list(jar, { limit: 3 });
    expect(page1.data.map((d) => d.id)).toEqual(newestFirst.slice(0, 3));
    expect(page1).toMatchObject({ has_more: true, after: newestFirst[2] });

    // Between the pages the learner writes in the last thread of page 1 (the cursor) and in
    // one that page 2 is about to show.
    await write(jar, newestFirst[2] as string);
    await write(jar, newestFirst[4] as string);

    const page2 = await list(jar, { limit: 3, after: page1.after });
    expect(page2.data.map((d) => d.id)).toEqual(newestFirst.slice(3, 6));
    expect(page2).toMatchObject({ has_more: true, after: newestFirst[5] });
    const page3 = await list(jar, { limit: 3, after: page2.after });
    expect(page3.data.map((d) => d.id)).toEqual(newestFirst.slice(6));
    expect(page3.has_more).toBe(false);
    expect(page3.after).toBeUndefined();
  });

  it("oldest first (order asc): the same threads the other way round, also under activity", async () => {
    const { jar, started } = await learnerWithThreads("asc-pager@example.com");

    const page1 = await list(jar, { limit: 4, order: "asc" });
    expect(page1.data.map((d) => d.id)).toEqual(started.slice(0, 4));
    expect(page1).toMatchObject({ has_more: true, after: started[3] });

    await write(jar, started[3] as string);
    await write(jar, started[0] as string);

    const page2 = await list(jar, { limit: 4, order: "asc", after: page1.after });
    expect(page2.data.map((d) => d.id)).toEqual(started.slice(4));
    expect(page2.has_more).toBe(false);
    expect(page2.after).toBeUndefined();
  });

  it("a page boundary between two threads started at the same instant keeps both, in either order", async () => {
    const { jar, started } = await learnerWithThreads("tie-pager@example.com");
    const [a, b] = [started[3] as string, started[4] as string];

    const asc1 = await list(jar, { limit: 4, order: "asc" });
    expect(asc1.data.at(-1)?.id).toBe(a);
    const asc2 = await list(jar, { limit: 1, order: "asc", after: asc1.after });
    expect(asc2.data.map((d) => d.id)).toEqual([b]);

    const desc1 = await list(jar, { limit: 3 });
    expect(desc1.data.at(-1)?.id).toBe(b);
    const desc2 = await list(jar, { limit: 1, after: desc1.after });
    expect(desc2.data.map((d) => d.id)).toEqual([a]);
  });

  it("a cursor that is another learner's thread is refused in either order; the last thread's gives an empty page", async () => {
    const { started: theirs } = await learnerWithThreads("cursor-owner@example.com");
    const { jar, started } = await learnerWithThreads("cursor-user@example.com");
    for (const order of ["asc", "desc"] as const) {
      const res = await post(t, { type: "threads.list", params: { order, after: theirs[2] } }, { jar });
      expect(res.status, order).toBe(400);
      expect((await res.json()).error.code).toBe("chatkit:invalid_request");
    }
    const last = { asc: started.at(-1), desc: started[0] };
    for (const order of ["asc", "desc"] as const) {
      const page = await list(jar, { limit: 3, order, after: last[order] });
      expect(page.data, order).toEqual([]);
      expect(page.has_more, order).toBe(false);
    }
  });
});
