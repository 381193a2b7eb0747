import "server-only";
import type { LanguageModel } from "ai";
import type { Db } from "@/db/client";
import { recordTurn } from "@/db/queries/tutor";
import { lowerUrgency, withUrgency } from "@/db/urgency";
import type { SessionUser } from "@/lib/auth/session";
import { createChatStore, newId } from "@/lib/chatkit/store";
import { consumeQuota } from "@/lib/tutor/quota";
import { floorLines } from "./floor";

/**
 * The benchmark's required-work route (bench/README.md): the floor route's answer plus what any
 * tutor turn must do, whatever its design, to keep the product's rules. The caller has checked
 * the session; this counts the message against the learner's quota before the stream starts,
 * stores the question beside the model call (as the tutor does) and the answer after it, and
 * records the turn's usage. None of the tutor's own work: no scope or unlocking, retrieval,
 * prompt, ChatKit events or title. Its statements are served with the tutor's urgencies
 * (db/urgency.ts). Its ratio to the bare route is the least a tutor turn can reach on the
 * machine; the tutor's ratio to it is what the tutor's own work adds.
 */
export async function requiredWorkStream(
  { db, user, limit }: { db: Db; user: SessionUser; limit: number },
  model: { model: LanguageModel; name: string },
  question: string,
): Promise<Response> {
  await consumeQuota({ db, user, limit });
  const store = createChatStore(db, user.id);
  const encoder = new TextEncoder();
  const started = Date.now();
  const body = new ReadableStream<Uint8Array>({
    start: (controller) => withUrgency("stream", () => turn(controller)),
  });
  async function turn(controller: ReadableStreamDefaultController<Uint8Array>) {
    const send = (line: string) => controller.enqueue(encoder.encode(line));
    send(": open\n\n");
    const threadId = newId("thr");
    const createdAt = new Date();
    const asked = { content: [{ type: "input_text", text: question }], attachments: [], inference_options: {} };
    const stored = store.createThreadWithItem(
      { id: threadId, createdAt },
      { id: newId("msg"), type: "user_message", role: "user", content: asked, createdAt },
    );
    stored.catch(() => {});
    let text = "";
    let firstTokenMs: number | null = null;
    let failed = false;
    for await (const line of floorLines(model.model, question)) {
      if (line.includes('"error":true')) failed = true;
      else {
        text += (JSON.parse(line.slice("data: ".length)) as { delta: string }).delta;
        if (firstTokenMs === null) {
          firstTokenMs = Date.now() - started;
          lowerUrgency("after");
        }
      }
      send(line);
    }
    try {
      await stored;
      const answer = { content: [{ type: "output_text", text, annotations: [] }] };
      await store.addItem(threadId, {
        id: newId("msg"),
        type: "assistant_message",
        role: "assistant",
        content: answer,
      });
      const outcome = failed ? "error" : "ok";
      const usage = { userId: user.id, threadId, model: model.name, outcome, firstTokenMs } as const;
      await recordTurn({ db, turn: { ...usage, totalMs: Date.now() - started, inputTokens: 0, outputTokens: 0 } });
    } catch (err) {
      console.error(`[bench] required-work turn not stored: ${(err as Error).message}`);
      if (!failed) send('data: {"error":true}\n\n');
    }
    controller.close();
  }
  return new Response(body, {
    headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache, no-transform" },
  });
}
