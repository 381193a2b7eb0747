import { createHash } from "node:crypto";
import type { LessonRow } from "@/db/queries/content";

/**
 * What an editor page was loaded from: a hash of every field the editor writes. A publish is
 * refused when the stored lesson no longer has the version the form carries (someone else
 * published in between). A hash rather than updated_at, whose microseconds a JS Date rounds.
 */
export function lessonVersion(
  l: Pick<LessonRow, "stageId" | "position" | "title" | "summary" | "objectives" | "body">,
): string {
  return createHash("sha256")
    .update(JSON.stringify([l.stageId, l.position, l.title, l.summary, l.objectives, l.body]))
    .digest("base64url")
    .slice(0, 22);
}
