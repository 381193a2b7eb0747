import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatItem, chatThread, tutorMessage } from "@/db/schema";
import { type ChatkitTest, post, readEvents, scriptedModel, setupChatkit, userInput } from "../support/chatkit";

/**
 * One answer at a time per conversation. Ten copies of a message sent at once each read the
 * thread before any had stored it: seven were stored, seven counted against the quota and ten
 * answered. Now one turn holds the thread and the others are 409 chatkit:turn_in_progress;
 * the hold is given back when the turn ends, or when the request is refused before it starts.
 */
let t: ChatkitTest;
beforeAll(async () => {
  t = await setupChatkit();
});
afterAll(() => t.close());

async function newThread(email: string) {
  const jar = await t.as(email);
  const events = await readEvents(
    await post(t, { type: "threads.create", params: { input: userInput("What is a frame?") } }, { jar }),
  );
  const threadId = (events.find((e) => e.type === "thread.created") as { thread: { id: string } }).thread.id;
  return { jar, threadId, userId: await t.userId(email) };
}

const add = (
  jar: Awaited<ReturnType<ChatkitTest["as"]>>,
  threadId: string,
  text: string,
  model = scriptedModel([{ text: ["An answer."] }]),
) =>
  post(
    t,
    { type: "threads.add_user_message", params: { thread_id: threadId, input: userInput(text) } },
    { jar, deps: { model: model.tutor } },
  );

const userMessages = async (threadId: string) =>
  (
    await t.db.db
      .select({ n: count() })
      .from(chatItem)
      .where(and(eq(chatItem.threadId, threadId), eq(chatItem.type, "user_message")))
  )[0]?.n;
const counted = async (userId: string) =>
  (await t.db.db.select({ n: count() }).from(tutorMessage).where(eq(tutorMessage.userId, userId)))[0]?.n;

describe("one turn at a time in a conversation", () => {
  it("parallel copies of a message store, count and answer it once", async () => {
    const { jar, threadId, userId } = await newThread("double@example.com");
    // The first copy's response means its turn holds the thread (the hold comes before the
    // headers); its model is slow enough that the others all arrive while it answers.
    const slow = scriptedModel([{ text: ["Slow ", "answer ", "in ", "parts."] }], { delayMs: 600 });
    const first = await add(jar, threadId, "and a vector?", slow);
    expect(first.status).toBe(200);
    const copies = await Promise.all(Array.from({ length: 9 }, () => add(jar, threadId, "and a vector?", slow)));
    expect(copies.map((r) => r.status)).toEqual(Array(9).fill(409));
    expect((await (copies[0] as Response).json()).error.code).toBe("chatkit:turn_in_progress");
    expect((await readEvents(first)).some((e) => e.type === "thread.item.done")).toBe(true);
    expect(await userMessages(threadId)).toBe(2);
    expect(await counted(userId)).toBe(2);
    // The turn gave the thread back: the next message is answered.
    const next = await add(jar, threadId, "and a point?");
    expect(next.status).toBe(200);
    await readEvents(next);
    const [row] = await t.db.db
      .select({ until: chatThread.turnUntil })
      .from(chatThread)
      .where(eq(chatThread.id, threadId));
    expect(row?.until).toBeNull();
  });

  it("a refusal before the stream (a closed thread, an item that is not there) gives the thread back", async () => {
    const { jar, threadId } = await newThread("refused@example.com");
    const retry = await post(
      t,
      { type: "threads.retry_after_item", params: { thread_id: threadId, item_id: "msg_nope" } },
      { jar },
    );
    expect(retry.status).toBe(404);
    const [row] = await t.db.db
      .select({ until: chatThread.turnUntil })
      .from(chatThread)
      .where(eq(chatThread.id, threadId));
    expect(row?.until).toBeNull();
    expect((await add(jar, threadId, "still here?")).status).toBe(200);
  });

  it("a hold left by a process that died ends on its own", async () => {
    const { jar, threadId } = await newThread("crashed@example.com");
    await t.db.db
      .update(chatThread)
      .set({ turnUntil: new Date(Date.now() + 60_000) })
      .where(eq(chatThread.id, threadId));
    expect((await add(jar, threadId, "anyone?")).status).toBe(409);
    await t.db.db
      .update(chatThread)
      .set({ turnUntil: new Date(Date.now() - 1_000) })
      .where(eq(chatThread.id, threadId));
    expect((await add(jar, threadId, "anyone?")).status).toBe(200);
  });
});
