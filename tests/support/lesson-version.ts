import type { Executor } from "@/db/client";
import { getLessonById } from "@/db/queries/content";
import { lessonVersion } from "@/lib/content/lesson-version";

/** The version an editor page opened now would carry (what a publish of an edit is checked against). */
export async function openedVersion(db: Executor, lessonId: string): Promise<string> {
  const row = await getLessonById({ db, lessonId });
  if (!row) throw new Error(`no lesson ${lessonId}`);
  return lessonVersion(row);
}
