import "server-only";
import type { Executor } from "@/db/client";
import { type AuditCursor, type AuditFilter, actorsFor, listAuthEvents } from "@/db/queries/admin-audit";
import { actedBy } from "./audit-actor";

const BATCH = 1_000;
const CSV_COLUMNS = ["created_at", "type", "user_id", "email", "ip", "user_agent", "details", "by"] as const;

/** RFC 4180 field; formula-looking values are prefixed so spreadsheets do not run them. */
function csvField(value: unknown): string {
  let s = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * The filtered audit log as CSV, produced a batch at a time as the client reads: memory stays
 * flat whatever the number of rows, and a slow client slows the query down (back-pressure).
 */
export function auditCsvStream({ db, filter }: { db: Executor; filter: AuditFilter }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: AuditCursor | undefined;
  let actors: Promise<string[] | null> | undefined;
  let started = false;
  let finished = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(`${CSV_COLUMNS.join(",")}\r\n`));
          return;
        }
        if (finished) return controller.close();
        actors ??= actorsFor(db, filter);
        const { rows, next } = await listAuthEvents({ db, filter, limit: BATCH, cursor, actors: await actors });
        const lines = rows.map((r) =>
          [r.createdAt.toISOString(), r.type, r.userId, r.email, r.ip, r.userAgent, r.details, actedBy(r)]
            .map(csvField)
            .join(","),
        );
        if (lines.length > 0) controller.enqueue(encoder.encode(`${lines.join("\r\n")}\r\n`));
        cursor = next;
        if (!next) finished = true;
      },
    },
    { highWaterMark: 1 },
  );
}
