import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { runRetention } from "@/lib/retention";
import type { Command } from "./types";

export const retentionRun: Command = {
  name: "retention:run",
  usage: "retention:run",
  summary:
    "delete conversations 30 days after the enrolment ended, audit/usage rows older than AUDIT_RETENTION_DAYS, expired auth rows",
  async run() {
    const report = await runRetention({ db: await getDb(), logDays: env().auditRetentionDays, by: "cli" });
    console.log(
      `deleted ${report.threadsDeleted} threads; log rows older than ${env().auditRetentionDays} days ${JSON.stringify(report.logsDeleted)}; housekeeping ${JSON.stringify(report.housekeeping)}`,
    );
  },
};
