import { auditWriter } from "@/lib/auth/audit";
import { requireApiRole } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { toErrorResponse } from "@/lib/errors";
import { runRetention } from "@/lib/tutor/retention";

export const dynamic = "force-dynamic";

/** POST /api/admin/retention — runs the retention job now (admins). */
export async function POST(request: Request): Promise<Response> {
  try {
    const admin = await requireApiRole(request, ["admin"]);
    const db = await getDb();
    const report = await runRetention({ db });
    await auditWriter(db)({
      type: "admin_action",
      userId: admin.id,
      email: admin.email,
      details: { action: "retention_run", ...report },
    });
    return Response.json(report);
  } catch (err) {
    return toErrorResponse(err);
  }
}
