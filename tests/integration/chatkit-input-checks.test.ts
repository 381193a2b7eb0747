import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatItem, chatThread, tutorMessage } from "@/db/schema";
import { type ChatkitTest, post, readEvents, setupChatkit, userInput } from "../support/chatkit";

/**
 * Requests that answered 200 while storing nothing, or something nobody asked: a blank message
 * was answered and counted against the quota, attachments were dropped without a word, and a
 * rating of messages that are not in the thread answered {}.
 */
let t: ChatkitTest;
beforeAll(async () => {
  t = await setupChatkit();
});
afterAll(() => t.close());

const countOf = async (table: typeof chatThread | typeof tutorMessage, userId: string) =>
  (await t.db.db.select({ n: count() }).from(table).where(eq(table.userId, userId)))[0]?.n ?? 0;

describe("ChatKit input the tutor cannot act on", () => {
  it("a blank message or one with attachments is a 400 before anything is stored or counted", async () => {
    const jar = await t.as("blank@example.com");
    const userId = await t.userId("blank@example.com");
    const attached = { ...userInput("What is a frame?"), attachments: ["att_1"] };
    const cases = [
      { input: userInput("   \n "), code: "chatkit:invalid_request" },
      { input: { ...userInput(""), content: [] as never[] }, code: "chatkit:invalid_request" },
      { input: attached, code: "chatkit:unsupported" },
    ];
    for (const { input, code } of cases) {
      const res = await post(t, { type: "threads.create", params: { input } }, { jar });
      expect(res.status, JSON.stringify(input)).toBe(400);
      expect((await res.json()).error.code).toBe(code);
    }
    expect(await countOf(chatThread, userId)).toBe(0);
    expect(await countOf(tutorMessage, userId)).toBe(0);

    // The same in a conversation that exists.
    const events = await readEvents(
      await post(t, { type: "threads.create", params: { input: userInput("What is a frame?") } }, { jar }),
    );
    const threadId = (events.find((e) => e.type === "thread.created") as { thread: { id: string } }).thread.id;
    for (const input of [userInput(" "), attached]) {
      const res = await post(t, { type: "threads.add_user_message", params: { thread_id: threadId, input } }, { jar });
      expect(res.status).toBe(400);
    }
    expect(await countOf(tutorMessage, userId)).toBe(1);
    const items = await t.db.db.select({ n: count() }).from(chatItem).where(eq(chatItem.threadId, threadId));
    expect(items[0]?.n).toBe(2);
    // A quote alone is a question about the quote.
    const quoted = await post(
      t,
      { type: "threads.add_user_message", params: { thread_id: threadId, input: userInput("", "a rotation matrix") } },
      { jar },
    );
    expect(quoted.status).toBe(200);
  });

  it("rating messages that are not in the thread is a 404", async () => {
    const jar = await t.as("rater-nope@example.com");
    const events = await readEvents(
      await post(t, { type: "threads.create", params: { input: userInput("What is a vector?") } }, { jar }),
    );
    const threadId = (events.find((e) => e.type === "thread.created") as { thread: { id: string } }).thread.id;
    const res = await post(
      t,
      { type: "items.feedback", params: { thread_id: threadId, item_ids: ["msg_nope"], kind: "positive" } },
      { jar },
    );
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe("chatkit:not_found");
  });
});
