import { getDb } from "@/db/client";
import { requireApiRole } from "@/lib/auth/session";
import { toErrorResponse } from "@/lib/errors";
import { runRetentionAs } from "@/lib/tutor/retention";

export const dynamic = "force-dynamic";

/** POST /api/admin/retention — runs the retention job now (admins); the run is audited. */
export async function POST(request: Request): Promise<Response> {
  try {
    const admin = await requireApiRole(request, ["admin"]);
    return Response.json(await runRetentionAs({ db: await getDb(), actor: admin }));
  } catch (err) {
    return toErrorResponse(err);
  }
}
