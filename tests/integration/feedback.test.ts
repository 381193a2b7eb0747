import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dailyUsage } from "@/db/queries/admin-usage";
import { threadForReview } from "@/db/queries/thread-review";
import { chatItem, chatThread, tutorFeedback } from "@/db/schema";
import { type ChatkitTest, post, readEvents, setupChatkit, userInput } from "../support/chatkit";

let t: ChatkitTest;
beforeAll(async () => {
  t = await setupChatkit();
});
afterAll(() => t.close());

const today = () => new Date(new Date().toISOString().slice(0, 10));
const tomorrow = () => new Date(today().getTime() + 86_400_000);

/** One question and its answer; returns the thread and the answer's item id. */
async function askOnce(jar: Awaited<ReturnType<ChatkitTest["as"]>>, text: string) {
  const events = await readEvents(
    await post(t, { type: "threads.create", params: { input: userInput(text) } }, { jar }),
  );
  const created = events.find((e) => e.type === "thread.created") as { thread: { id: string } };
  const threadId = created.thread.id;
  const items = await t.db.db.select().from(chatItem).where(eq(chatItem.threadId, threadId));
  const assistant = items.find((i) => i.type === "assistant_message");
  expect(assistant).toBeDefined();
  return { threadId, itemId: assistant?.id as string };
}

const feedback = (jar: Awaited<ReturnType<ChatkitTest["as"]>>, threadId: string, itemId: string, kind: string) =>
  post(t, { type: "items.feedback", params: { thread_id: threadId, item_ids: [itemId], kind } }, { jar });

describe("learner feedback for staff", () => {
  it("shows each rating in the staff thread view and counts them per day, even after the thread is gone", async () => {
    const jar = await t.as("rater@example.com");
    const first = await askOnce(jar, "What is a rotation matrix?");
    const second = await askOnce(jar, "What is a homogeneous transform?");

    expect((await feedback(jar, first.threadId, first.itemId, "negative")).status).toBe(200);
    // Changing one's mind moves the vote; it does not add one.
    expect((await feedback(jar, first.threadId, first.itemId, "positive")).status).toBe(200);
    expect((await feedback(jar, second.threadId, second.itemId, "negative")).status).toBe(200);
    expect(await t.db.db.select().from(tutorFeedback)).toHaveLength(2);

    const review = await threadForReview({ db: t.db.db, threadId: first.threadId });
    const rated = review?.items.find((i) => i.id === first.itemId);
    expect(rated?.feedback).toBe("positive");

    const days = await dailyUsage({ db: t.db.db, from: today(), to: tomorrow() });
    expect(days).toHaveLength(1);
    expect(days[0]).toMatchObject({ thumbsUp: 1, thumbsDown: 1, messages: 2 });
    const mine = await dailyUsage({ db: t.db.db, from: today(), to: tomorrow(), userId: "someone-else" });
    expect(mine[0]).toMatchObject({ thumbsUp: 0, thumbsDown: 0 });

    await t.db.db.delete(chatThread).where(eq(chatThread.id, first.threadId));
    const after = await dailyUsage({ db: t.db.db, from: today(), to: tomorrow() });
    expect(after[0]).toMatchObject({ thumbsUp: 1, thumbsDown: 1 });
  });

  it("cannot rate another learner's answer", async () => {
    const owner = await t.as("owner@example.com");
    const { threadId, itemId } = await askOnce(owner, "Why do we need frames?");
    const other = await t.as("other@example.com");
    const res = await feedback(other, threadId, itemId, "negative");
    expect(res.status).toBe(404);
    expect(await t.db.db.select().from(tutorFeedback).where(eq(tutorFeedback.itemId, itemId))).toEqual([]);
  });
});
