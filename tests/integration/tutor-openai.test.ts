import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aiEvent, chatItem, chatThread } from "@/db/schema";
import { env } from "@/lib/env";
import { tutorModelFromEnv } from "@/lib/tutor/model";
import { type ChatkitTest, post, readEvents, setupChatkit, userInput } from "../support/chatkit";
import { expectLogged } from "../support/console";
import { type OpenAIStub, startOpenAIStub } from "../support/openai-stub";
import { statementsDuring } from "../support/statements";

/**
 * The real @ai-sdk/openai provider (chat completions over HTTP, streaming, tool calls) against
 * a local OpenAI-compatible server: the production code path, offline.
 */
let t: ChatkitTest;
let stub: OpenAIStub;
beforeAll(async () => {
  stub = await startOpenAIStub();
  t = await setupChatkit();
});
afterAll(async () => {
  await t.close();
  await stub.close();
});

const model = (timeout?: { totalMs: number; chunkMs: number }) => {
  const m = tutorModelFromEnv({ model: { apiKey: "sk-local-test", baseURL: stub.url, tutorModel: "stub-tutor" } });
  if (!m) throw new Error("model not configured");
  return { ...m, timeout };
};

describe("the tutor on an OpenAI-compatible server", () => {
  it("streams a tool-using answer with citations and a model-written title", async () => {
    const jar = await t.as("openai@example.com");
    const before = stub.requests.length;
    stub.scriptNonStreaming({ kind: "text", chunks: ["Vectors: ", "size and direction"], delayMs: 5 });
    const events = await readEvents(
      await post(
        t,
        { type: "threads.create", params: { input: userInput("What is a vector?") } },
        { jar, deps: { model: model() } },
      ),
    );
    const done = events.find((e) => e.type === "thread.item.done" && e.item.type === "assistant_message");
    const content =
      done?.type === "thread.item.done" && done.item.type === "assistant_message" ? done.item.content[0] : undefined;
    expect(content?.text).toMatch(/^From the lesson “Vectors”/);
    expect(content?.annotations.map((a) => a.source.url)).toContain(
      `${env().appUrl}/learn/basics/vectors#what-is-a-vector`,
    );
    // The turn's calls: the question with tools, and the call after the tool result; the title
    // is asked once the answer has started, never before the turn's first call.
    const sent = stub.requests.slice(before);
    expect(sent.map((r) => r.stream === true)).toEqual([true, true, false]);
    const [first, second, titleCall] = sent;
    expect(first?.model).toBe("stub-tutor");
    expect(JSON.stringify(first?.tools)).toContain("search_lessons");
    // The tool's input schema (built once per process) reaches the model intact on every call.
    for (const request of [first, second]) {
      expect(JSON.stringify(request?.tools)).toMatch(/"query":\{"type":"string","minLength":1,"maxLength":500/);
    }
    expect(second?.messages.at(-1)?.role).toBe("tool");
    expect(JSON.stringify(titleCall?.messages)).toContain("What is a vector?");
    expect(events.at(-1)).toMatchObject({ type: "thread.updated", thread: { title: "Vectors: size and direction" } });
    expect(events.at(-2)).toMatchObject({ type: "thread.item.done", item: { type: "assistant_message" } });
    const [event] = await t.db.db
      .select()
      .from(aiEvent)
      .where(eq(aiEvent.userId, await t.userId("openai@example.com")));
    expect(event).toMatchObject({ outcome: "ok", model: "stub-tutor", inputTokens: 240, outputTokens: 60 });
  });

  it("a title that comes while the answer streams is stored with the answer, in one statement", async () => {
    const email = "titled-with-answer@example.com";
    const jar = await t.as(email);
    stub.script(
      { kind: "tool", name: "search_lessons", args: { query: "vectors" } },
      { kind: "text", chunks: ["A vector ", "has a size ", "and a ", "direction."], delayMs: 150 },
    );
    stub.scriptNonStreaming({ kind: "text", chunks: ["Vector basics"], delayMs: 0 });
    const { result: events, statements } = await statementsDuring(t.db.db, async () =>
      readEvents(
        await post(
          t,
          { type: "threads.create", params: { input: userInput("What is a vector?") } },
          { jar, deps: { model: model() } },
        ),
      ),
    );
    // Written with the answer, and announced right after it.
    const titling = statements.filter((sql) => /update "chat_thread" set .*"title"/.test(sql));
    expect(titling).toHaveLength(1);
    expect(titling[0]).toMatch(/insert into "chat_item"/);
    expect(events.at(-1)).toMatchObject({ type: "thread.updated", thread: { title: "Vector basics" } });
    expect(events.at(-2)).toMatchObject({ type: "thread.item.done", item: { type: "assistant_message" } });
    const [thread] = await t.db.db
      .select({ title: chatThread.title })
      .from(chatThread)
      .where(eq(chatThread.userId, await t.userId(email)));
    expect(thread?.title).toBe("Vector basics");
  });

  it("a title slower than the answer is written and announced once it comes", async () => {
    const jar = await t.as("slow-title@example.com");
    stub.scriptNonStreaming({ kind: "text", chunks: ["Slow ", "title"], firstDelayMs: 600, delayMs: 5 });
    const events = await readEvents(
      await post(
        t,
        { type: "threads.create", params: { input: userInput("What is a vector?") } },
        { jar, deps: { model: model() } },
      ),
    );
    const answered = events.findIndex((e) => e.type === "thread.item.done" && e.item.type === "assistant_message");
    const titled = events.findIndex((e) => e.type === "thread.updated");
    expect(answered).toBeGreaterThan(0);
    expect(titled).toBe(events.length - 1);
    expect(events[titled]).toMatchObject({ thread: { title: "Slow title" } });
    const [thread] = await t.db.db
      .select({ title: chatThread.title })
      .from(chatThread)
      .where(eq(chatThread.userId, await t.userId("slow-title@example.com")));
    expect(thread?.title).toBe("Slow title");
  });

  it("turns an upstream 500 into an error event with retry, keeping the learner's message", async () => {
    expectLogged(/\[tutor\] model error: .*upstream failure/);
    const jar = await t.as("upstream500@example.com");
    // OpenAI's retry-after-ms header, which the AI SDK's retry honours: the retry happens, without
    // its default two-second backoff.
    const failure = { kind: "status", status: 500, headers: { "retry-after-ms": "20" } } as const;
    stub.script(failure, failure, failure);
    const before = stub.requests.length;
    const res = await post(
      t,
      { type: "threads.create", params: { input: userInput("Will this work?") } },
      { jar, deps: { model: model() } },
    );
    expect(res.status).toBe(200);
    const events = await readEvents(res);
    const error = events.find((e) => e.type === "error");
    expect(error).toMatchObject({
      code: "custom",
      allow_retry: true,
      message: "The tutor could not finish this answer.",
    });
    // The stream ends with the error (ChatKit); the thread's title is stored all the same.
    expect(events.at(-1)).toBe(error);
    // The turn's model call was tried twice (maxRetries: 1) before it gave up.
    expect(stub.requests.slice(before).filter((r) => r.tools !== undefined)).toHaveLength(2);
    const threadId = events[0]?.type === "thread.created" ? events[0].thread.id : "";
    const kept = await t.db.db
      .select()
      .from(chatItem)
      .where(and(eq(chatItem.threadId, threadId), eq(chatItem.type, "user_message")));
    expect(kept).toHaveLength(1);
    const [thread] = await t.db.db.select().from(chatThread).where(eq(chatThread.id, threadId));
    expect(thread?.title).toBeTruthy();
    const [event] = await t.db.db
      .select()
      .from(aiEvent)
      .where(eq(aiEvent.userId, await t.userId("upstream500@example.com")));
    expect(event?.outcome).toBe("error");
  });

  it("times out a silent upstream into an error event with retry", async () => {
    const jar = await t.as("hang@example.com");
    stub.script({ kind: "hang" });
    const events = await readEvents(
      await post(
        t,
        { type: "threads.create", params: { input: userInput("Hello?") } },
        { jar, deps: { model: model({ totalMs: 1_500, chunkMs: 1_000 }) } },
      ),
    );
    expect(events.find((e) => e.type === "error")).toMatchObject({
      code: "custom",
      allow_retry: true,
      message: expect.stringMatching(/did not start answering in time|took too long/),
    });
    expect(events.some((e) => e.type === "thread.item.done" && e.item.type === "user_message")).toBe(true);
  });

  it("refuses a 4xx from upstream without offering a retry that cannot help", async () => {
    expectLogged(/\[tutor\] model error: bad model/);
    const jar = await t.as("upstream400@example.com");
    stub.script({
      kind: "status",
      status: 400,
      body: JSON.stringify({ error: { message: "bad model", type: "invalid_request_error" } }),
    });
    const events = await readEvents(
      await post(t, { type: "threads.create", params: { input: userInput("hi") } }, { jar, deps: { model: model() } }),
    );
    expect(events.find((e) => e.type === "error")).toMatchObject({ code: "custom", allow_retry: false });
  });
});
