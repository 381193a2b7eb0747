import { AsyncLocalStorage } from "node:async_hooks";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleChatkit } from "@/lib/chatkit/server";
import { tutorModelFromEnv } from "@/lib/tutor/model";
import { type ChatkitTest, chatkitRequest, readEvents, setupChatkit, userInput } from "../support/chatkit";
import { type OpenAIStub, startOpenAIStub } from "../support/openai-stub";

/**
 * A finished tutor turn must leave nothing behind that keeps its request alive. Next.js keeps
 * each request in an AsyncLocalStorage store, and every timer started during the request
 * captures that store: a timer left running (an uncancellable AbortSignal.timeout for the model
 * call's 120 s total timeout) holds the request, its stream and its buffers until it fires.
 */
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

let t: ChatkitTest;
let stub: OpenAIStub;
beforeAll(async () => {
  stub = await startOpenAIStub({ keepRequests: false });
  t = await setupChatkit();
});
afterAll(async () => {
  await t.close();
  await stub.close();
});

const model = () => {
  const m = tutorModelFromEnv({ model: { apiKey: "sk-local-test", baseURL: stub.url, tutorModel: "stub-tutor" } });
  if (!m) throw new Error("model not configured");
  return m;
};

describe("a finished tutor turn", () => {
  it("releases its request: nothing reachable holds it once the stream has ended", async () => {
    const jar = await t.as("release@example.com");
    const requests: WeakRef<Request>[] = [];
    // In a function of its own, so no frame of the test itself still holds the last request.
    const requestStore = new AsyncLocalStorage<{ request: Request }>();
    const turn = async () => {
      const request = chatkitRequest(
        { type: "threads.create", params: { input: userInput("What is a vector?") } },
        { jar },
      );
      requests.push(new WeakRef(request));
      const events = await requestStore.run({ request }, async () =>
        readEvents(await handleChatkit(request, { ...t.deps, model: model() })),
      );
      // A whole turn: the model's answer (after a search) and the title.
      expect(events.some((e) => e.type === "thread.item.done" && e.item.type === "assistant_message")).toBe(true);
      expect(events.some((e) => e.type === "thread.updated")).toBe(true);
    };
    for (let i = 0; i < 3; i++) await turn();
    // Writes after the stream (the turn's usage) may still be finishing on a loaded machine, and
    // a pooled connection's idle timer (node-postgres and Neon's Pool: 10 s) is started by the
    // request that hands the connection back, so it holds that request until it fires or the
    // connection is used again (bounded by the pool's size and 10 s). The wait allows for both
    // and still catches what this test is about: timers that outlive the turn by minutes (the
    // model call's 120 s).
    const waitMs = t.db.driver === "pglite" ? 5_000 : 12_000;
    const alive = async () => {
      const until = Date.now() + waitMs;
      do {
        await new Promise((resolve) => setTimeout(resolve, 50));
        gc();
      } while (Date.now() < until && requests.some((r) => r.deref() !== undefined));
      return requests.filter((r) => r.deref() !== undefined).length;
    };
    expect(await alive()).toBe(0);
  }, 90_000);
});
