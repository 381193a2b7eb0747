import { RETRIEVAL_ONLY_TITLE } from "@/lib/tutor/notices";
import { assistantText, userText } from "../message-text";
import type { Annotation, StreamEvent, ThreadItemWire, ThreadWire } from "../protocol";
import type { Quota } from "./client";
import type { Problem } from "./wording";

/**
 * The built-in chat's state as a pure reducer: every server event and every user action is a
 * transition, so what the learner sees for a given sequence of events is unit-testable without
 * a browser (tests/unit/chat-state.test.ts).
 */
export interface ChatMessage {
  id: string;
  role: "user" | "assistant";
  text: string;
  quoted?: string;
  annotations: Annotation[];
  feedback?: "positive" | "negative";
  pending?: boolean;
}

export interface ChatState {
  threads: ThreadWire[];
  threadId: string | null;
  messages: ChatMessage[];
  streaming: boolean;
  problem: Problem | null;
  notice: string | null;
  retrievalOnly: boolean;
  quota: Quota | null;
  /** The cursor for the conversation's earlier messages, when there are more than were loaded. */
  earlier: string | null;
  /** The cursor for older conversations, when there are more than were loaded. */
  moreThreads: string | null;
}

export type ChatAction =
  | { type: "server"; event: StreamEvent }
  | { type: "threads.loaded"; threads: ThreadWire[]; more?: string | null }
  | { type: "threads.more"; threads: ThreadWire[]; more: string | null }
  | { type: "thread.opened"; threadId: string | null }
  /** A conversation's latest messages, oldest first; `earlier` pages back from the first. */
  | { type: "items.loaded"; items: ThreadItemWire[]; earlier?: string | null }
  | { type: "items.earlier"; items: ThreadItemWire[]; earlier: string | null }
  | { type: "message.sent"; id: string; text: string; quoted?: string }
  | { type: "stream.started" }
  | { type: "stream.ended" }
  | { type: "retry.started"; userMessageId: string }
  | { type: "failed"; problem: Problem }
  | { type: "quota"; quota: Quota }
  | { type: "thread.renamed"; id: string; title: ThreadWire["title"] }
  | { type: "thread.removed"; id: string }
  | { type: "message.rated"; id: string; kind: "positive" | "negative" };

export const initialChatState = (threadId: string | null = null): ChatState => ({
  threads: [],
  threadId,
  messages: [],
  streaming: false,
  problem: null,
  notice: null,
  retrievalOnly: false,
  quota: null,
  earlier: null,
  moreThreads: null,
});

export function toMessage(item: ThreadItemWire): ChatMessage | null {
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

const toMessages = (items: ThreadItemWire[]) => items.map(toMessage).filter((m): m is ChatMessage => m !== null);

const patch = (state: ChatState, id: string, f: (m: ChatMessage) => ChatMessage): ChatState => ({
  ...state,
  messages: state.messages.map((m) => (m.id === id ? f(m) : m)),
});

function onServerEvent(state: ChatState, event: StreamEvent): ChatState {
  switch (event.type) {
    case "thread.created":
      return {
        ...state,
        threadId: event.thread.id,
        threads: [event.thread, ...state.threads.filter((t) => t.id !== event.thread.id)],
      };
    case "thread.updated":
      return {
        ...state,
        threads: state.threads.map((t) => (t.id === event.thread.id ? { ...t, title: event.thread.title } : t)),
      };
    case "thread.item.done":
    case "thread.item.added": {
      const m = toMessage(event.item);
      if (!m) return state;
      // The optimistic user message is replaced by the stored one.
      const others = state.messages.filter((x) => x.id !== m.id && !(m.role === "user" && x.pending));
      return { ...state, messages: [...others, { ...m, pending: event.type === "thread.item.added" }] };
    }
    case "thread.item.updated": {
      const u = event.update;
      if (u.type === "assistant_message.content_part.text_delta")
        return patch(state, event.item_id, (m) => ({ ...m, text: m.text + u.delta }));
      if (u.type === "assistant_message.content_part.annotation_added")
        return patch(state, event.item_id, (m) => ({ ...m, annotations: [...m.annotations, u.annotation] }));
      return state;
    }
    case "notice":
      return event.title === RETRIEVAL_ONLY_TITLE
        ? { ...state, retrievalOnly: true }
        : { ...state, notice: event.message };
    case "error":
      return {
        ...state,
        problem: {
          kind: "unavailable",
          message: event.message ?? "The tutor could not finish this answer.",
          retry: event.allow_retry,
        },
      };
    default:
      return state;
  }
}

export function reduce(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case "server":
      return onServerEvent(state, action.event);
    case "threads.loaded":
      return { ...state, threads: action.threads, moreThreads: action.more ?? null };
    case "threads.more": {
      const known = new Set(state.threads.map((t) => t.id));
      return {
        ...state,
        threads: [...state.threads, ...action.threads.filter((t) => !known.has(t.id))],
        moreThreads: action.more,
      };
    }
    case "thread.opened":
      return { ...state, threadId: action.threadId, messages: [], problem: null, notice: null, earlier: null };
    case "items.loaded":
      return { ...state, messages: toMessages(action.items), earlier: action.earlier ?? null };
    case "items.earlier": {
      const known = new Set(state.messages.map((m) => m.id));
      const earlier = toMessages(action.items).filter((m) => !known.has(m.id));
      return { ...state, messages: [...earlier, ...state.messages], earlier: action.earlier };
    }
    case "message.sent":
      return {
        ...state,
        messages: [
          ...state.messages,
          { id: action.id, role: "user", text: action.text, quoted: action.quoted, annotations: [], pending: true },
        ],
      };
    case "stream.started":
      return { ...state, streaming: true, problem: null, notice: null };
    case "stream.ended":
      return {
        ...state,
        streaming: false,
        messages: state.messages.map((m) => (m.role === "assistant" && m.pending ? { ...m, pending: false } : m)),
      };
    case "retry.started": {
      const keep = state.messages.findIndex((m) => m.id === action.userMessageId) + 1;
      return { ...state, messages: state.messages.slice(0, keep) };
    }
    case "failed":
      return { ...state, problem: action.problem };
    case "quota":
      return { ...state, quota: action.quota };
    case "thread.renamed":
      return { ...state, threads: state.threads.map((t) => (t.id === action.id ? { ...t, title: action.title } : t)) };
    case "thread.removed":
      return { ...state, threads: state.threads.filter((t) => t.id !== action.id) };
    case "message.rated":
      return patch(state, action.id, (m) => ({ ...m, feedback: action.kind }));
  }
}

/** The learner's last stored message: what a retry resends. */
export const lastUserMessage = (state: ChatState) =>
  [...state.messages].reverse().find((m) => m.role === "user" && !m.pending);
