"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import {
  api,
  networkError,
  type Quota,
  type RequestContext,
  requestStream,
  TutorHttpError,
} from "@/lib/chatkit/client/client";
import { describeProblem, type Problem } from "@/lib/chatkit/client/wording";
import { assistantText, userText } from "@/lib/chatkit/message-text";
import type { Annotation, StreamEvent, ThreadItemWire, ThreadWire } from "@/lib/chatkit/protocol";

export interface ChatMessage {
  id: string;
  role: "user" | "assistant";
  text: string;
  quoted?: string;
  annotations: Annotation[];
  feedback?: "positive" | "negative";
  pending?: boolean;
}

function toMessage(item: ThreadItemWire): ChatMessage | null {
  if (item.type === "user_message") {
    return { id: item.id, role: "user", text: userText(item.content), quoted: item.quoted_text, annotations: [] };
  }
  if (item.type === "assistant_message") {
    return {
      id: item.id,
      role: "assistant",
      text: assistantText(item.content),
      annotations: item.content.flatMap((c) => c.annotations),
    };
  }
  return null;
}

/**
 * The built-in client's state: threads, the open conversation, the streaming answer, quota and
 * problems in words. Every call goes through /api/chatkit (the same protocol ChatKit speaks).
 */
export function useTutorChat({
  lessonId,
  limit,
  initialThreadId,
}: {
  lessonId?: string;
  limit: number;
  initialThreadId?: string | null;
}) {
  const [threads, setThreads] = useState<ThreadWire[]>([]);
  const [threadId, setThreadId] = useState<string | null>(initialThreadId ?? null);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [streaming, setStreaming] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [retrievalOnly, setRetrievalOnly] = useState(false);
  const [quota, setQuota] = useState<Quota | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const ctx: RequestContext = { lessonId, onQuota: setQuota };
  const ctxRef = useRef(ctx);
  ctxRef.current = ctx;

  const fail = useCallback(
    (err: unknown) => {
      if ((err as Error).name === "AbortError") return;
      setProblem(describeProblem(err instanceof TutorHttpError ? err : networkError(), limit));
    },
    [limit],
  );

  const refreshThreads = useCallback(async () => {
    try {
      setThreads((await api.listThreads(ctxRef.current)).data);
    } catch (err) {
      fail(err);
    }
  }, [fail]);

  const openThread = useCallback(
    async (id: string | null) => {
      abortRef.current?.abort();
      setThreadId(id);
      setProblem(null);
      setNotice(null);
      if (!id) return setMessages([]);
      try {
        const page = await api.listItems(id, ctxRef.current);
        setMessages(page.data.map(toMessage).filter((m): m is ChatMessage => m !== null));
      } catch (err) {
        fail(err);
      }
    },
    [fail],
  );

  useEffect(() => {
    void refreshThreads();
    if (initialThreadId) void openThread(initialThreadId);
  }, [refreshThreads, openThread, initialThreadId]);

  const apply = useCallback((event: StreamEvent) => {
    const patch = (id: string, f: (m: ChatMessage) => ChatMessage) =>
      setMessages((ms) => ms.map((m) => (m.id === id ? f(m) : m)));
    switch (event.type) {
      case "thread.created":
        setThreadId(event.thread.id);
        setThreads((ts) => [event.thread, ...ts.filter((t) => t.id !== event.thread.id)]);
        break;
      case "thread.updated":
        setThreads((ts) => ts.map((t) => (t.id === event.thread.id ? { ...t, title: event.thread.title } : t)));
        break;
      case "thread.item.done":
      case "thread.item.added": {
        const m = toMessage(event.item);
        if (!m) break;
        // The optimistic user message is replaced by the stored one.
        setMessages((ms) => [
          ...ms.filter((x) => x.id !== m.id && !(m.role === "user" && x.pending)),
          { ...m, pending: event.type === "thread.item.added" },
        ]);
        break;
      }
      case "thread.item.updated": {
        const u = event.update;
        if (u.type === "assistant_message.content_part.text_delta")
          patch(event.item_id, (m) => ({ ...m, text: m.text + u.delta }));
        if (u.type === "assistant_message.content_part.annotation_added")
          patch(event.item_id, (m) => ({ ...m, annotations: [...m.annotations, u.annotation] }));
        break;
      }
      case "notice":
        if (event.title === "Retrieval-only mode") setRetrievalOnly(true);
        else setNotice(event.message);
        break;
      case "error":
        setProblem({
          kind: "unavailable",
          message: event.message ?? "The tutor could not finish this answer.",
          retry: event.allow_retry,
        });
        break;
    }
  }, []);

  const run = useCallback(
    async (body: { type: string; params: unknown }) => {
      const controller = new AbortController();
      abortRef.current = controller;
      setStreaming(true);
      setProblem(null);
      setNotice(null);
      try {
        for await (const event of requestStream(body, ctxRef.current, controller.signal)) apply(event);
      } catch (err) {
        fail(err);
      } finally {
        setStreaming(false);
        setMessages((ms) => ms.map((m) => (m.role === "assistant" && m.pending ? { ...m, pending: false } : m)));
      }
    },
    [apply, fail],
  );

  const send = useCallback(
    async (text: string, quoted?: string) => {
      const input = {
        content: [{ type: "input_text", text }],
        attachments: [],
        quoted_text: quoted ?? "",
        inference_options: {},
      };
      setMessages((ms) => [
        ...ms,
        { id: `pending-${Date.now()}`, role: "user", text, quoted, annotations: [], pending: true },
      ]);
      await run(
        threadId
          ? { type: "threads.add_user_message", params: { thread_id: threadId, input } }
          : { type: "threads.create", params: { input } },
      );
    },
    [run, threadId],
  );

  const retry = useCallback(async () => {
    const lastUser = [...messages].reverse().find((m) => m.role === "user" && !m.pending);
    if (!threadId || !lastUser) return;
    setMessages((ms) => ms.slice(0, ms.findIndex((m) => m.id === lastUser.id) + 1));
    await run({ type: "threads.retry_after_item", params: { thread_id: threadId, item_id: lastUser.id } });
  }, [messages, run, threadId]);

  const stop = useCallback(() => abortRef.current?.abort(), []);

  const rename = useCallback(
    async (id: string, title: string) => {
      try {
        const updated = await api.rename(id, title, ctxRef.current);
        setThreads((ts) => ts.map((t) => (t.id === id ? { ...t, title: updated.title } : t)));
      } catch (err) {
        fail(err);
      }
    },
    [fail],
  );

  const remove = useCallback(
    async (id: string) => {
      try {
        await api.remove(id, ctxRef.current);
        setThreads((ts) => ts.filter((t) => t.id !== id));
        if (id === threadId) await openThread(null);
      } catch (err) {
        fail(err);
      }
    },
    [fail, openThread, threadId],
  );

  const rate = useCallback(
    async (itemId: string, kind: "positive" | "negative") => {
      if (!threadId) return;
      setMessages((ms) => ms.map((m) => (m.id === itemId ? { ...m, feedback: kind } : m)));
      await api.feedback(threadId, itemId, kind, ctxRef.current).catch(fail);
    },
    [fail, threadId],
  );

  return {
    threads,
    threadId,
    messages,
    streaming,
    problem,
    notice,
    retrievalOnly,
    quota,
    send,
    stop,
    retry,
    openThread,
    rename,
    remove,
    rate,
  };
}
