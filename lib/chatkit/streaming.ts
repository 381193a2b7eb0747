import "server-only";
import type { Db } from "@/db/client";
import type { ItemRow, ThreadRow } from "@/db/queries/chat";
import { recordTurn, type TurnRecord } from "@/db/queries/tutor";
import type { SessionUser } from "@/lib/auth/user";
import { AppError } from "@/lib/errors";
import type { Retriever } from "@/lib/rag/retriever";
import type { TutorModel } from "@/lib/tutor/model";
import type { TutorScope } from "@/lib/tutor/page-context";
import { consumeQuota, rateLimitHeaders } from "@/lib/tutor/quota";
import { generateTitle } from "@/lib/tutor/title";
import { historyToMessages } from "./history";
import { notFound } from "./json-handlers";
import { userText } from "./message-text";
import { isHidden, type StreamingRequest, type UserMessageContent, type UserMessageInput } from "./protocol";
import { respond } from "./respond";
import { type Emit, sseResponse } from "./sse";
import { type ChatStore, itemToWire, newId, threadToWire } from "./store";

export interface StreamingDeps {
  db: Db;
  model: TutorModel | null;
  retriever: Retriever;
  dailyLimit: number;
}

interface Ctx {
  deps: StreamingDeps;
  user: SessionUser;
  store: ChatStore;
  scope: TutorScope;
  headers: Record<string, string>;
  signal: AbortSignal;
}

const DUPLICATE_WINDOW_MS = 2 * 60 * 1000;

function assertOpen(thread: ThreadRow) {
  if (thread.status.type !== "active") {
    const reason = "reason" in thread.status && thread.status.reason ? `: ${thread.status.reason}` : "";
    throw new AppError(
      "chatkit:thread_closed",
      `This conversation is ${thread.status.type}${reason}. Start a new one.`,
    );
  }
}

/**
 * A resend of the same request (ChatKit retries after network errors, and the Python SDK has
 * no idempotency key): the newest user message has the same text and quote, is recent, and
 * nothing but hidden notes follows it. Returns that message, to be reused instead of added.
 */
function resentMessage(history: ItemRow[], input: UserMessageInput): ItemRow | undefined {
  const index = history.findLastIndex((row) => row.type === "user_message");
  const row = history[index];
  if (!row || history.slice(index + 1).some((later) => !isHidden(later.type))) return undefined;
  const c = row.content as { content: UserMessageContent[]; quoted_text?: string };
  const same = userText(c.content) === userText(input.content) && (c.quoted_text ?? "") === (input.quoted_text ?? "");
  return same && Date.now() - row.createdAt.getTime() < DUPLICATE_WINDOW_MS ? row : undefined;
}

/** Stores the user message as it is echoed (`thread.item.done`, never `added`). */
function addUserMessage(store: ChatStore, threadId: string, input: UserMessageInput) {
  return store.addItem(threadId, {
    id: newId("msg"),
    type: "user_message",
    role: "user",
    content: {
      content: input.content,
      attachments: [],
      quoted_text: input.quoted_text || undefined,
      inference_options: input.inference_options ?? {},
    },
  });
}

async function answer(
  ctx: Ctx,
  thread: ThreadRow,
  history: ItemRow[],
  input: { text: string; quoted?: string | null },
  emit: Emit,
  signal: AbortSignal,
) {
  const record = (turn: Omit<TurnRecord, "userId" | "threadId">) =>
    recordTurn({ db: ctx.deps.db, turn: { ...turn, userId: ctx.user.id, threadId: thread.id } }).catch((err) =>
      console.error(`[tutor] usage not recorded: ${(err as Error).message}`),
    );
  await respond(
    { store: ctx.store, model: ctx.deps.model, retriever: ctx.deps.retriever, record },
    {
      thread,
      history: historyToMessages(history),
      userText: input.text,
      quotedText: input.quoted,
      page: ctx.scope.page,
      courseId: ctx.scope.courseId,
      stageIds: ctx.scope.stageIds,
    },
    emit,
    signal,
  );
  if (!thread.title && !signal.aborted) {
    const title = await generateTitle(ctx.deps.model, input.text, signal);
    const updated = await ctx.store.updateThread(thread.id, { title });
    if (updated) emit({ type: "thread.updated", thread: threadToWire(updated) });
  }
}

const streamOptions: Parameters<Emit>[0] = { type: "stream_options", stream_options: { allow_cancel: true } };

/**
 * Streaming request types. Everything that can fail with a clear 4xx (not found, closed
 * thread, quota) is checked before the stream starts; after that, failures are error events.
 */
export async function handleStreaming(ctx: Ctx, req: StreamingRequest): Promise<Response> {
  const { store } = ctx;
  // The response's quota headers then count this message too (the client shows what is left).
  const consume = async () => {
    const quota = await consumeQuota({ db: ctx.deps.db, user: ctx.user, limit: ctx.deps.dailyLimit });
    ctx.headers = { ...ctx.headers, ...rateLimitHeaders(quota) };
  };
  const stream = (run: (emit: Emit, signal: AbortSignal) => Promise<void>) =>
    sseResponse(run, { headers: ctx.headers, requestSignal: ctx.signal });

  switch (req.type) {
    case "threads.create": {
      const input = req.params.input;
      await consume();
      const thread = await store.createThread({
        courseId: ctx.scope.courseId,
        stageId: ctx.scope.lesson?.stageId,
        lessonId: ctx.scope.lesson?.id,
      });
      const saved = await addUserMessage(store, thread.id, input);
      return stream(async (emit, signal) => {
        emit({ type: "thread.created", thread: threadToWire(thread) });
        emit({ type: "thread.item.done", item: itemToWire(saved) });
        emit(streamOptions);
        await answer(ctx, thread, [], { text: userText(input.content), quoted: input.quoted_text }, emit, signal);
      });
    }
    case "threads.add_user_message": {
      const input = req.params.input;
      const thread = await store.loadThread(req.params.thread_id);
      if (!thread) throw notFound();
      assertOpen(thread);
      const history = await store.history(thread.id);
      const resent = resentMessage(history, input);
      if (!resent) await consume();
      const saved = resent ?? (await addUserMessage(store, thread.id, input));
      const earlier = resent ? history.filter((h) => h.seq < resent.seq) : history;
      return stream(async (emit, signal) => {
        emit({ type: "thread.item.done", item: itemToWire(saved) });
        emit(streamOptions);
        await answer(ctx, thread, earlier, { text: userText(input.content), quoted: input.quoted_text }, emit, signal);
      });
    }
    case "threads.retry_after_item": {
      const thread = await store.loadThread(req.params.thread_id);
      if (!thread) throw notFound();
      assertOpen(thread);
      const item = await store.loadItem(thread.id, req.params.item_id);
      if (!item) throw new AppError("chatkit:not_found", "That message does not exist.");
      if (item.type !== "user_message")
        throw new AppError("chatkit:invalid_request", "Only a user message can be retried.");
      await consume();
      // Everything after the message goes (no removed events: the client drops them itself).
      await store.deleteItemsAfter(thread.id, item.seq);
      const history = (await store.history(thread.id)).filter((h) => h.id !== item.id);
      const c = item.content as { content: UserMessageContent[]; quoted_text?: string };
      return stream(async (emit, signal) => {
        emit(streamOptions);
        await answer(ctx, thread, history, { text: userText(c.content), quoted: c.quoted_text }, emit, signal);
      });
    }
    case "threads.add_client_tool_output": {
      const thread = await store.loadThread(req.params.thread_id);
      if (!thread) throw notFound();
      const last = (await store.history(thread.id, 1)).at(-1);
      const pending = last?.type === "client_tool_call" && (last.content as { status?: string }).status === "pending";
      if (!pending)
        throw new AppError(
          "chatkit:no_pending_tool_call",
          "There is no pending client tool call in this conversation.",
        );
      return stream(async (emit) => {
        emit(streamOptions);
      });
    }
    case "threads.custom_action": {
      const thread = await store.loadThread(req.params.thread_id);
      if (!thread) throw notFound();
      return stream(async (emit) => {
        emit(streamOptions);
        emit({
          type: "error",
          code: "custom",
          message: "This action is not supported by the tutor.",
          allow_retry: false,
        });
      });
    }
  }
}
