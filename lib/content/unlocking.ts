import type { StageLessons } from "@/db/queries/progress";

/**
 * The unlocking rule, as a pure function: the first stage is always open; each later stage
 * opens when every lesson of the stage before it is complete (an empty stage counts as
 * complete), or when the learner has completed a lesson in it or in any later stage. The second
 * clause keeps what a learner reached: a lesson published into (or moved into) an earlier stage
 * shows as not done there, but does not lock the stages they had gone on to. It is derived from
 * completions alone, so it cannot see a stage reached but not yet started: finishing stage N-1
 * and then finding a new lesson in it locks stage N again until that lesson is done. Order comes
 * from the outline, which is sorted by stage position.
 */
export function unlockedStageIds(outline: StageLessons[], completedLessonIds: Iterable<string>): string[] {
  const done = new Set(completedLessonIds);
  const reached = outline.findLastIndex((stage) => stage.lessons.some((l) => done.has(l.id)));
  const open: string[] = [];
  for (const [i, stage] of outline.entries()) {
    open.push(stage.id);
    const finished = stage.lessons.every((l) => done.has(l.id));
    if (!finished && i >= reached) break;
  }
  return open;
}
