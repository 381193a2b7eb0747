import { index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { user } from "./auth";

export type ImportRunStatus = "completed" | "rolled_back";

/**
 * One `users:import` (CLI or /admin/import) that wrote users. A file whose users all exist
 * already writes nothing, so it has no run. The counts stay after a rollback.
 */
export const importRun = pgTable(
  "import_run",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    fileName: text("file_name").notNull(),
    /** sha256 of the file's bytes, hex. */
    fileChecksum: text("file_checksum").notNull(),
    format: text("format").$type<"jsonl" | "csv">().notNull(),
    status: text("status").$type<ImportRunStatus>().notNull().default("completed"),
    rowCount: integer("row_count").notNull(),
    createdCount: integer("created_count").notNull(),
    /** Rows whose user (same id and email, or imported before under that id) was already there: left as they were. */
    presentCount: integer("present_count").notNull(),
    /** Google/GitHub links the new users brought. */
    linkedAccountCount: integer("linked_account_count").notNull(),
    /** "cli:<os user>" or an admin's user id (older runs: "admin:<email>"). */
    startedBy: text("started_by").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    rolledBackAt: timestamp("rolled_back_at", { withTimezone: true }),
    rolledBackBy: text("rolled_back_by"),
    removedCount: integer("removed_count"),
  },
  (t) => [index("import_run_checksum_idx").on(t.fileChecksum)],
);

/** The users a run created: exactly what its rollback removes. Gone with the user. */
export const importRunUser = pgTable(
  "import_run_user",
  {
    runId: integer("run_id")
      .notNull()
      .references(() => importRun.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.runId, t.userId] }), index("import_run_user_user_idx").on(t.userId)],
);
