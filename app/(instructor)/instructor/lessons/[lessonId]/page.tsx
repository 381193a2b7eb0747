import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { getLessonById } from "@/db/queries/content";
import { requireRole } from "@/lib/auth/session";
import { lessonVersion } from "@/lib/content/lesson-version";
import { toSource } from "@/lib/content/source";
import { LessonEditor } from "../../_components/lesson-editor";

export const metadata: Metadata = { title: "Edit lesson" };

export default async function EditLessonPage({ params }: { params: Promise<{ lessonId: string }> }) {
  await requireRole(["instructor", "admin"], "/instructor");
  const { lessonId } = await params;
  const lesson = await getLessonById({ db: await getDb(), lessonId: lessonId.slice(0, 80) });
  if (!lesson) notFound();
  const source = toSource(
    {
      id: lesson.id,
      title: lesson.title,
      stage: lesson.stageId,
      order: lesson.position,
      summary: lesson.summary,
      objectives: lesson.objectives,
    },
    lesson.body,
  );
  return (
    <div className="space-y-4">
      <h1 className="font-bold text-2xl">Edit “{lesson.title}”</h1>
      {lesson.editedInApp ? <p className="text-muted-foreground text-sm">Last published from this editor.</p> : null}
      <LessonEditor initialSource={source} existingId={lesson.id} version={lessonVersion(lesson)} />
    </div>
  );
}
