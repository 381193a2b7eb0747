import { encodeCursor, listAuthEvents } from "@/db/queries/admin-audit";
import { auditCsvStream } from "@/lib/admin/audit-csv";
import { auditFilter, auditQuery } from "@/lib/admin/params";
import { staffRoute } from "@/lib/api/route";
import { auditAdminAction } from "@/lib/auth/audit";

export const dynamic = "force-dynamic";

/** GET /api/admin/auth-events — the audit log, filtered; `format=csv` streams every match. */
export const GET = staffRoute({ role: ["admin"], query: auditQuery }, async ({ user, db, query }) => {
  const filter = auditFilter(query);
  if (query.format === "csv") {
    await auditAdminAction(db, user, "audit_export", { filter });
    return new Response(auditCsvStream({ db, filter }), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="auth-events-${new Date().toISOString().slice(0, 10)}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  }
  const page = await listAuthEvents({ db, filter, limit: query.limit, cursor: query.cursor });
  return { data: page.rows, next: page.next ? encodeCursor(page.next) : null };
});
