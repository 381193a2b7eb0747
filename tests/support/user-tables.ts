import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";

/** Every table that holds a user or hangs off one (the audit log and lockout counters aside). */
export const USER_TABLES = [
  "user",
  "account",
  "session",
  "verification",
  "lesson_progress",
  "enrollment",
  "chat_thread",
  "chat_item",
  "tutor_message",
  "tutor_usage_daily",
  "ai_event",
  "import_run_user",
  "oauth_consent",
  "oauth_access_token",
  "oauth_refresh_token",
] as const;

/** Row count and an md5 of every row's text, per table: equal snapshots mean equal contents. */
export async function userTablesSnapshot(db: Executor): Promise<Record<string, { rows: number; md5: string }>> {
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const table of USER_TABLES) {
    const result = (await db.execute(
      sql.raw(
        `select count(*)::int as n, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as sum from "${table}" t`,
      ),
    )) as unknown as { rows: { n: number; sum: string }[] };
    const row = result.rows[0];
    out[table] = { rows: Number(row?.n), md5: String(row?.sum) };
  }
  return out;
}
