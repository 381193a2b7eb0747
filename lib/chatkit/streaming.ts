import "server-only";
import type { Db } from "@/db/client";
import type { ItemRow, ThreadRow } from "@/db/queries/chat";
import { recordTurn, type TurnRecord } from "@/db/queries/tutor";
import type { SessionUser } from "@/lib/auth/user";
import { AppError } from "@/lib/errors";
import type { Retriever } from "@/lib/rag/retriever";
import { DEFAULT_TIMEOUT, TITLE_TIMEOUT_MS, type TutorModel } from "@/lib/tutor/model";
import { resolveScope, type TutorScope } from "@/lib/tutor/page-context";
import { consumeQuota, getQuota, type QuotaStatus, rateLimitHeaders, refundQuota } from "@/lib/tutor/quota";
import { historyToMessages } from "./history";
import { notFound } from "./json-handlers";
import { userText } from "./message-text";
import { isHidden, type StreamingRequest, type UserMessageContent, type UserMessageInput } from "./protocol";
import { respond } from "./respond";
import { type Emit, sseResponse } from "./sse";
import { type ChatStore, itemToWire, newId, threadToWire } from "./store";
import { PendingTitle } from "./thread-title";

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
  /** The lesson the client says is open (X-Tutor-Lesson-Id), checked by resolveScope. */
  lessonId: string | null;
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

/**
 * A message the tutor can answer: some text (a blank one was answered and counted), and no
 * attachments (this server has no attachment store: they were dropped without a word).
 */
function assertAskable(input: UserMessageInput) {
  if (input.attachments.length > 0) {
    throw new AppError("chatkit:unsupported", "Attachments are not supported here: send your question as text.");
  }
  if (!userText(input.content) && !input.quoted_text?.trim()) {
    throw new AppError("chatkit:invalid_request", "The message is empty: type a question first.");
  }
}

/** Longer than any turn may run: the model's whole answer, then its title. */
const turnHoldMs = (ctx: Ctx) =>
  (ctx.deps.model?.timeout?.totalMs ?? DEFAULT_TIMEOUT.totalMs) + TITLE_TIMEOUT_MS + 20_000;

/**
 * An open thread of the caller's, held for this turn (one answer at a time per conversation;
 * db/queries/chat-turn.ts). `release` gives it back, once, whoever calls it first.
 */
async function holdThread(ctx: Ctx, threadId: string) {
  const [claimed, thread] = await Promise.all([
    ctx.store.claimTurn(threadId, turnHoldMs(ctx)),
    ctx.store.loadThread(threadId),
  ]);
  let released = !claimed;
  const release = async () => {
    if (released) return;
    released = true;
    await ctx.store
      .releaseTurn(threadId)
      .catch((err) => console.error(`[tutor] thread not released: ${(err as Error).message}`));
  };
  if (!thread) throw notFound();
  try {
    assertOpen(thread);
  } catch (err) {
    await release();
    throw err;
  }
  if (!claimed) throw new AppError("chatkit:turn_in_progress");
  return { thread, release };
}

/** Runs the checks before a held turn's stream; a refusal among them gives the thread back. */
async function held(release: () => Promise<void>, start: () => Promise<Response>): Promise<Response> {
  try {
    return await start();
  } catch (err) {
    await release();
    throw err;
  }
}

/** The user message as it is stored and echoed (`thread.item.done`, never `added`). */
function userMessageRow(threadId: string, input: UserMessageInput) {
  return {
    id: newId("msg"),
    threadId,
    type: "user_message",
    role: "user",
    content: {
      content: input.content,
      attachments: [],
      quoted_text: input.quoted_text || undefined,
      inference_options: input.inference_options ?? {},
    },
    createdAt: new Date(),
  };
}

/**
 * Where the learner is asking from. An ended enrolment keeps its conversations readable (the
 * JSON types) but asks nothing new.
 */
async function askingScope(ctx: Ctx): Promise<TutorScope> {
  const scope = await resolveScope({ db: ctx.deps.db, user: ctx.user, lessonId: ctx.lessonId });
  if (!scope) throw new AppError("tutor:no_course", "There is no course loaded yet.");
  if (scope.enrolmentEnded) throw new AppError("tutor:enrolment_ended");
  return scope;
}

/**
 * What every turn needs before its stream starts, in parallel: the quota (counting this
 * message when `count`) and where the learner is asking from. Also the response's headers.
 * A turn refused for where it is asked from (no course, an ended enrolment) costs nothing: the
 * message counted beside it is given back.
 */
async function prepare(
  ctx: Ctx,
  count: boolean,
): Promise<{ scope: TutorScope; headers: Record<string, string>; messageId: string | null }> {
  const { db } = ctx.deps;
  const counted = count ? consumeQuota({ db, user: ctx.user, limit: ctx.deps.dailyLimit }) : null;
  // The response's quota headers count this message too (the client shows what is left).
  const quota: Promise<QuotaStatus> = counted
    ? counted.then((q) => q.after)
    : getQuota({ db, user: ctx.user, limit: ctx.deps.dailyLimit });
  const [status, scope] = await Promise.all([quota, askingScope(ctx)]).catch(async (err) => {
    const spent = await counted?.catch(() => null);
    await refundQuota({ db, userId: ctx.user.id, messageId: spent?.messageId ?? null });
    throw err;
  });
  const messageId = (await counted)?.messageId ?? null;
  return { scope, headers: { ...ctx.headers, ...rateLimitHeaders(status) }, messageId };
}

async function answer(
  ctx: Ctx,
  turn: {
    thread: Pick<ThreadRow, "id" | "title">;
    scope: TutorScope;
    history: ItemRow[];
    input: { text: string; quoted?: string | null };
    stored: Promise<unknown>;
    /** The quota ledger entry this turn counted (null: resent, or staff), refunded if it fails. */
    messageId: string | null;
  },
  emit: Emit,
  signal: AbortSignal,
) {
  const { thread, scope, input } = turn;
  // Asked once the answer's first text has been sent (it needs only the question); stored with it.
  const title = thread.title ? null : new PendingTitle(ctx.deps.model, input.text, signal);
  const record = (r: Omit<TurnRecord, "userId" | "threadId">) =>
    recordTurn({ db: ctx.deps.db, turn: { ...r, userId: ctx.user.id, threadId: thread.id } }).catch((err) =>
      console.error(`[tutor] usage not recorded: ${(err as Error).message}`),
    );
  const outcome = await respond(
    { store: ctx.store, model: ctx.deps.model, retriever: ctx.deps.retriever, record },
    {
      thread,
      stored: turn.stored,
      history: historyToMessages(turn.history),
      userText: input.text,
      quotedText: input.quoted,
      page: scope.page,
      courseId: scope.courseId,
      stageIds: scope.stageIds,
      indexVersion: scope.indexVersion,
      catalog: scope.catalog,
      title: title ?? undefined,
    },
    emit,
    signal,
  );
  // A turn the model failed (or the server cut short) does not cost the learner a message.
  if (outcome === "error") {
    await refundQuota({ db: ctx.deps.db, userId: ctx.user.id, messageId: turn.messageId }).catch((err) =>
      console.error(`[tutor] quota not refunded: ${(err as Error).message}`),
    );
  }
  if (title && !signal.aborted) {
    await turn.stored;
    // After an error event the stream ends (ChatKit): the title is stored, the client reads it later.
    await title.finish(ctx.store, thread.id, outcome === "error" ? () => {} : emit);
  }
}

const streamOptions: Parameters<Emit>[0] = { type: "stream_options", stream_options: { allow_cancel: true } };

/**
 * Streaming request types. Everything that can fail with a clear 4xx (not found, closed
 * thread, quota) is checked before the stream starts; after that, failures are error events.
 * Writes the client does not wait for (a new thread, the learner's message) are made once the
 * stream has started, beside the model call; the answer is stored only after them.
 */
export async function handleStreaming(ctx: Ctx, req: StreamingRequest): Promise<Response> {
  const { store } = ctx;
  const stream = (headers: Record<string, string>, run: (emit: Emit, signal: AbortSignal) => Promise<void>) =>
    sseResponse(run, { headers, requestSignal: ctx.signal });

  switch (req.type) {
    case "threads.create": {
      const input = req.params.input;
      assertAskable(input);
      const { scope, headers, messageId } = await prepare(ctx, true);
      const thread = {
        id: newId("thr"),
        title: null,
        createdAt: new Date(),
        status: { type: "active" as const },
      };
      const message = userMessageRow(thread.id, input);
      return stream(headers, async (emit, signal) => {
        const stored = store.createThreadWithItem(
          {
            id: thread.id,
            createdAt: thread.createdAt,
            courseId: scope.courseId,
            stageId: scope.lesson?.stageId,
            lessonId: scope.lesson?.id,
          },
          message,
        );
        emit({ type: "thread.created", thread: threadToWire(thread) });
        emit({ type: "thread.item.done", item: itemToWire(message) });
        emit(streamOptions);
        const text = { text: userText(input.content), quoted: input.quoted_text };
        await answer(ctx, { thread, scope, history: [], input: text, stored, messageId }, emit, signal);
      });
    }
    case "threads.add_user_message": {
      const input = req.params.input;
      assertAskable(input);
      const { thread, release } = await holdThread(ctx, req.params.thread_id);
      return held(release, async () => {
        // Read once the turn holds the thread: a copy of this message sent in parallel is
        // either refused by the hold or, after its turn, found here as a resend.
        const history = await store.history(thread.id);
        const resent = resentMessage(history, input);
        const { scope, headers, messageId } = await prepare(ctx, !resent);
        const fresh = resent ? null : userMessageRow(thread.id, input);
        const echo = itemToWire(fresh ?? (resent as ItemRow));
        const earlier = resent ? history.filter((h) => h.seq < resent.seq) : history;
        return stream(headers, async (emit, signal) => {
          try {
            const stored = fresh ? store.addItem(thread.id, fresh) : Promise.resolve();
            emit({ type: "thread.item.done", item: echo });
            emit(streamOptions);
            const text = { text: userText(input.content), quoted: input.quoted_text };
            await answer(ctx, { thread, scope, history: earlier, input: text, stored, messageId }, emit, signal);
          } finally {
            await release();
          }
        });
      });
    }
    case "threads.retry_after_item": {
      const { thread, release } = await holdThread(ctx, req.params.thread_id);
      return held(release, async () => {
        const item = await store.loadItem(thread.id, req.params.item_id);
        if (!item) throw new AppError("chatkit:not_found", "That message does not exist.");
        if (item.type !== "user_message")
          throw new AppError("chatkit:invalid_request", "Only a user message can be retried.");
        const { scope, headers, messageId } = await prepare(ctx, true);
        // Everything after the message goes (no removed events: the client drops them itself).
        await store.deleteItemsAfter(thread.id, item.seq);
        const history = (await store.history(thread.id)).filter((h) => h.id !== item.id);
        const c = item.content as { content: UserMessageContent[]; quoted_text?: string };
        return stream(headers, async (emit, signal) => {
          try {
            emit(streamOptions);
            const text = { text: userText(c.content), quoted: c.quoted_text };
            const turn = { thread, scope, history, input: text, stored: Promise.resolve(), messageId };
            await answer(ctx, turn, emit, signal);
          } finally {
            await release();
          }
        });
      });
    }
    case "threads.add_client_tool_output": {
      const [thread, last, quota] = await Promise.all([
        store.loadThread(req.params.thread_id),
        store.history(req.params.thread_id, 1).then((rows) => rows.at(-1)),
        getQuota({ db: ctx.deps.db, user: ctx.user, limit: ctx.deps.dailyLimit }),
      ]);
      if (!thread) throw notFound();
      const pending = last?.type === "client_tool_call" && (last.content as { status?: string }).status === "pending";
      if (!pending)
        throw new AppError(
          "chatkit:no_pending_tool_call",
          "There is no pending client tool call in this conversation.",
        );
      return stream({ ...ctx.headers, ...rateLimitHeaders(quota) }, async (emit) => {
        emit(streamOptions);
      });
    }
    case "threads.custom_action": {
      const [thread, quota] = await Promise.all([
        store.loadThread(req.params.thread_id),
        getQuota({ db: ctx.deps.db, user: ctx.user, limit: ctx.deps.dailyLimit }),
      ]);
      if (!thread) throw notFound();
      return stream({ ...ctx.headers, ...rateLimitHeaders(quota) }, async (emit) => {
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
