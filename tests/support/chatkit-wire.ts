import { z } from "zod";

/**
 * An independent transcription of the ChatKit wire format (chatkit-protocol.md §5–§7), used to
 * check what the server emits. Strict objects: an unexpected key, or a null where Python would
 * omit the field, fails the test.
 */
const iso = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
const page = <T extends z.ZodType>(item: T) =>
  z.strictObject({ data: z.array(item), has_more: z.boolean(), after: z.string().optional() });

const source = z.strictObject({
  type: z.literal("url"),
  title: z.string(),
  url: z.string(),
  description: z.string().optional(),
  group: z.string().optional(),
});
export const annotation = z.strictObject({ type: z.literal("annotation"), source, index: z.number().int().optional() });
export const outputText = z.strictObject({
  type: z.literal("output_text"),
  text: z.string(),
  annotations: z.array(annotation),
});
const base = { id: z.string().min(1), thread_id: z.string().min(1), created_at: iso };
export const userMessageItem = z.strictObject({
  ...base,
  type: z.literal("user_message"),
  content: z.array(
    z.union([
      z.strictObject({ type: z.literal("input_text"), text: z.string() }),
      z.strictObject({
        type: z.literal("input_tag"),
        id: z.string(),
        text: z.string(),
        data: z.record(z.string(), z.unknown()),
        group: z.string().optional(),
        interactive: z.boolean(),
      }),
    ]),
  ),
  attachments: z.array(z.never()),
  quoted_text: z.string().optional(),
  inference_options: z.record(z.string(), z.unknown()),
});
export const assistantMessageItem = z.strictObject({
  ...base,
  type: z.literal("assistant_message"),
  content: z.array(outputText),
});
export const threadItem = z.union([userMessageItem, assistantMessageItem]);
const status = z.union([
  z.strictObject({ type: z.literal("active") }),
  z.strictObject({ type: z.literal("locked"), reason: z.string().optional() }),
  z.strictObject({ type: z.literal("closed"), reason: z.string().optional() }),
]);
export const thread = z.strictObject({
  id: z.string().startsWith("thr_"),
  title: z.string().optional(),
  created_at: iso,
  status,
  metadata: z.strictObject({}),
  items: page(threadItem),
});
export const threadPage = page(thread);
export const itemPage = page(threadItem);

const update = z.union([
  z.strictObject({
    type: z.literal("assistant_message.content_part.added"),
    content_index: z.number().int(),
    content: outputText,
  }),
  z.strictObject({
    type: z.literal("assistant_message.content_part.text_delta"),
    content_index: z.number().int(),
    delta: z.string(),
  }),
  z.strictObject({
    type: z.literal("assistant_message.content_part.annotation_added"),
    content_index: z.number().int(),
    annotation_index: z.number().int(),
    annotation,
  }),
  z.strictObject({
    type: z.literal("assistant_message.content_part.done"),
    content_index: z.number().int(),
    content: outputText,
  }),
]);
export const streamEvent = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("thread.created"), thread }),
  z.strictObject({ type: z.literal("thread.updated"), thread }),
  z.strictObject({ type: z.literal("thread.item.added"), item: threadItem }),
  z.strictObject({ type: z.literal("thread.item.done"), item: threadItem }),
  z.strictObject({ type: z.literal("thread.item.updated"), item_id: z.string(), update }),
  z.strictObject({ type: z.literal("thread.item.removed"), item_id: z.string() }),
  z.strictObject({ type: z.literal("stream_options"), stream_options: z.strictObject({ allow_cancel: z.boolean() }) }),
  z.strictObject({
    type: z.literal("error"),
    code: z.enum(["stream.error", "custom"]),
    message: z.string().optional(),
    allow_retry: z.boolean(),
  }),
  z.strictObject({
    type: z.literal("notice"),
    level: z.enum(["info", "warning", "danger"]),
    message: z.string(),
    title: z.string().optional(),
  }),
]);
export type WireEvent = z.infer<typeof streamEvent>;
