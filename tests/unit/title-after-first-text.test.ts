import { describe, expect, it } from "vitest";
import type { StreamEvent } from "@/lib/chatkit/protocol";
import { respond } from "@/lib/chatkit/respond";
import type { ChatStore } from "@/lib/chatkit/store";
import type { Retriever } from "@/lib/rag/retriever";
import { scriptedModel } from "../support/chatkit";
import { expectLogged } from "../support/console";

const retriever: Retriever = { kind: "postgres", search: async () => [] };
const store = { addItem: async () => null } as unknown as ChatStore;
const nextMacrotask = () => new Promise((resolve) => setImmediate(resolve));

const isTextDelta = (e: StreamEvent) =>
  e.type === "thread.item.updated" && e.update.type === "assistant_message.content_part.text_delta";

/**
 * A new thread's title is a second model call. It is asked once the answer's first text has
 * been emitted (and, being a later macrotask, written), so its work never runs ahead of the
 * text the learner is waiting for.
 */
describe("the title of a new thread", () => {
  it("is asked only after the answer's first text has been emitted", async () => {
    const { tutor } = scriptedModel([{ text: ["A rotation ", "keeps lengths."] }]);
    const emitted: StreamEvent[] = [];
    const seenAtStart: StreamEvent[][] = [];
    const title = {
      start: async () => {
        seenAtStart.push([...emitted]);
        return "Rotations";
      },
      take: () => null,
    };
    await respond(
      { store, model: tutor, retriever, record: async () => {} },
      { thread: { id: "thr_title" }, history: [], userText: "Why?", courseId: "c", stageIds: [], title },
      (event) => emitted.push(event),
      new AbortController().signal,
    );
    await nextMacrotask();

    expect(seenAtStart).toHaveLength(1);
    expect(seenAtStart[0]?.some(isTextDelta)).toBe(true);
    expect(emitted.filter(isTextDelta).map((e) => "update" in e && "delta" in e.update && e.update.delta)).toEqual([
      "A rotation ",
      "keeps lengths.",
    ]);
  });

  it("is not asked by respond for a turn that never wrote text (the thread asks it when the turn ends)", async () => {
    expectLogged(/ended its turn without any text/);
    const { tutor } = scriptedModel([{ text: [] }]);
    let asked = 0;
    const title = {
      start: async () => {
        asked++;
        return "Never";
      },
      take: () => null,
    };
    const outcome = await respond(
      { store, model: tutor, retriever, record: async () => {} },
      { thread: { id: "thr_empty" }, history: [], userText: "Why?", courseId: "c", stageIds: [], title },
      () => {},
      new AbortController().signal,
    );
    await nextMacrotask();
    expect(outcome).toBe("error");
    expect(asked).toBe(0);
  });
});
