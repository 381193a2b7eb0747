import { usageQuery } from "@/lib/admin/params";
import { usageReport } from "@/lib/admin/usage";
import { staffRoute } from "@/lib/api/route";

export const dynamic = "force-dynamic";

/** GET /api/admin/ai-usage — daily series, top users, and students at their quota today. */
export const GET = staffRoute({ role: ["admin"], query: usageQuery }, ({ db, query }) => usageReport({ db, ...query }));
