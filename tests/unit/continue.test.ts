import { describe, expect, it } from "vitest";
import { type ContinueStage, continueAt } from "@/lib/content/continue";

const stage = (id: string, position: number, lessons: string[], done: string[], unlocked = true): ContinueStage => ({
  id,
  title: `Stage ${id}`,
  position,
  unlocked,
  lessons: lessons.map((l) => ({ id: l, title: `Lesson ${l}` })),
  completedLessonIds: done,
});

describe("continueAt (the dashboard's 'Continue where you left off')", () => {
  it("starts a new learner at the first lesson", () => {
    const at = continueAt([stage("s1", 1, ["a", "b"], []), stage("s2", 2, ["c"], [], false)], null);
    expect(at).toMatchObject({ lessonId: "a", index: 1, count: 2, fresh: true, stagePosition: 1 });
  });

  it("continues after the lesson completed most recently, not at the first gap", () => {
    const stages = [stage("s1", 1, ["a", "b", "c"], ["a", "c"])];
    expect(continueAt(stages, "c")).toMatchObject({ lessonId: "b", fresh: false });
    const more = [stage("s1", 1, ["a", "b", "c", "d"], ["a", "b"])];
    expect(continueAt(more, "b")).toMatchObject({ lessonId: "c", index: 3, count: 4 });
  });

  it("moves on to the next stage once it is open, and never into a locked one", () => {
    const open = [stage("s1", 1, ["a"], ["a"]), stage("s2", 2, ["c", "d"], [])];
    expect(continueAt(open, "a")).toMatchObject({ lessonId: "c", stageId: "s2", index: 1, count: 2 });
    const locked = [stage("s1", 1, ["a", "b"], ["b"]), stage("s2", 2, ["c"], [], false)];
    expect(continueAt(locked, "b")).toMatchObject({ lessonId: "a" });
  });

  it("has nothing to suggest when every open lesson is done", () => {
    expect(continueAt([stage("s1", 1, ["a"], ["a"])], "a")).toBeNull();
  });
});
