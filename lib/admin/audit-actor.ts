import type { AuditRow } from "@/db/queries/admin-audit";

/**
 * Who acted, for an event someone else caused (an admin banned the account, staff read a
 * conversation, the CLI imported it): their email while the account exists, else what the
 * event recorded ("cli:alice", "admin:…", or the id of an account since deleted). Null for
 * events the account's own user caused.
 */
export function actedBy(row: Pick<AuditRow, "byEmail" | "details">): string | null {
  if (row.byEmail) return row.byEmail;
  const by = (row.details as { by?: unknown } | null)?.by;
  return typeof by === "string" && by ? by : null;
}
