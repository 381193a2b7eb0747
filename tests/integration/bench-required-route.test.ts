import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as required } from "@/app/api/bench/required/route";
import { aiEvent, chatItem, chatThread, tutorMessage, user } from "@/db/schema";
import { stubAppEnv } from "../support/app-env";
import { type AuthTestContext, BASE_URL, type CookieJar, createTestAuth, signUpVerified } from "../support/auth";
import { type OpenAIStub, startOpenAIStub } from "../support/openai-stub";

/**
 * The benchmark's required-work route (bench/README.md): off unless BENCH_FLOOR_ROUTE is on;
 * then, for a signed-in learner, the floor route's answer from the real provider against a
 * local OpenAI-compatible server, with the work any tutor turn must do: the message counted
 * against the quota, the question and the answer stored, the usage recorded.
 */
let stub: OpenAIStub;
let ctx: AuthTestContext;
let jar: CookieJar;
let learnerId: string;
beforeAll(async () => {
  stub = await startOpenAIStub();
  ctx = await createTestAuth();
  jar = await signUpVerified(ctx, { email: "bench-learner@example.com" });
  const [row] = await ctx.db.db.select({ id: user.id }).from(user).where(eq(user.email, "bench-learner@example.com"));
  learnerId = row?.id as string;
});
afterAll(async () => {
  await stub.close();
  await ctx.close();
});

const on = (limit = "20") => ({
  OPENAI_API_KEY: "sk-local-test",
  OPENAI_BASE_URL: stub.url,
  TUTOR_MODEL: "stub-tutor",
  BENCH_FLOOR_ROUTE: "1",
  TUTOR_DAILY_LIMIT: limit,
});

const ask = (body: string, cookie = jar.header()) =>
  required(
    new Request(`${BASE_URL}/api/bench/required`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body,
    }),
  );
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
const counted = async () =>
  (await ctx.db.db.select().from(tutorMessage).where(eq(tutorMessage.userId, learnerId))).length;

describe("the benchmark's required-work route", () => {
  it("is not there unless BENCH_FLOOR_ROUTE is on", async () => {
    stubAppEnv({ ...on(), BENCH_FLOOR_ROUTE: undefined });
    const before = stub.requests.length;
    const res = await ask(JSON.stringify({ text: "Hello?" }));
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toBe("http:not_found");
    expect(stub.requests.length).toBe(before);
  });

  it("answers 401 without a session, and 400 for a body without text, counting nothing", async () => {
    stubAppEnv(on());
    const before = await counted();
    const anonymous = await ask(JSON.stringify({ text: "Hello?" }), "");
    expect(anonymous.status).toBe(401);
    expect(await errorCode(anonymous)).toBe("auth:unauthenticated");
    const bad = await ask('{"text": 3}');
    expect(bad.status).toBe(400);
    expect(await errorCode(bad)).toBe("http:invalid_json");
    expect(await counted()).toBe(before);
  });

  it("streams the answer, counts the message and stores the question, the answer and the usage", async () => {
    stubAppEnv(on());
    stub.script({ kind: "text", chunks: ["A rotation ", "keeps ", "lengths."] });
    const before = await counted();
    const res = await ask(JSON.stringify({ text: "Why is R^-1 = R^T?" }));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-transform");
    const text = await res.text();
    expect(text.startsWith(": open\n\n")).toBe(true);
    const deltas = text
      .split("\n\n")
      .filter((e) => e.startsWith("data: "))
      .map((e) => (JSON.parse(e.slice(6)) as { delta: string }).delta);
    expect(deltas.join("")).toBe("A rotation keeps lengths.");
    expect(await counted()).toBe(before + 1);

    const [thread] = await ctx.db.db.select().from(chatThread).where(eq(chatThread.userId, learnerId));
    expect(thread).toBeDefined();
    const items = await ctx.db.db
      .select()
      .from(chatItem)
      .where(eq(chatItem.threadId, thread?.id as string))
      .orderBy(chatItem.seq);
    expect(items.map((i) => i.type)).toEqual(["user_message", "assistant_message"]);
    expect(JSON.stringify(items[0]?.content)).toContain("Why is R^-1 = R^T?");
    expect(JSON.stringify(items[1]?.content)).toContain("A rotation keeps lengths.");
    const events = await ctx.db.db.select().from(aiEvent).where(eq(aiEvent.userId, learnerId));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ threadId: thread?.id, outcome: "ok", model: "stub-tutor" });
  });

  it("refuses a learner over the quota before the stream starts, as the tutor does", async () => {
    stubAppEnv(on("1"));
    const before = stub.requests.length;
    const res = await ask(JSON.stringify({ text: "One more?" }));
    expect(res.status).toBe(429);
    expect(await errorCode(res)).toBe("tutor:quota");
    expect(stub.requests.length).toBe(before);
  });
});
