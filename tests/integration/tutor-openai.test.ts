import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aiEvent, chatItem } from "@/db/schema";
import { tutorModelFromEnv } from "@/lib/tutor/model";
import { type ChatkitTest, post, readEvents, setupChatkit, userInput } from "../support/chatkit";
import { expectLogged } from "../support/console";
import { type OpenAIStub, startOpenAIStub } from "../support/openai-stub";

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
    expect(content?.annotations.map((a) => a.source.url)).toContain("/learn/basics/vectors#what-is-a-vector");
    // Request 1: the question with tools; 2: after the tool result; 3: the title.
    expect(stub.requests[0]?.stream).toBe(true);
    expect(stub.requests[0]?.model).toBe("stub-tutor");
    expect(JSON.stringify(stub.requests[0]?.tools)).toContain("search_lessons");
    // The tool's input schema (built once per process) reaches the model intact on every call.
    for (const request of stub.requests.slice(0, 2)) {
      expect(JSON.stringify(request?.tools)).toMatch(/"query":\{"type":"string","minLength":1,"maxLength":500/);
    }
    expect(stub.requests[1]?.messages.at(-1)?.role).toBe("tool");
    const updated = events.findLast((e) => e.type === "thread.updated");
    expect(updated?.type === "thread.updated" && updated.thread.title).toBeTruthy();
    const [event] = await t.db.db
      .select()
      .from(aiEvent)
      .where(eq(aiEvent.userId, await t.userId("openai@example.com")));
    expect(event).toMatchObject({ outcome: "ok", model: "stub-tutor", inputTokens: 240, outputTokens: 60 });
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
    expect(error).toMatchObject({ code: "stream.error", allow_retry: true });
    // The turn's model call was tried twice (maxRetries: 1) before it gave up.
    expect(stub.requests.slice(before).filter((r) => r.tools !== undefined)).toHaveLength(2);
    const threadId = events[0]?.type === "thread.created" ? events[0].thread.id : "";
    const kept = await t.db.db
      .select()
      .from(chatItem)
      .where(and(eq(chatItem.threadId, threadId), eq(chatItem.type, "user_message")));
    expect(kept).toHaveLength(1);
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
    expect(events.find((e) => e.type === "error")).toMatchObject({ code: "stream.error", allow_retry: true });
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
    expect(events.find((e) => e.type === "error")).toMatchObject({ code: "stream.error", allow_retry: false });
  });
});
