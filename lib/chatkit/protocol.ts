import { z } from "zod";

/**
 * The ChatKit server protocol (chatkit-python 1.6.5), as zod schemas for what clients send and
 * TypeScript types for what we emit. Unknown extra fields are tolerated; sizes are capped so a
 * request cannot smuggle a novel into the model prompt.
 */

/** The header the page sets so the tutor knows which lesson is open (resolved against the DB). */
export const LESSON_HEADER = "X-Tutor-Lesson-Id";

const id = z.string().min(1).max(100);
const MAX_TEXT = 8_000;

export const inferenceOptions = z
  .object({
    tool_choice: z.object({ id: z.string().max(100) }).nullish(),
    model: z.string().max(100).nullish(),
  })
  .passthrough();

export const userMessageContent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("input_text"), text: z.string().max(MAX_TEXT) }),
  z.object({
    type: z.literal("input_tag"),
    id: z.string().max(200),
    text: z.string().max(500),
    data: z.record(z.string(), z.unknown()).default({}),
    group: z.string().max(200).nullish(),
    interactive: z.boolean().default(false),
  }),
]);

export const userMessageInput = z.object({
  content: z.array(userMessageContent).min(1).max(20),
  attachments: z.array(z.string().max(100)).max(10),
  quoted_text: z.string().max(MAX_TEXT).nullish(),
  inference_options: inferenceOptions,
});

const pageParams = {
  limit: z.number().int().min(1).nullish(),
  order: z.enum(["asc", "desc"]).default("desc"),
  after: z.string().max(100).nullish(),
};

const metadata = z.record(z.string(), z.unknown()).default({});
const req = <T extends string, P extends z.ZodType>(type: T, params: P) =>
  z.object({ type: z.literal(type), params, metadata });

export const streamingRequest = z.discriminatedUnion("type", [
  req("threads.create", z.object({ input: userMessageInput })),
  req("threads.add_user_message", z.object({ thread_id: id, input: userMessageInput })),
  req("threads.add_client_tool_output", z.object({ thread_id: id, result: z.unknown() })),
  req("threads.retry_after_item", z.object({ thread_id: id, item_id: id })),
  req(
    "threads.custom_action",
    z.object({
      thread_id: id,
      item_id: id.nullish(),
      action: z.object({ type: z.string().max(100), payload: z.unknown().optional() }),
    }),
  ),
]);

export const jsonRequest = z.discriminatedUnion("type", [
  req("threads.get_by_id", z.object({ thread_id: id })),
  req("threads.list", z.object(pageParams)),
  req("threads.update", z.object({ thread_id: id, title: z.string().trim().min(1).max(200) })),
  req("threads.delete", z.object({ thread_id: id })),
  req("items.list", z.object({ thread_id: id, ...pageParams })),
  req(
    "items.feedback",
    z.object({ thread_id: id, item_ids: z.array(id).min(1).max(100), kind: z.enum(["positive", "negative"]) }),
  ),
]);

/** Recognised but not offered here: answered with a clear 400 "not supported". */
export const unsupportedTypes = [
  "attachments.create",
  "attachments.delete",
  "input.transcribe",
  "threads.add_structured_input",
  "threads.sync_custom_action",
] as const;

export type StreamingRequest = z.infer<typeof streamingRequest>;
export type JsonRequest = z.infer<typeof jsonRequest>;
export type UserMessageInput = z.infer<typeof userMessageInput>;
export type UserMessageContent = z.infer<typeof userMessageContent>;

// ---- what we emit --------------------------------------------------------------------------

export type ThreadStatusWire =
  | { type: "active" }
  | { type: "locked"; reason?: string }
  | { type: "closed"; reason?: string };
export interface Page<T> {
  data: T[];
  has_more: boolean;
  after?: string;
}
export interface ThreadWire {
  id: string;
  title?: string;
  created_at: string;
  status: ThreadStatusWire;
  metadata: Record<string, never>;
  items: Page<ThreadItemWire>;
}

export interface UrlSource {
  type: "url";
  title: string;
  url: string;
  description?: string;
  group?: string;
}
export interface Annotation {
  type: "annotation";
  source: UrlSource;
  index?: number;
}
export interface OutputText {
  type: "output_text";
  text: string;
  annotations: Annotation[];
}

interface ItemBase {
  id: string;
  thread_id: string;
  created_at: string;
}
export type UserMessageItem = ItemBase & {
  type: "user_message";
  content: UserMessageContent[];
  attachments: never[];
  quoted_text?: string;
  inference_options: Record<string, unknown>;
};
export type AssistantMessageItem = ItemBase & { type: "assistant_message"; content: OutputText[] };
export type HiddenContextItem = ItemBase & { type: "hidden_context_item" | "sdk_hidden_context"; content: unknown };
export type ThreadItemWire = UserMessageItem | AssistantMessageItem | HiddenContextItem;

export type ItemUpdate =
  | { type: "assistant_message.content_part.added"; content_index: number; content: OutputText }
  | { type: "assistant_message.content_part.text_delta"; content_index: number; delta: string }
  | {
      type: "assistant_message.content_part.annotation_added";
      content_index: number;
      annotation_index: number;
      annotation: Annotation;
    }
  | { type: "assistant_message.content_part.done"; content_index: number; content: OutputText };

export type StreamEvent =
  | { type: "thread.created" | "thread.updated"; thread: ThreadWire }
  | { type: "thread.item.added" | "thread.item.done" | "thread.item.replaced"; item: ThreadItemWire }
  | { type: "thread.item.updated"; item_id: string; update: ItemUpdate }
  | { type: "thread.item.removed"; item_id: string }
  | { type: "stream_options"; stream_options: { allow_cancel: boolean } }
  | { type: "progress_update"; icon?: string; text: string }
  | { type: "error"; code: "stream.error" | "custom"; message?: string; allow_retry: boolean }
  | { type: "notice"; level: "info" | "warning" | "danger"; message: string; title?: string };

export const HIDDEN_ITEM_TYPES = new Set(["hidden_context_item", "sdk_hidden_context"]);
export const isHidden = (type: string) => HIDDEN_ITEM_TYPES.has(type);

/** Python's exclude_none: drop null/undefined keys, recursively. */
export function dropNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(dropNulls) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, dropNulls(v)]),
    ) as T;
  }
  return value;
}
