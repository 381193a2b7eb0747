import type { LanguageModelV4StreamPart, LanguageModelV4Usage } from "@ai-sdk/provider";
import { simulateReadableStream } from "ai";
import { convertArrayToReadableStream, MockLanguageModelV4 } from "ai/test";
import { eq } from "drizzle-orm";
import { createParser } from "eventsource-parser";
import { expect } from "vitest";
import { user } from "@/db/schema";
import { type ChatkitDeps, handleChatkit } from "@/lib/chatkit/server";
import { seedFromDir } from "@/lib/content/seed";
import { postgresRetriever } from "@/lib/rag/postgres";
import type { TutorModel } from "@/lib/tutor/model";
import { type AuthTestContext, BASE_URL, type CookieJar, createTestAuth, signUpVerified } from "./auth";
import { streamEvent, type WireEvent } from "./chatkit-wire";
import { fixtureCourseDir } from "./fixtures";

export interface ChatkitTest extends AuthTestContext {
  deps: ChatkitDeps;
  as(email: string): Promise<CookieJar>;
  userId(email: string): Promise<string>;
}

export async function setupChatkit(overrides: Partial<ChatkitDeps> = {}): Promise<ChatkitTest> {
  const ctx = await createTestAuth();
  await seedFromDir({ db: ctx.db.db, dir: fixtureCourseDir });
  const deps: ChatkitDeps = {
    db: ctx.db.db,
    model: null,
    retriever: postgresRetriever(ctx.db.db),
    dailyLimit: 20,
    ...overrides,
  };
  const jars = new Map<string, CookieJar>();
  return {
    ...ctx,
    deps,
    async as(email) {
      let jar = jars.get(email);
      if (!jar) {
        jar = await signUpVerified(ctx, { email });
        jars.set(email, jar);
      }
      return jar;
    },
    async userId(email) {
      const [row] = await ctx.db.db.select().from(user).where(eq(user.email, email));
      return row?.id as string;
    },
  };
}

export interface PostOptions {
  jar?: CookieJar;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  deps?: Partial<ChatkitDeps>;
}

export function chatkitRequest(body: unknown, { jar, headers = {}, signal }: PostOptions = {}) {
  return new Request(`${BASE_URL}/api/chatkit`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(jar ? { cookie: jar.header() } : {}), ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal,
  });
}

export const post = (t: ChatkitTest, body: unknown, options: PostOptions = {}) =>
  handleChatkit(chatkitRequest(body, options), { ...t.deps, ...options.deps });

/** Reads a ChatKit SSE response into events, checking every one against the wire schema. */
export async function readEvents(response: Response): Promise<WireEvent[]> {
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const events: WireEvent[] = [];
  const parser = createParser({
    onEvent: (e) => {
      expect(e.event).toBeUndefined();
      events.push(streamEvent.parse(JSON.parse(e.data)));
    },
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  return events;
}

export const userInput = (text: string, quoted_text = "") => ({
  content: [{ type: "input_text", text }],
  attachments: [],
  quoted_text,
  inference_options: {},
});

// ---- mock models (ai/test) ----------------------------------------------------------------

const usage: LanguageModelV4Usage = {
  inputTokens: { total: 50, noCache: 50, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 10, text: 10, reasoning: undefined },
};
type Step = { text: string[] } | { tool: string; input: unknown };

function stepStream(step: Step, delayMs: number | null) {
  const chunks: LanguageModelV4StreamPart[] =
    "tool" in step
      ? [
          {
            type: "tool-call",
            toolCallId: `call-${Math.random()}`,
            toolName: step.tool,
            input: JSON.stringify(step.input),
          },
          { type: "finish", finishReason: { unified: "tool-calls", raw: "tool_calls" }, usage },
        ]
      : [
          { type: "text-start", id: "t" },
          ...step.text.map((delta): LanguageModelV4StreamPart => ({ type: "text-delta", id: "t", delta })),
          { type: "text-end", id: "t" },
          { type: "finish", finishReason: { unified: "stop", raw: "stop" }, usage },
        ];
  return delayMs === null
    ? convertArrayToReadableStream(chunks)
    : simulateReadableStream({ chunks, chunkDelayInMs: delayMs, initialDelayInMs: null });
}

/** A model that plays the given steps, one per call (then repeats the last). */
export function scriptedModel(steps: Step[], { delayMs = null as number | null } = {}) {
  let call = 0;
  const model = new MockLanguageModelV4({
    doStream: async () => ({ stream: stepStream(steps[Math.min(call++, steps.length - 1)] as Step, delayMs) }),
    doGenerate: async () => ({
      content: [{ type: "text", text: "Scripted title" }],
      finishReason: { unified: "stop", raw: "stop" },
      usage,
      warnings: [],
    }),
  });
  const tutor: TutorModel = { model, name: "mock-model" };
  return { model, tutor };
}
