import { getDb } from "@/db/client";
import { parseQuery, usageQuery } from "@/lib/admin/params";
import { usageReport } from "@/lib/admin/usage";
import { requireApiRole } from "@/lib/auth/session";
import { toErrorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** GET /api/admin/ai-usage — daily series, top users, and students at their quota today. */
export async function GET(request: Request): Promise<Response> {
  try {
    await requireApiRole(request, ["admin"]);
    const q = parseQuery(usageQuery, new URL(request.url).searchParams);
    return Response.json(await usageReport({ db: await getDb(), ...q }));
  } catch (err) {
    return toErrorResponse(err);
  }
}
