import "server-only";
import { timingSafeEqual } from "node:crypto";
import type { Db } from "@/db/client";
import {
  countExpiredThreads,
  countOldLogs,
  deleteExpiredThreads,
  deleteHousekeeping,
  deleteOldLogs,
  listEndedEnrolmentThreads,
  RETENTION_DAYS,
} from "@/db/queries/retention";
import { auditAdminAction, auditWriter } from "@/lib/auth/audit";
import { env } from "@/lib/env";
import { errorResponse } from "@/lib/errors";

export { RETENTION_DAYS };

export interface RetentionOptions {
  db: Db;
  /** Audit and usage rows older than this go (AUDIT_RETENTION_DAYS by default). */
  logDays?: number;
}

export interface RetentionReport {
  threadsDeleted: number;
  logsDeleted: Awaited<ReturnType<typeof deleteOldLogs>>;
  housekeeping: Awaited<ReturnType<typeof deleteHousekeeping>>;
}

/** Who started a run: an admin (the page or POST /api/admin/retention), the cron route or the CLI. */
export type RetentionTrigger = { id: string; email: string } | "cron" | "cli";

const logDaysOf = (o: RetentionOptions) => o.logDays ?? env().auditRetentionDays;

/** What the next run would delete and why (the admin page shows it before the button). */
export async function previewRetention(options: RetentionOptions & { limit?: number }) {
  const { db } = options;
  const logDays = logDaysOf(options);
  const [threadsDue, enrolments, logs] = await Promise.all([
    countExpiredThreads({ db }),
    listEndedEnrolmentThreads({ db, limit: options.limit ?? 200 }),
    countOldLogs({ db, days: logDays }),
  ]);
  return { threadsDue, enrolments, logs, logDays, conversationDays: RETENTION_DAYS };
}

/**
 * Deletes tutor conversations 30 days after the learner's enrolment in their course ended
 * (the enrollment table decides), audit and usage rows older than AUDIT_RETENTION_DAYS, and
 * expired auth rows; then records the run (`retention_run`) with who started it. The trigger
 * is required, so no caller can run it unrecorded.
 */
export async function runRetention(options: RetentionOptions & { by: RetentionTrigger }): Promise<RetentionReport> {
  const { db, by } = options;
  const logDays = logDaysOf(options);
  const threadsDeleted = await deleteExpiredThreads({ db });
  const logsDeleted = await deleteOldLogs({ db, days: logDays });
  const housekeeping = await deleteHousekeeping({ db });
  console.info(
    `[retention] deleted ${threadsDeleted} threads (enrolment ended > ${RETENTION_DAYS} days ago); logs older than ${logDays} days ${JSON.stringify(logsDeleted)}; housekeeping ${JSON.stringify(housekeeping)}`,
  );
  const report = { threadsDeleted, logsDeleted, housekeeping };
  // Written after the run, so a short AUDIT_RETENTION_DAYS never deletes the record of the run itself.
  if (typeof by === "string") {
    await auditWriter(db)({ type: "admin_action", details: { action: "retention_run", by, ...report } });
  } else {
    await auditAdminAction(db, by, "retention_run", { by: by.id, ...report });
  }
  return report;
}

function bearerMatches(request: Request, secret: string): boolean {
  const given = Buffer.from(request.headers.get("authorization") ?? "");
  const expected = Buffer.from(`Bearer ${secret}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** GET /api/cron/retention: only with the cron secret (compared in constant time). */
export async function retentionCron(
  request: Request,
  {
    secret,
    db,
    logDays,
  }: {
    secret?: string;
    /** Opened only once the secret matched. */
    db: () => Promise<Db>;
    logDays?: number;
  },
): Promise<Response> {
  if (!secret) return errorResponse("cron:not_configured", "CRON_SECRET is not set on this deployment.");
  if (!bearerMatches(request, secret)) return errorResponse("cron:unauthorized", "A valid cron secret is required.");
  return Response.json(await runRetention({ db: await db(), logDays, by: "cron" }), {
    headers: { "Cache-Control": "no-store" },
  });
}
