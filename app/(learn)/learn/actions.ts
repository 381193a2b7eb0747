"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/auth/session";
import { completeLesson } from "@/lib/content/access";

export type CompleteState =
  | { status: "idle" }
  | { status: "done"; unlockedStageIds: string[] }
  | { status: "error"; message: string };

const input = z.object({ lessonId: z.string().min(1).max(80) });

export async function markLessonCompleteAction(_prev: CompleteState, formData: FormData): Promise<CompleteState> {
  const user = await requireUser();
  if (!user.emailVerified) return { status: "error", message: "Verify your email address before recording progress." };
  const parsed = input.safeParse({ lessonId: formData.get("lessonId") });
  if (!parsed.success) return { status: "error", message: "That lesson could not be found." };
  const result = await completeLesson({ user, lessonId: parsed.data.lessonId });
  if (result.kind === "not-found") return { status: "error", message: "That lesson could not be found." };
  if (result.kind === "locked")
    return { status: "error", message: "This lesson is in a stage you have not unlocked yet." };
  revalidatePath("/learn", "layout");
  return { status: "done", unlockedStageIds: result.newlyUnlockedStageIds };
}
