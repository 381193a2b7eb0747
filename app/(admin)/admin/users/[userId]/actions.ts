"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { type ActionState, validatedAction } from "@/lib/actions";
import { formInteger } from "@/lib/admin/form-number";
import { MAX_DAILY_LIMIT, resetLearnerCount, setLearnerLimit } from "@/lib/admin/tutor-limits";

const input = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("set"),
    userId: z.string().min(1).max(100),
    dailyLimit: formInteger({
      min: 0,
      max: MAX_DAILY_LIMIT,
      blank: `Enter the daily limit: a whole number from 0 to ${MAX_DAILY_LIMIT}.`,
      invalid: `Enter the daily limit in digits only: a whole number from 0 to ${MAX_DAILY_LIMIT}.`,
      outOfRange: `At most ${MAX_DAILY_LIMIT} a day.`,
    }),
  }),
  z.object({ intent: z.literal("default"), userId: z.string().min(1).max(100) }),
  z.object({ intent: z.literal("reset"), userId: z.string().min(1).max(100) }),
]);

export type TutorLimitState = ActionState;

/** A learner's own daily tutor limit, back to the default, or "reset today's count"; audited. */
export const tutorLimitAction = validatedAction({ role: ["admin"], schema: input }, async (req, admin) => {
  const db = await getDb();
  let message: string;
  if (req.intent === "reset") {
    const user = await resetLearnerCount({ db, admin, userId: req.userId });
    message = `${user.email} can send their full daily allowance again from now.`;
  } else {
    const dailyLimit = req.intent === "set" ? req.dailyLimit : null;
    const user = await setLearnerLimit({ db, admin, userId: req.userId, dailyLimit });
    message =
      dailyLimit === null
        ? `${user.email} is back on the default limit.`
        : `${user.email} may now send ${dailyLimit} tutor message${dailyLimit === 1 ? "" : "s"} per 24 hours.`;
  }
  revalidatePath(`/admin/users/${req.userId}`);
  return { message, data: undefined };
});
