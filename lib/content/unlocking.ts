import type { StageLessons } from "@/db/queries/progress";

/**
 * The unlocking rule, as a pure function: the first stage is always open; each later stage
 * opens when every lesson of the stage before it is complete (an empty stage counts as
 * complete). Order comes from the outline, which is sorted by stage position.
 */
export function unlockedStageIds(outline: StageLessons[], completedLessonIds: Iterable<string>): string[] {
  const done = new Set(completedLessonIds);
  const open: string[] = [];
  for (const stage of outline) {
    open.push(stage.id);
    const finished = stage.lessons.every((l) => done.has(l.id));
    if (!finished) break;
  }
  return open;
}
