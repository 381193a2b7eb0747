import { bigint, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { user } from "./auth";

export type ThreadStatus =
  | { type: "active" }
  | { type: "locked"; reason?: string }
  | { type: "closed"; reason?: string };

/** A tutor conversation. Every query filters by user_id: another user's thread is a 404. */
export const chatThread = pgTable(
  "chat_thread",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    title: text("title"),
    courseId: text("course_id"),
    stageId: text("stage_id"),
    lessonId: text("lesson_id"),
    status: jsonb("status").$type<ThreadStatus>().notNull().default({ type: "active" }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 6 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 6 }).notNull().defaultNow(),
    /** Until when a turn holds the conversation: one answer at a time (db/queries/chat-turn.ts). */
    turnUntil: timestamp("turn_until", { withTimezone: true }),
  },
  // Retention finds a learner's threads through their enrolment (enrollment.ts) by user;
  // threads.list and /learn/chats page a learner's threads along it by (created_at, id).
  // created: the staff review lists every learner's threads newest first.
  (t) => [index("chat_thread_user_idx").on(t.userId, t.createdAt), index("chat_thread_created_idx").on(t.createdAt)],
);

/**
 * One ChatKit thread item. `content` holds the item's type-specific fields as they go on the
 * wire (content parts, quoted_text, …); `seq` gives a total order for cursors when two items
 * share a timestamp.
 */
export const chatItem = pgTable(
  "chat_item",
  {
    id: text("id").primaryKey(),
    threadId: text("thread_id")
      .notNull()
      .references(() => chatThread.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
    type: text("type").notNull(),
    role: text("role"),
    content: jsonb("content").$type<Record<string, unknown>>().notNull(),
    feedback: text("feedback"),
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 6 }).notNull().defaultNow(),
  },
  (t) => [index("chat_item_thread_idx").on(t.threadId, t.seq), index("chat_item_user_idx").on(t.userId, t.createdAt)],
);

/** One row per counted tutor turn: the rolling 24 h quota is a count over this ledger. */
export const tutorMessage = pgTable(
  "tutor_message",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 6 }).notNull().defaultNow(),
  },
  (t) => [index("tutor_message_user_idx").on(t.userId, t.createdAt)],
);

/**
 * Per user per day: one upsert per turn. No foreign key to the user on purpose: a deleted
 * account's counts stay in the usage figures (under its now meaningless id) until log retention.
 */
export const tutorUsageDaily = pgTable(
  "tutor_usage_daily",
  {
    userId: text("user_id").notNull(),
    day: date("day").notNull(),
    messages: integer("messages").notNull().default(0),
    errors: integer("errors").notNull().default(0),
    totalMs: bigint("total_ms", { mode: "number" }).notNull().default(0),
    maxMs: integer("max_ms").notNull().default(0),
    firstTokenTotalMs: bigint("first_token_total_ms", { mode: "number" }).notNull().default(0),
    firstTokenMaxMs: integer("first_token_max_ms").notNull().default(0),
    inputTokens: bigint("input_tokens", { mode: "number" }).notNull().default(0),
    outputTokens: bigint("output_tokens", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] }), index("tutor_usage_day_idx").on(t.day)],
);

export type AiOutcome = "ok" | "error" | "cancelled" | "retrieval_only";

/** One course search of a turn: what was searched for and which lessons came back, best first. */
export type TurnSearch = { query: string; lessons: { id: string; title: string }[] };

/** One row per tutor turn, for the admin pages (latency percentiles, error rate, tokens). */
export const aiEvent = pgTable(
  "ai_event",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    threadId: text("thread_id"),
    model: text("model"),
    outcome: text("outcome").$type<AiOutcome>().notNull(),
    firstTokenMs: integer("first_token_ms"),
    totalMs: integer("total_ms").notNull(),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    error: text("error"),
    /** The turn's course searches, so instructors see what learners ask and what was found. */
    searches: jsonb("searches").$type<TurnSearch[]>().notNull().default([]),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("ai_event_created_idx").on(t.createdAt), index("ai_event_user_idx").on(t.userId, t.createdAt)],
);

/**
 * A learner's own tutor allowance, set by an admin: `daily_limit` replaces TUTOR_DAILY_LIMIT
 * (null keeps the default), and messages before `reset_at` no longer count ("reset today's
 * count" without deleting the ledger).
 */
export const tutorLimit = pgTable("tutor_limit", {
  userId: text("user_id")
    .primaryKey()
    .references(() => user.id, { onDelete: "cascade" }),
  dailyLimit: integer("daily_limit"),
  resetAt: timestamp("reset_at", { withTimezone: true, precision: 6 }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text("updated_by"),
});

export type FeedbackKind = "positive" | "negative";

/**
 * Thumbs up/down per answer, kept apart from the item (which goes when its conversation is
 * deleted) so the per-day counts on the AI usage page survive retention and account deletion.
 * One row per item: changing one's mind moves the vote, it does not add one.
 */
export const tutorFeedback = pgTable(
  "tutor_feedback",
  {
    itemId: text("item_id").primaryKey(),
    threadId: text("thread_id").notNull(),
    userId: text("user_id").notNull(),
    kind: text("kind").$type<FeedbackKind>().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("tutor_feedback_updated_idx").on(t.updatedAt)],
);
