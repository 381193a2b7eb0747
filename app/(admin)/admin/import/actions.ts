"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { validatedAction } from "@/lib/actions";
import { formInteger, MAX_INT4 } from "@/lib/admin/form-number";
import { rollbackImport } from "@/lib/migration/rollback";

const NO_SUCH_RUN = "There is no such import run: reload the page and choose a run from the list.";

const rollbackInput = z.object({
  // The id of a run listed on the page; anything else names no run (and a number beyond the
  // integer column's range failed in the database).
  runId: formInteger({ min: 1, max: MAX_INT4, blank: NO_SUCH_RUN, invalid: NO_SUCH_RUN }),
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
