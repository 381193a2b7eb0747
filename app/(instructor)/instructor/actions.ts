"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { auditAdminAction } from "@/lib/auth/audit";
import { requireRole } from "@/lib/auth/session";
import { type PublishResult, publishLesson } from "@/lib/content/publish";
import { env } from "@/lib/env";
import { embedderFromEnv } from "@/lib/rag/embeddings";

const input = z.object({ source: z.string().min(1).max(200_000), existingId: z.string().max(80).optional() });

export async function publishLessonAction(_prev: PublishResult | null, form: FormData): Promise<PublishResult> {
  const staff = await requireRole(["instructor", "admin"]);
  const parsed = input.safeParse({ source: form.get("source"), existingId: form.get("existingId") || undefined });
  if (!parsed.success) return { ok: false, error: "The lesson is empty or too long." };
  const config = env();
  const db = await getDb();
  const result = await publishLesson({ db, ...parsed.data, embedder: embedderFromEnv(config), qdrant: config.qdrant });
  if (result.ok) {
    await auditAdminAction(db, staff, "lesson_publish", { lessonId: result.lessonId });
    revalidatePath("/learn", "layout");
    revalidatePath("/instructor", "layout");
  }
  return result;
}
