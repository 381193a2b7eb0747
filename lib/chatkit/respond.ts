import "server-only";
import type { ThreadRow } from "@/db/queries/chat";
import type { TurnRecord } from "@/db/queries/tutor";
import type { TurnSearch } from "@/db/schema";
import { lowerUrgency } from "@/db/urgency";
import { isShutdownReason } from "@/lib/http/shutdown";
import type { Retriever } from "@/lib/rag/retriever";
import { runTutorTurn, type TurnInput } from "@/lib/tutor/agent";
import type { TutorModel } from "@/lib/tutor/model";
import { citationsFor } from "./citations";
import type { Annotation, AssistantMessageItem, OutputText } from "./protocol";
import type { Emit } from "./sse";
import { type ChatStore, newId, threadToWire } from "./store";
import type { PendingTitle } from "./thread-title";

/** A tutor turn's input, minus the abort signal (the stream supplies it), plus its thread. */
export type RespondInput = Omit<TurnInput, "signal"> & {
  thread: Pick<ThreadRow, "id">;
  /** Settles when the thread and the learner's message are stored; the answer is saved after. */
  stored?: Promise<unknown>;
  /** A new thread's title: asked once the answer starts, written with it if ready by then. */
  title?: Pick<PendingTitle, "start" | "take">;
};

export interface RespondDeps {
  store: ChatStore;
  model: TutorModel | null;
  retriever: Retriever;
  /** Records latency, tokens and outcome (one call per turn). */
  record: (turn: Omit<TurnRecord, "userId" | "threadId">) => Promise<void>;
  now?: () => number;
}

export type TurnOutcome = TurnRecord["outcome"];

/**
 * Runs one assistant turn and streams it as ChatKit events: item added, a text part, deltas,
 * citation annotations, part done, item done (persisted). A disconnect saves what was written
 * so far, plus a hidden note so the model knows the learner stopped it. A failure (the model
 * erred, timed out or dropped the connection, or the server is stopping) also keeps the partial
 * answer and ends with a readable, retryable error. Usage is recorded in every case.
 */
export async function respond(
  deps: RespondDeps,
  input: RespondInput,
  emit: Emit,
  signal: AbortSignal,
): Promise<TurnOutcome> {
  const now = deps.now ?? Date.now;
  const started = now();
  let firstTokenAt: number | null = null;
  const threadId = input.thread.id;
  const item: AssistantMessageItem = {
    id: newId("msg"),
    thread_id: threadId,
    created_at: new Date().toISOString(),
    type: "assistant_message",
    content: [],
  };
  const part: OutputText = { type: "output_text", text: "", annotations: [] };
  let opened = false;
  let usage = { inputTokens: 0, outputTokens: 0 };
  const searches: TurnSearch[] = [];
  let failure: { message: string; retryable: boolean } | null = null;

  const open = () => {
    if (opened) return;
    opened = true;
    emit({ type: "thread.item.added", item });
    emit({
      type: "thread.item.updated",
      item_id: item.id,
      update: { type: "assistant_message.content_part.added", content_index: 0, content: { ...part } },
    });
  };
  /** Stores the answer (with the thread's title when it is ready); returns the titled thread. */
  const save = async () => {
    await input.stored;
    const content = { content: [part] };
    const row = {
      id: item.id,
      type: "assistant_message",
      role: "assistant",
      content,
      createdAt: new Date(item.created_at),
    };
    return deps.store.addItem(threadId, row, input.title?.take() ?? undefined);
  };

  // Marked handled here; a failed write still fails the turn where the answer is saved.
  input.stored?.catch(() => {});
  for await (const event of runTutorTurn({ model: deps.model, retriever: deps.retriever }, { ...input, signal })) {
    if (event.type === "text") {
      open();
      // The title's model call is asked only once this first text is on its way to the learner:
      // setImmediate runs after the microtasks and ticks that write the event to the socket.
      // From then on the learner is reading: what is left to store waits behind others' checks.
      if (firstTokenAt === null) {
        const { title } = input;
        if (title) setImmediate(() => title.start());
        lowerUrgency("after");
        firstTokenAt = now();
      }
      part.text += event.delta;
      emit({
        type: "thread.item.updated",
        item_id: item.id,
        update: { type: "assistant_message.content_part.text_delta", content_index: 0, delta: event.delta },
      });
    } else if (event.type === "sources" && part.text) {
      // Citations belong to an answer: a turn without text announces no message it never ends.
      for (const annotation of citationsFor(event.passages)) {
        part.annotations.push(annotation);
        emit({
          type: "thread.item.updated",
          item_id: item.id,
          update: {
            type: "assistant_message.content_part.annotation_added",
            content_index: 0,
            annotation_index: part.annotations.length - 1,
            annotation: annotation as Annotation,
          },
        });
      }
    } else if (event.type === "notice") {
      emit({ type: "notice", level: event.level, message: event.message, title: event.title });
    } else if (event.type === "usage") {
      usage = event;
    } else if (event.type === "search") {
      searches.push({ query: event.query, lessons: event.lessons });
    } else if (event.type === "error") {
      failure = event;
    }
  }

  // Stopped by the server (SIGTERM), not by the learner: the client is still there to be told.
  const interrupted = signal.aborted && isShutdownReason(signal.reason);
  if (interrupted) {
    failure = {
      message: "The tutor is restarting. The answer so far is saved; ask again in a moment.",
      retryable: true,
    };
  }
  const cancelled = signal.aborted && !interrupted;
  if (part.text) {
    // A partial answer is kept (cancelled or failed mid-way) so the conversation stays honest.
    const titled = await save();
    if (!cancelled) {
      emit({
        type: "thread.item.updated",
        item_id: item.id,
        update: { type: "assistant_message.content_part.done", content_index: 0, content: part },
      });
      emit({ type: "thread.item.done", item: { ...item, content: [part] } });
      if (titled) emit({ type: "thread.updated", thread: threadToWire(titled) });
    }
  }
  if (cancelled) {
    await input.stored;
    await deps.store.addItem(threadId, {
      id: newId("shcx"),
      type: "sdk_hidden_context",
      content: { content: "The user cancelled the stream. Stop responding to the prior request." },
    });
  } else if (failure) {
    // "custom": ChatKit's UI shows this message ("stream.error" would show its own generic one).
    emit({ type: "error", code: "custom", message: failure.message, allow_retry: failure.retryable });
  }

  const outcome: TurnOutcome = cancelled ? "cancelled" : failure ? "error" : deps.model ? "ok" : "retrieval_only";
  await deps.record({
    model: deps.model?.name ?? null,
    outcome,
    firstTokenMs: firstTokenAt === null ? null : firstTokenAt - started,
    totalMs: now() - started,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    error: failure?.message ?? null,
    searches,
  });
  return outcome;
}
