"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { type ActionState, validatedAction } from "@/lib/actions";
import { completeLesson } from "@/lib/content/access";
import { enrolmentEndedFor } from "@/lib/enrolment/learner";
import { AppError } from "@/lib/errors";

export type CompleteState = ActionState<{ unlockedStageIds: string[] }>;

export const markLessonCompleteAction = validatedAction(
  {
    verified: true,
    schema: z.object({ lessonId: z.string().min(1).max(80) }),
    invalidMessage: "That lesson could not be found.",
  },
  async ({ lessonId }, user) => {
    const db = await getDb();
    if (await enrolmentEndedFor({ user, db })) throw new AppError("learn:enrolment_ended");
    const result = await completeLesson({ user, lessonId, db });
    if (result.kind === "not-found") throw new AppError("learn:not_found");
    if (result.kind === "locked") throw new AppError("learn:locked");
    revalidatePath("/learn", "layout");
    return { data: { unlockedStageIds: result.newlyUnlockedStageIds } };
  },
);
