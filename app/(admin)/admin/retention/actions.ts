"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { type ActionState, validatedAction } from "@/lib/actions";
import { runRetention } from "@/lib/retention";

export type RunRetentionState = ActionState;

export const runRetentionAction = validatedAction({ role: ["admin"], schema: z.object({}) }, async (_input, admin) => {
  const report = await runRetention({ db: await getDb(), by: admin });
  revalidatePath("/admin/retention");
  const logs = Object.values(report.logsDeleted).reduce((a, b) => a + b, 0);
  return {
    message: `Deleted ${report.threadsDeleted} conversation${report.threadsDeleted === 1 ? "" : "s"} and ${logs} old log row${logs === 1 ? "" : "s"}.`,
    data: undefined,
  };
});
