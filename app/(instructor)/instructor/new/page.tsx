import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { getCourseOutline, getStageById } from "@/db/queries/content";
import { requireRole } from "@/lib/auth/session";
import { newLessonTemplate } from "@/lib/content/source";
import { LessonEditor } from "../_components/lesson-editor";

export const metadata: Metadata = { title: "New lesson" };

export default async function NewLessonPage({ searchParams }: { searchParams: Promise<{ stage?: string }> }) {
  await requireRole(["instructor", "admin"], "/instructor");
  const { stage: stageId } = await searchParams;
  const db = await getDb();
  const stage = stageId ? await getStageById({ db, stageId: stageId.slice(0, 80) }) : undefined;
  if (!stage) notFound();
  const outline = await getCourseOutline({ db, courseId: stage.courseId });
  const order = (outline.find((s) => s.id === stage.id)?.lessons.length ?? 0) + 1;
  const template = newLessonTemplate({ stageId: stage.id, order });
  return (
    <div className="space-y-4">
      <h1 className="font-bold text-2xl">New lesson in “{stage.title}”</h1>
      <LessonEditor initialSource={template} />
    </div>
  );
}
