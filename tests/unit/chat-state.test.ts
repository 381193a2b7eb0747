import { describe, expect, it } from "vitest";
import { type ChatState, initialChatState, lastUserMessage, reduce } from "@/lib/chatkit/client/chat-state";
import type { AssistantMessageItem, StreamEvent, ThreadWire, UserMessageItem } from "@/lib/chatkit/protocol";
import { RETRIEVAL_ONLY_TITLE } from "@/lib/tutor/notices";

const thread = (id: string, title?: string): ThreadWire => ({
  id,
  title,
  created_at: "2026-11-30T10:00:00Z",
  status: { type: "active" },
  metadata: {},
  items: { data: [], has_more: false },
});
const userItem = (id: string, text: string): UserMessageItem => ({
  id,
  thread_id: "t1",
  created_at: "2026-11-30T10:00:00Z",
  type: "user_message",
  content: [{ type: "input_text", text }],
  attachments: [],
  inference_options: {},
});
const assistantItem = (id: string, text = ""): AssistantMessageItem => ({
  id,
  thread_id: "t1",
  created_at: "2026-11-30T10:00:01Z",
  type: "assistant_message",
  content: [{ type: "output_text", text, annotations: [] }],
});
const server = (state: ChatState, ...events: StreamEvent[]) =>
  events.reduce((s, event) => reduce(s, { type: "server", event }), state);

describe("the built-in chat's state", () => {
  it("streams a first answer: the optimistic message is replaced, deltas append, citations attach", () => {
    let s = reduce(initialChatState(), { type: "message.sent", id: "pending-1", text: "What is a frame?" });
    s = reduce(s, { type: "stream.started" });
    expect(s.messages).toEqual([
      { id: "pending-1", role: "user", text: "What is a frame?", quoted: undefined, annotations: [], pending: true },
    ]);
    s = server(
      s,
      { type: "thread.created", thread: thread("t1") },
      { type: "thread.item.done", item: userItem("u1", "What is a frame?") },
      { type: "thread.item.added", item: assistantItem("a1") },
      {
        type: "thread.item.updated",
        item_id: "a1",
        update: { type: "assistant_message.content_part.text_delta", content_index: 0, delta: "A frame " },
      },
      {
        type: "thread.item.updated",
        item_id: "a1",
        update: { type: "assistant_message.content_part.text_delta", content_index: 0, delta: "is an origin." },
      },
      {
        type: "thread.item.updated",
        item_id: "a1",
        update: {
          type: "assistant_message.content_part.annotation_added",
          content_index: 0,
          annotation_index: 0,
          annotation: { type: "annotation", source: { type: "url", title: "Frames", url: "/learn/a/frames" } },
        },
      },
      { type: "thread.updated", thread: thread("t1", "Frames") },
    );
    s = reduce(s, { type: "stream.ended" });
    expect(s.threadId).toBe("t1");
    expect(s.threads.map((t) => t.title)).toEqual(["Frames"]);
    expect(s.streaming).toBe(false);
    expect(s.messages.map((m) => [m.id, m.role, m.text, m.pending])).toEqual([
      ["u1", "user", "What is a frame?", false],
      ["a1", "assistant", "A frame is an origin.", false],
    ]);
    expect(s.messages[1]?.annotations[0]?.source.title).toBe("Frames");
  });

  it("shows retrieval-only mode as a flag, other notices as text, and errors as a problem with retry", () => {
    let s = server(
      initialChatState("t1"),
      { type: "notice", level: "info", title: RETRIEVAL_ONLY_TITLE, message: "No model." },
      { type: "notice", level: "warning", title: "Course search unavailable", message: "Search is down." },
      { type: "error", code: "stream.error", allow_retry: true },
    );
    expect(s.retrievalOnly).toBe(true);
    expect(s.notice).toBe("Search is down.");
    expect(s.problem).toEqual({ kind: "unavailable", message: "The tutor could not finish this answer.", retry: true });
    s = reduce(s, { type: "stream.started" });
    expect([s.problem, s.notice, s.streaming]).toEqual([null, null, true]);
  });

  it("retries from the last stored user message, dropping what came after it", () => {
    let s = reduce(initialChatState("t1"), {
      type: "items.loaded",
      items: [userItem("u1", "one"), assistantItem("a1", "first"), userItem("u2", "two"), assistantItem("a2", "bad")],
    });
    const last = lastUserMessage(s);
    expect(last?.id).toBe("u2");
    s = reduce(s, { type: "retry.started", userMessageId: "u2" });
    expect(s.messages.map((m) => m.id)).toEqual(["u1", "a1", "u2"]);
  });

  it("renames, removes, rates and opens threads", () => {
    let s = reduce(initialChatState(), { type: "threads.loaded", threads: [thread("t1", "A"), thread("t2", "B")] });
    s = reduce(s, { type: "thread.renamed", id: "t2", title: "Kinematics" });
    s = reduce(s, { type: "thread.removed", id: "t1" });
    expect(s.threads.map((t) => [t.id, t.title])).toEqual([["t2", "Kinematics"]]);
    s = reduce(s, { type: "items.loaded", items: [assistantItem("a1", "hi")] });
    s = reduce(s, { type: "message.rated", id: "a1", kind: "negative" });
    expect(s.messages[0]?.feedback).toBe("negative");
    s = reduce(s, { type: "thread.opened", threadId: null });
    expect([s.threadId, s.messages]).toEqual([null, []]);
  });
  it("opens a conversation at its latest messages and puts earlier ones above, once each", () => {
    let s = reduce(initialChatState(), { type: "thread.opened", threadId: "t1" });
    s = reduce(s, { type: "items.loaded", items: [userItem("u2", "later"), assistantItem("a2", "B")], earlier: "u2" });
    expect(s.earlier).toBe("u2");
    s = reduce(s, {
      type: "items.earlier",
      items: [userItem("u1", "first"), assistantItem("a1", "A"), userItem("u2", "later")],
      earlier: null,
    });
    expect(s.messages.map((m) => m.id)).toEqual(["u1", "a1", "u2", "a2"]);
    expect(s.earlier).toBeNull();
    s = reduce(s, { type: "items.loaded", items: [userItem("u9", "x")], earlier: "u9" });
    expect(reduce(s, { type: "thread.opened", threadId: "t2" }).earlier).toBeNull();
  });

  it("lists older conversations after the ones shown, once each", () => {
    let s = reduce(initialChatState(), { type: "threads.loaded", threads: [thread("t3"), thread("t2")], more: "t2" });
    expect(s.moreThreads).toBe("t2");
    s = reduce(s, { type: "threads.more", threads: [thread("t2"), thread("t1")], more: null });
    expect(s.threads.map((t) => t.id)).toEqual(["t3", "t2", "t1"]);
    expect(s.moreThreads).toBeNull();
  });
});
