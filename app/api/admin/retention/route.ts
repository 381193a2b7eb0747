import { z } from "zod";
import { staffRoute } from "@/lib/api/route";
import { runRetention } from "@/lib/retention";

export const dynamic = "force-dynamic";

/** POST /api/admin/retention — runs the retention job now (admins); the run is audited. */
export const POST = staffRoute({ role: ["admin"], query: z.object({}) }, ({ db, user }) =>
  runRetention({ db, by: user }),
);
