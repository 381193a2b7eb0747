import { and, asc, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { getLessonById } from "@/db/queries/content";
import { authEvent } from "@/db/schema";
import { lessonVersion } from "@/lib/content/lesson-version";

/** The version an editor page opened now would carry (what a publish of an edit is checked against). */
export async function openedVersion(db: Executor, lessonId: string): Promise<string> {
  const row = await getLessonById({ db, lessonId });
  if (!row) throw new Error(`no lesson ${lessonId}`);
  return lessonVersion(row);
}

/** The lesson's `lesson_publish` audit entries, oldest first. */
export const publishAudits = (db: Executor, lessonId: string) =>
  db
    .select()
    .from(authEvent)
    .where(
      and(
        sql`${authEvent.details}->>'action' = 'lesson_publish'`,
        sql`${authEvent.details}->>'lessonId' = ${lessonId}`,
      ),
    )
    .orderBy(asc(authEvent.createdAt));
