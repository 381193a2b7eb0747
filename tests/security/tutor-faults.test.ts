import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maxDuration } from "@/app/api/chatkit/route";
import { aiEvent, chatItem, tutorMessage } from "@/db/schema";
import { DEFAULT_TIMEOUT, TITLE_TIMEOUT_MS, type TutorTimeout, tutorModelFromEnv } from "@/lib/tutor/model";
import { fallbackTitle, generateTitle } from "@/lib/tutor/title";
import { type ChatkitTest, post, readEvents, setupChatkit, userInput } from "../support/chatkit";
import { expectLogged } from "../support/console";
import { type OpenAIStub, startOpenAIStub } from "../support/openai-stub";

/**
 * Issue 14, items 6 and 11, against the real OpenAI provider talking to the local stand-in:
 * - a model connection that drops mid-answer lost the answer (an `error` event with no
 *   message, only the learner's message stored, no usage counted);
 * - a model that never sends a first byte took 120 s to fail, and the stream ended at 135 s,
 *   past the route's maxDuration; a failed model call cost a quota turn.
 */
let t: ChatkitTest;
let stub: OpenAIStub;
beforeAll(async () => {
  stub = await startOpenAIStub();
  t = await setupChatkit({ dailyLimit: 5 });
});
afterAll(async () => {
  await t.close();
  await stub.close();
});

const model = (timeout?: Partial<TutorTimeout>) => {
  const m = tutorModelFromEnv({ model: { apiKey: "sk-local-test", baseURL: stub.url, tutorModel: "stub-tutor" } });
  if (!m) throw new Error("model not configured");
  return { ...m, timeout };
};

/** The learner's (first) recorded tutor turn. */
const aiEventOf = async (email: string) =>
  (
    await t.db.db
      .select()
      .from(aiEvent)
      .where(eq(aiEvent.userId, await t.userId(email)))
  )[0];

const ledger = async (email: string) =>
  (
    await t.db.db
      .select()
      .from(tutorMessage)
      .where(eq(tutorMessage.userId, await t.userId(email)))
  ).length;

describe("a model connection that drops mid-answer", () => {
  it("keeps the partial answer, says so in a readable retryable error, counts usage, refunds the turn", async () => {
    expectLogged(/\[tutor\] model stream broke off/);
    const email = "dropped@example.com";
    const jar = await t.as(email);
    stub.script(
      { kind: "tool", name: "search_lessons", args: { query: "vectors" } },
      { kind: "drop", chunks: ["A vector has ", "a size and ", "a direction"] },
    );
    const events = await readEvents(
      await post(
        t,
        { type: "threads.create", params: { input: userInput("What is a vector?") } },
        { jar, deps: { model: model() } },
      ),
    );
    const error = events.find((e) => e.type === "error");
    expect(error).toMatchObject({ code: "custom", allow_retry: true, message: expect.stringMatching(/lost/) });
    const done = events.find((e) => e.type === "thread.item.done" && e.item.type === "assistant_message");
    expect(
      done?.type === "thread.item.done" && done.item.type === "assistant_message" && done.item.content[0]?.text,
    ).toBe("A vector has a size and a direction");

    const threadId = events[0]?.type === "thread.created" ? events[0].thread.id : "";
    const stored = await t.db.db
      .select()
      .from(chatItem)
      .where(and(eq(chatItem.threadId, threadId), eq(chatItem.type, "assistant_message")));
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored[0]?.content)).toContain("a size and a direction");

    const [event] = await t.db.db
      .select()
      .from(aiEvent)
      .where(eq(aiEvent.userId, await t.userId(email)));
    // The tool-calling step finished before the drop: its tokens count.
    expect(event).toMatchObject({ outcome: "error", inputTokens: 120, outputTokens: 30 });
    expect(event?.firstTokenMs).not.toBeNull();
    expect(await ledger(email)).toBe(0);
  });
});

describe("a model that ends its turn without a word", () => {
  it("announces no answer it never finishes: a retryable error ends the stream, the turn is refunded", async () => {
    expectLogged(/\[tutor\] the model ended its turn without any text/);
    const email = "wordless@example.com";
    const jar = await t.as(email);
    // The search finds passages (their citations used to open an answer), then an empty reply.
    stub.script({ kind: "tool", name: "search_lessons", args: { query: "vectors" } }, { kind: "text", chunks: [] });
    const events = await readEvents(
      await post(
        t,
        { type: "threads.create", params: { input: userInput("What is a vector?") } },
        { jar, deps: { model: model() } },
      ),
    );
    const added = events.flatMap((e) => (e.type === "thread.item.added" ? [e.item.id] : []));
    const done = new Set(events.flatMap((e) => (e.type === "thread.item.done" ? [e.item.id] : [])));
    expect(added.filter((id) => !done.has(id))).toEqual([]);
    expect(events.at(-1)).toEqual({
      type: "error",
      code: "custom",
      message: "The tutor did not answer this time. Please ask again.",
      allow_retry: true,
    });
    expect(await ledger(email)).toBe(0);
    expect((await aiEventOf(email))?.outcome).toBe("error");
  });
});

describe("time limits", () => {
  it("fit the route: first chunk within 20 s, the turn and its title (asked beside it) inside maxDuration", () => {
    expect(DEFAULT_TIMEOUT.firstChunkMs).toBe(20_000);
    expect(TITLE_TIMEOUT_MS).toBeLessThanOrEqual(DEFAULT_TIMEOUT.totalMs);
    // Time left to store the answer, the usage and the title after the longest turn.
    expect(maxDuration * 1000 - DEFAULT_TIMEOUT.totalMs).toBeGreaterThanOrEqual(20_000);
  });

  it("a model that never starts answering fails at the first-chunk limit, not the turn's", async () => {
    const email = "silent@example.com";
    const jar = await t.as(email);
    stub.script({ kind: "hang" });
    const started = Date.now();
    const events = await readEvents(
      await post(
        t,
        { type: "threads.create", params: { input: userInput("Are you there?") } },
        // The whole turn may take a minute; the first chunk only 1 s.
        { jar, deps: { model: model({ firstChunkMs: 1_000, totalMs: 60_000 }) } },
      ),
    );
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(events.find((e) => e.type === "error")).toMatchObject({ allow_retry: true, message: expect.any(String) });
    // A failed call is not a spent turn.
    expect(await ledger(email)).toBe(0);
    expect((await aiEventOf(email))?.outcome).toBe("error");
  });

  it("a good answer still counts one turn", async () => {
    const email = "counted@example.com";
    const jar = await t.as(email);
    const events = await readEvents(
      await post(
        t,
        { type: "threads.create", params: { input: userInput("What is a frame?") } },
        { jar, deps: { model: model() } },
      ),
    );
    expect(events.some((e) => e.type === "error")).toBe(false);
    expect(await ledger(email)).toBe(1);
  });

  it("the title keeps to its time limit, and makes no model call with under a second", async () => {
    const before = stub.requests.length;
    expect(await generateTitle(model(), "How do rotation matrices compose?", undefined, 500)).toBe(
      fallbackTitle("How do rotation matrices compose?"),
    );
    expect(stub.requests.length).toBe(before);
    stub.scriptNonStreaming({ kind: "hang" });
    const started = Date.now();
    const title = await generateTitle(model(), "What is a homogeneous transform?", undefined, 1_500);
    expect(title).toBe(fallbackTitle("What is a homogeneous transform?"));
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
