"use client";

import { useCallback, useEffect, useReducer, useRef } from "react";
import { initialChatState, lastUserMessage, reduce } from "@/lib/chatkit/client/chat-state";
import { api, networkError, type RequestContext, requestStream, TutorHttpError } from "@/lib/chatkit/client/client";
import { describeProblem } from "@/lib/chatkit/client/wording";

/**
 * The built-in client: the state transitions live in the pure `reduce` (chat-state.ts); this
 * hook only sends requests through /api/chatkit (the protocol ChatKit speaks) and dispatches.
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
  const [state, dispatch] = useReducer(reduce, initialThreadId ?? null, initialChatState);
  const abortRef = useRef<AbortController | null>(null);
  const ctx: RequestContext = { lessonId, onQuota: (quota) => dispatch({ type: "quota", quota }) };
  const ctxRef = useRef(ctx);
  ctxRef.current = ctx;
  const stateRef = useRef(state);
  stateRef.current = state;
  /** The conversation last asked to open. */
  const opening = useRef<string | null>(null);

  const fail = useCallback(
    (err: unknown) => {
      if ((err as Error).name === "AbortError") return;
      // The server's X-RateLimit-Limit is the learner's own limit when an admin set one.
      const known = stateRef.current.quota?.limit ?? limit;
      dispatch({
        type: "failed",
        problem: describeProblem(err instanceof TutorHttpError ? err : networkError(), known),
      });
    },
    [limit],
  );

  const refreshThreads = useCallback(async () => {
    try {
      const page = await api.listThreads(ctxRef.current);
      dispatch({ type: "threads.loaded", threads: page.data, more: page.more });
    } catch (err) {
      fail(err);
    }
  }, [fail]);

  const loadMoreThreads = useCallback(async () => {
    const after = stateRef.current.moreThreads;
    if (!after) return;
    try {
      const page = await api.listThreads(ctxRef.current, after);
      dispatch({ type: "threads.more", threads: page.data, more: page.more });
    } catch (err) {
      fail(err);
    }
  }, [fail]);

  const openThread = useCallback(
    async (id: string | null) => {
      abortRef.current?.abort();
      opening.current = id;
      dispatch({ type: "thread.opened", threadId: id });
      if (!id) return;
      try {
        const page = await api.listItems(id, ctxRef.current);
        // Another conversation opened meanwhile: these messages are not its.
        if (opening.current === id) dispatch({ type: "items.loaded", items: page.data, earlier: page.more });
      } catch (err) {
        fail(err);
      }
    },
    [fail],
  );

  /** The messages before those shown (a conversation is opened at its latest ones). */
  const loadEarlier = useCallback(async () => {
    const { threadId, earlier } = stateRef.current;
    if (!threadId || !earlier) return;
    try {
      const page = await api.listItems(threadId, ctxRef.current, earlier);
      if (stateRef.current.threadId === threadId)
        dispatch({ type: "items.earlier", items: page.data, earlier: page.more });
    } catch (err) {
      fail(err);
    }
  }, [fail]);

  useEffect(() => {
    void refreshThreads();
    if (initialThreadId) void openThread(initialThreadId);
  }, [refreshThreads, openThread, initialThreadId]);

  const run = useCallback(
    async (body: { type: string; params: unknown }) => {
      const controller = new AbortController();
      abortRef.current = controller;
      dispatch({ type: "stream.started" });
      try {
        for await (const event of requestStream(body, ctxRef.current, controller.signal)) {
          dispatch({ type: "server", event });
        }
      } catch (err) {
        fail(err);
      } finally {
        dispatch({ type: "stream.ended" });
      }
    },
    [fail],
  );

  const send = useCallback(
    async (text: string, quoted?: string) => {
      const input = {
        content: [{ type: "input_text", text }],
        attachments: [],
        quoted_text: quoted ?? "",
        inference_options: {},
      };
      dispatch({ type: "message.sent", id: `pending-${Date.now()}`, text, quoted });
      const threadId = stateRef.current.threadId;
      await run(
        threadId
          ? { type: "threads.add_user_message", params: { thread_id: threadId, input } }
          : { type: "threads.create", params: { input } },
      );
    },
    [run],
  );

  const retry = useCallback(async () => {
    const { threadId } = stateRef.current;
    const lastUser = lastUserMessage(stateRef.current);
    if (!threadId || !lastUser) return;
    dispatch({ type: "retry.started", userMessageId: lastUser.id });
    await run({ type: "threads.retry_after_item", params: { thread_id: threadId, item_id: lastUser.id } });
  }, [run]);

  const stop = useCallback(() => abortRef.current?.abort(), []);

  const rename = useCallback(
    async (id: string, title: string) => {
      try {
        const updated = await api.rename(id, title, ctxRef.current);
        dispatch({ type: "thread.renamed", id, title: updated.title });
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
        dispatch({ type: "thread.removed", id });
        if (id === stateRef.current.threadId) await openThread(null);
      } catch (err) {
        fail(err);
      }
    },
    [fail, openThread],
  );

  const rate = useCallback(
    async (itemId: string, kind: "positive" | "negative") => {
      const { threadId } = stateRef.current;
      if (!threadId) return;
      dispatch({ type: "message.rated", id: itemId, kind });
      await api.feedback(threadId, itemId, kind, ctxRef.current).catch(fail);
    },
    [fail],
  );

  return { ...state, send, stop, retry, openThread, loadEarlier, loadMoreThreads, rename, remove, rate };
}
