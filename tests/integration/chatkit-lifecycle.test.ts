import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aiEvent, chatItem, tutorMessage, tutorUsageDaily } from "@/db/schema";
import { type ChatkitTest, post, readEvents, scriptedModel, setupChatkit, userInput } from "../support/chatkit";
import { itemPage } from "../support/chatkit-wire";

let t: ChatkitTest;
beforeAll(async () => {
  t = await setupChatkit();
});
afterAll(() => t.close());

async function newThread(email: string, text = "first") {
  const jar = await t.as(email);
  const { tutor } = scriptedModel([{ text: ["Answer one."] }]);
  const events = await readEvents(
    await post(t, { type: "threads.create", params: { input: userInput(text) } }, { jar, deps: { model: tutor } }),
  );
  const threadId = events[0]?.type === "thread.created" ? events[0].thread.id : "";
  const userItemId = events[1]?.type === "thread.item.done" ? events[1].item.id : "";
  return { jar, threadId, userItemId };
}

describe("retry, cancel and duplicates", () => {
  it("retry_after_item replaces the answer after the retried message", async () => {
    const { jar, threadId, userItemId } = await newThread("retry@example.com");
    const { tutor } = scriptedModel([{ text: ["Answer two."] }]);
    const events = await readEvents(
      await post(
        t,
        { type: "threads.retry_after_item", params: { thread_id: threadId, item_id: userItemId } },
        { jar, deps: { model: tutor } },
      ),
    );
    expect(events[0]?.type).toBe("stream_options");
    expect(events.some((e) => e.type === "thread.item.removed")).toBe(false);
    const items = itemPage.parse(
      await (await post(t, { type: "items.list", params: { thread_id: threadId, order: "asc" } }, { jar })).json(),
    );
    expect(items.data.map((i) => (i.type === "assistant_message" ? i.content[0]?.text : i.type))).toEqual([
      "user_message",
      "Answer two.",
    ]);
  });

  it("a disconnect mid-answer saves the partial text and a hidden note, and ends the model call", async () => {
    const { jar, threadId } = await newThread("cancel@example.com");
    const { tutor, model } = scriptedModel([{ text: ["Part one. ", "Part two. ", "Part three. ", "Part four."] }], {
      delayMs: 150,
    });
    const controller = new AbortController();
    const res = await post(
      t,
      { type: "threads.add_user_message", params: { thread_id: threadId, input: userInput("tell me more") } },
      { jar, signal: controller.signal, deps: { model: tutor } },
    );
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let seen = "";
    while (!seen.includes("Part one.")) seen += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    await reader.cancel().catch(() => {});
    const userId = await t.userId("cancel@example.com");
    let rows: (typeof chatItem.$inferSelect)[] = [];
    for (let i = 0; i < 50 && !rows.some((r) => r.type === "sdk_hidden_context"); i++) {
      await new Promise((r) => setTimeout(r, 50));
      rows = await t.db.db
        .select()
        .from(chatItem)
        .where(and(eq(chatItem.threadId, threadId), eq(chatItem.userId, userId)));
    }
    const assistant = rows.filter((r) => r.type === "assistant_message").at(-1);
    const text = (assistant?.content as { content: { text: string }[] } | undefined)?.content[0]?.text ?? "";
    expect(text.startsWith("Part one.")).toBe(true);
    expect(text).not.toContain("Part four.");
    expect(rows.some((r) => r.type === "sdk_hidden_context")).toBe(true);
    expect(model.doStreamCalls[0]?.abortSignal?.aborted).toBe(true);
    // Hidden items never reach the client.
    const items = itemPage.parse(
      await (await post(t, { type: "items.list", params: { thread_id: threadId } }, { jar })).json(),
    );
    expect(items.data.some((i) => (i as { type: string }).type === "sdk_hidden_context")).toBe(false);
    const [event] = await t.db.db
      .select()
      .from(aiEvent)
      .where(and(eq(aiEvent.userId, userId), eq(aiEvent.outcome, "cancelled")));
    expect(event).toBeTruthy();
  });

  it("the same add_user_message sent twice (a client retry) stores and counts one message", async () => {
    const { jar, threadId } = await newThread("dupe@example.com");
    const body = {
      type: "threads.add_user_message",
      params: { thread_id: threadId, input: userInput("same words", "quoted") },
    };
    const { tutor } = scriptedModel([{ text: ["ok"] }]);
    // The first attempt's connection drops before any answer text: the server has saved the
    // message and a hidden "cancelled" note. ChatKit then resends the identical request.
    const controller = new AbortController();
    controller.abort();
    const slow = scriptedModel([{ text: ["never seen"] }], { delayMs: 200 });
    await post(t, body, { jar, signal: controller.signal, deps: { model: slow.tutor } }).then((r) => r.body?.cancel());
    const userId = await t.userId("dupe@example.com");
    for (let i = 0; i < 40; i++) {
      const rows = await t.db.db
        .select()
        .from(chatItem)
        .where(and(eq(chatItem.threadId, threadId), eq(chatItem.type, "sdk_hidden_context")));
      if (rows.length > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const before = await t.db.db.select().from(tutorMessage).where(eq(tutorMessage.userId, userId));
    await readEvents(await post(t, body, { jar, deps: { model: tutor } }));
    const after = await t.db.db.select().from(tutorMessage).where(eq(tutorMessage.userId, userId));
    expect(after.length).toBe(before.length);
    const users = await t.db.db
      .select()
      .from(chatItem)
      .where(and(eq(chatItem.threadId, threadId), eq(chatItem.type, "user_message")));
    expect(users.filter((u) => JSON.stringify(u.content).includes("same words"))).toHaveLength(1);
  });

  it("records usage per turn: messages, tokens, latency, outcome", async () => {
    await newThread("usage@example.com", "count me");
    const userId = await t.userId("usage@example.com");
    const [day] = await t.db.db.select().from(tutorUsageDaily).where(eq(tutorUsageDaily.userId, userId));
    expect(day).toMatchObject({ messages: 1, errors: 0, inputTokens: 50, outputTokens: 10 });
    expect(day?.totalMs).toBeGreaterThanOrEqual(0);
    const events = await t.db.db.select().from(aiEvent).where(eq(aiEvent.userId, userId));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ outcome: "ok", model: "mock-model", inputTokens: 50, outputTokens: 10 });
    expect(events[0]?.firstTokenMs).not.toBeNull();
  });
});
