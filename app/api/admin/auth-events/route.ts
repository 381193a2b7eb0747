import { getDb } from "@/db/client";
import { decodeCursor, encodeCursor, listAuthEvents } from "@/db/queries/admin-audit";
import { auditCsvStream } from "@/lib/admin/audit-csv";
import { auditFilter, auditQuery, parseQuery } from "@/lib/admin/params";
import { auditAdminAction } from "@/lib/auth/audit";
import { requireApiRole } from "@/lib/auth/session";
import { toErrorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** GET /api/admin/auth-events — the audit log, filtered; `format=csv` streams every match. */
export async function GET(request: Request): Promise<Response> {
  try {
    const admin = await requireApiRole(request, ["admin"]);
    const q = parseQuery(auditQuery, new URL(request.url).searchParams);
    const db = await getDb();
    const filter = auditFilter(q);
    if (q.format === "csv") {
      await auditAdminAction(db, admin, "audit_export", { filter });
      return new Response(auditCsvStream({ db, filter }), {
        headers: {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": `attachment; filename="auth-events-${new Date().toISOString().slice(0, 10)}.csv"`,
          "Cache-Control": "no-store",
        },
      });
    }
    const page = await listAuthEvents({ db, filter, limit: q.limit, cursor: decodeCursor(q.cursor) });
    return Response.json(
      { data: page.rows, next: page.next ? encodeCursor(page.next) : null },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (err) {
    return toErrorResponse(err);
  }
}
