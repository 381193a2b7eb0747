/** What the dashboard needs of each stage to say where to continue. */
export interface ContinueStage {
  id: string;
  title: string;
  position: number;
  unlocked: boolean;
  lessons: { id: string; title: string }[];
  completedLessonIds: string[];
}

export interface ContinueAt {
  stageId: string;
  stageTitle: string;
  stagePosition: number;
  lessonId: string;
  lessonTitle: string;
  /** 1-based place of the lesson in its stage, and the stage's lesson count. */
  index: number;
  count: number;
  /** True when nothing is completed yet: "start" rather than "continue". */
  fresh: boolean;
}

/**
 * Where a learner left off: the first open, unfinished lesson after the one they completed most
 * recently (in course order), else the first open, unfinished lesson anywhere; null when every
 * open lesson is done.
 */
export function continueAt(stages: ContinueStage[], lastCompletedLessonId: string | null): ContinueAt | null {
  const flat = stages.flatMap((s) =>
    s.lessons.map((l, i) => ({ stage: s, lesson: l, index: i + 1, done: s.completedLessonIds.includes(l.id) })),
  );
  const open = (e: (typeof flat)[number]) => e.stage.unlocked && !e.done;
  const from = lastCompletedLessonId ? flat.findIndex((e) => e.lesson.id === lastCompletedLessonId) : -1;
  const next = flat.slice(from + 1).find(open) ?? flat.find(open);
  if (!next) return null;
  return {
    stageId: next.stage.id,
    stageTitle: next.stage.title,
    stagePosition: next.stage.position,
    lessonId: next.lesson.id,
    lessonTitle: next.lesson.title,
    index: next.index,
    count: next.stage.lessons.length,
    fresh: stages.every((s) => s.completedLessonIds.length === 0),
  };
}
