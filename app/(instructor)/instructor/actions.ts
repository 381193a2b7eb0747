"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { type ActionState, validatedAction } from "@/lib/actions";
import { publishLesson } from "@/lib/content/publish";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { embedderFromEnv } from "@/lib/rag/embeddings";

const input = z.object({
  source: z.string().min(1).max(200_000),
  existingId: z.string().max(80).optional(),
  /** The version of the lesson the editor was opened with (lib/content/lesson-version.ts). */
  baseVersion: z.string().max(64).optional(),
});

/** `indexed` is false when the lesson was published but its search index not updated (see the message). */
export type PublishState = ActionState<{ lessonId: string; stageId: string; version: string; indexed: boolean }>;

export const publishLessonAction = validatedAction(
  { role: ["instructor", "admin"], schema: input, invalidMessage: "The lesson is empty or too long." },
  async (lesson, staff) => {
    const config = env();
    const db = await getDb();
    const result = await publishLesson({
      db,
      ...lesson,
      actor: staff,
      embedder: embedderFromEnv(config),
      qdrant: config.qdrant,
    });
    if (!result.ok) throw new AppError(result.code, result.error);
    revalidatePath("/learn", "layout");
    revalidatePath("/instructor", "layout");
    const { lessonId, stageId, version, indexWarning } = result;
    return { message: indexWarning, data: { lessonId, stageId, version, indexed: !indexWarning } };
  },
);
