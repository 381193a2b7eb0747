import "server-only";
import { timingSafeEqual } from "node:crypto";
import type { Db } from "@/db/client";
import { countExpiredThreads, deleteExpiredThreads, deleteHousekeeping, RETENTION_DAYS } from "@/db/queries/retention";
import { auditAdminAction } from "@/lib/auth/audit";
import { errorResponse } from "@/lib/errors";

export { RETENTION_DAYS };

export interface RetentionReport {
  threadsDeleted: number;
  housekeeping: Awaited<ReturnType<typeof deleteHousekeeping>>;
}

/** What the next run would delete (the admin page shows it before the button). */
export const previewRetention = ({ db }: { db: Db }) => countExpiredThreads({ db });

/** Deletes tutor threads whose learner's enrolment ended more than 30 days ago, and expired auth rows. */
export async function runRetention({ db }: { db: Db }): Promise<RetentionReport> {
  const threadsDeleted = await deleteExpiredThreads({ db });
  const housekeeping = await deleteHousekeeping({ db });
  console.info(
    `[retention] deleted ${threadsDeleted} threads (enrolment ended > ${RETENTION_DAYS} days ago); housekeeping ${JSON.stringify(housekeeping)}`,
  );
  return { threadsDeleted, housekeeping };
}

function bearerMatches(request: Request, secret: string): boolean {
  const given = Buffer.from(request.headers.get("authorization") ?? "");
  const expected = Buffer.from(`Bearer ${secret}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** GET /api/cron/retention: only with the cron secret (compared in constant time). */
export async function retentionCron(request: Request, { secret, db }: { secret?: string; db: Db }): Promise<Response> {
  if (!secret) return errorResponse("cron:not_configured", "CRON_SECRET is not set on this deployment.");
  if (!bearerMatches(request, secret)) return errorResponse("cron:unauthorized", "A valid cron secret is required.");
  return Response.json(await runRetention({ db }), { headers: { "Cache-Control": "no-store" } });
}

/** The admin "run now" (page button and POST /api/admin/retention): runs, then records who ran it. */
export async function runRetentionAs({
  db,
  actor,
}: {
  db: Db;
  actor: { id: string; email: string };
}): Promise<RetentionReport> {
  const report = await runRetention({ db });
  await auditAdminAction(db, actor, "retention_run", { ...report });
  return report;
}
