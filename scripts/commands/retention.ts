import { getDb } from "@/db/client";
import { runRetention } from "@/lib/tutor/retention";
import type { Command } from "./types";

export const retentionRun: Command = {
  name: "retention:run",
  usage: "retention:run",
  summary: "delete tutor threads 30 days after the learner's enrolment ended, and expired auth rows",
  async run() {
    const report = await runRetention({ db: await getDb() });
    console.log(`deleted ${report.threadsDeleted} threads; housekeeping ${JSON.stringify(report.housekeeping)}`);
  },
};
