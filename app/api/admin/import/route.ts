import { z } from "zod";
import { listImportRuns } from "@/db/queries/user-import";
import { staffRoute } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { checkUpload, importStream, readUpload } from "@/lib/migration/http";

export const dynamic = "force-dynamic";

/** GET /api/admin/import — the import runs, newest first (admins). */
export const GET = staffRoute({ role: ["admin"], query: z.object({}) }, async ({ db }) => ({
  data: await listImportRuns({ db }),
}));

const postQuery = z.object({
  name: z.string().trim().min(1).max(255).default("upload"),
  dryRun: z.enum(["0", "1"]).default("0"),
});

/**
 * POST /api/admin/import?name=users.jsonl[&dryRun=1] with the file as the body (admins).
 * A dry run answers the report as JSON; otherwise a file with problems is a 400 carrying the
 * report, and a clean one is imported while the answer streams progress as NDJSON.
 */
export const POST = staffRoute({ role: ["admin"], query: postQuery }, async ({ request, db, user, query }) => {
  const bytes = await readUpload(request);
  const plan = await checkUpload({ db, bytes, fileName: query.name });
  if (query.dryRun === "1") return { report: plan.report };
  if (plan.report.problemCount > 0) {
    const error = new AppError("import:rejected");
    return Response.json(
      { error: { code: error.code, message: error.message }, report: plan.report },
      { status: error.status, headers: { "Cache-Control": "no-store" } },
    );
  }
  const operator = { by: user.id, userId: user.id, email: user.email };
  return new Response(importStream({ db, plan, operator }), {
    headers: { "Content-Type": "application/x-ndjson; charset=utf-8", "Cache-Control": "no-store" },
  });
});
