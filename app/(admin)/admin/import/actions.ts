"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { validatedAction } from "@/lib/actions";
import { rollbackImport } from "@/lib/migration/rollback";

const rollbackInput = z.object({
  runId: z.coerce.number().int().positive(),
  force: z.literal("on").optional(),
});

export const rollbackRun = validatedAction({ role: ["admin"], schema: rollbackInput }, async (input, admin) => {
  const outcome = await rollbackImport({
    db: await getDb(),
    runId: input.runId,
    force: input.force === "on",
    operator: { by: admin.id, userId: admin.id, email: admin.email },
  });
  revalidatePath("/admin/import");
  const forced = outcome.forced.length > 0 ? `, ${outcome.forced.length} of them active` : "";
  return { message: `Run ${outcome.runId} rolled back: removed ${outcome.removed} users${forced}.`, data: undefined };
});
