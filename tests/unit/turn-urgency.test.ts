import { describe, expect, it } from "vitest";
import { currentUrgency, type Urgency } from "@/db/urgency";
import { respond } from "@/lib/chatkit/respond";
import { sseResponse } from "@/lib/chatkit/sse";
import type { ChatStore } from "@/lib/chatkit/store";
import type { Retriever } from "@/lib/rag/retriever";
import { scriptedModel } from "../support/chatkit";

/**
 * What a tutor turn asks of the database, and how urgently (db/urgency.ts): the checks before
 * the response at `respond`, the stream's work up to the first text (the grounding search) at
 * `stream`, and what follows the first text (storing the answer, the usage) at `after`.
 */
describe("a tutor turn's database work", () => {
  it("is asked at `stream` until the first text, then at `after`", async () => {
    const seen: Record<string, Urgency> = {};
    const retriever: Retriever = {
      kind: "postgres",
      search: async () => {
        seen.search ??= currentUrgency();
        return [];
      },
    };
    const store = {
      addItem: async () => {
        seen.answer = currentUrgency();
        return null;
      },
    } as unknown as ChatStore;
    const { tutor } = scriptedModel([{ text: ["Lengths ", "stay."] }]);
    seen.request = currentUrgency();
    const response = sseResponse(async (emit, signal) => {
      await respond(
        {
          store,
          model: tutor,
          retriever,
          record: async () => {
            seen.usage = currentUrgency();
          },
        },
        { thread: { id: "thr_u" }, history: [], userText: "Why?", courseId: "c", stageIds: [] },
        emit,
        signal,
      );
    });
    const body = await response.text();

    expect(body).toContain("Lengths ");
    expect(seen).toEqual({ request: "respond", search: "stream", answer: "after", usage: "after" });
  });
});
