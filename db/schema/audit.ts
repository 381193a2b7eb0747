import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const authEventTypes = [
  "register",
  "login_success",
  "login_failed",
  "logout",
  "password_reset_requested",
  "password_reset",
  "email_verified",
  "oauth_link",
  "oauth_unlink",
  "role_change",
  "lockout",
  "unlock",
  "admin_action",
  "thread_view",
  "two_factor",
  "import_run",
  "user_imported",
  "import_rollback",
  "user_import_removed",
  "enrolment_change",
  "email_change",
  "profile_change",
  "password_change",
  "password_rehash",
  "session_revoke",
  "data_export",
  "account_deleted",
] as const;
export type AuthEventType = (typeof authEventTypes)[number];

/** Every auth event, append-only. Never holds a password or a token. */
export const authEvent = pgTable(
  "auth_event",
  {
    id: text("id").primaryKey(),
    type: text("type").$type<AuthEventType>().notNull(),
    userId: text("user_id"),
    email: text("email"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("auth_event_created_idx").on(t.createdAt),
    index("auth_event_type_idx").on(t.type, t.createdAt),
    index("auth_event_user_idx").on(t.userId, t.createdAt),
    index("auth_event_email_idx").on(t.email, t.createdAt),
    // The admin audit's "who" search is a substring of an email: without trigrams, a read of the
    // whole log (2.1 s for an unknown address in three million events).
    index("auth_event_email_trgm_idx").using("gin", t.email.op("gin_trgm_ops")),
    // Who acted, for staff actions (a few rows in a hundred): deleting an account rewrites the
    // rows that name it as the actor, which without these read the whole log (0.7 s for three
    // million events on an idle Postgres, growing with the log toward the statement limit). Rows
    // written before actors were ids named them by email (`byEmail`, `by: "admin:<email>"`).
    index("auth_event_by_idx").on(sql`(${t.details}->>'by')`).where(sql`(${t.details}->>'by') is not null`),
    index("auth_event_by_lower_idx").on(sql`lower(${t.details}->>'by')`).where(sql`(${t.details}->>'by') is not null`),
    index("auth_event_by_email_idx")
      .on(sql`lower(${t.details}->>'byEmail')`)
      .where(sql`(${t.details}->>'byEmail') is not null`),
  ],
);

/**
 * Failed sign-in attempts per normalised email (hashed), whether or not an account exists,
 * so locking out behaves the same for unknown emails and reveals nothing.
 */
export const loginAttempt = pgTable("login_attempt", {
  key: text("key").primaryKey(),
  failedCount: integer("failed_count").notNull().default(0),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
  /** Password checks under way: with the failures they may not exceed the limit. */
  pending: integer("pending").notNull().default(0),
  /** After this, `pending` is presumed abandoned (a request that died never settles its check). */
  pendingUntil: timestamp("pending_until", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
