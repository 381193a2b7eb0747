import { describe, expect, it } from "vitest";
import type { OutlineStage } from "@/db/queries/content";
import { unlockedStageIds } from "@/lib/content/unlocking";

const stage = (id: string, position: number, lessons: string[]): OutlineStage => ({
  id,
  position,
  title: id,
  summary: "",
  lessons: lessons.map((l, i) => ({ id: l, title: l, summary: "", position: i + 1 })),
});

const outline = [stage("s1", 1, ["a", "b"]), stage("s2", 2, ["c"]), stage("s3", 3, ["d"])];

describe("unlockedStageIds", () => {
  it("opens only the first stage for a new learner", () => {
    expect(unlockedStageIds(outline, [])).toEqual(["s1"]);
  });
  it("needs every lesson of a stage before opening the next", () => {
    expect(unlockedStageIds(outline, ["a"])).toEqual(["s1"]);
    expect(unlockedStageIds(outline, ["a", "b"])).toEqual(["s1", "s2"]);
    expect(unlockedStageIds(outline, ["a", "b", "c", "d"])).toEqual(["s1", "s2", "s3"]);
  });
  it("keeps every stage up to the last one the learner completed a lesson in", () => {
    // Only possible after the outline changed under them (completion refuses locked stages).
    expect(unlockedStageIds(outline, ["d"])).toEqual(["s1", "s2", "s3"]);
    // Past that stage, the chain of finished stages applies as before.
    const longer = [...outline, stage("s4", 4, ["f"]), stage("s5", 5, ["g"])];
    expect(unlockedStageIds(longer, ["c"])).toEqual(["s1", "s2", "s3"]);
    expect(unlockedStageIds(longer, ["c", "d"])).toEqual(["s1", "s2", "s3", "s4"]);
  });
  it("keeps the stages reached when a lesson is published into an earlier stage", () => {
    const grown = [stage("s1", 1, ["a", "b", "new"]), stage("s2", 2, ["c", "e"]), stage("s3", 3, ["d"])];
    // Finished stage 1, started stage 2: stage 2 stays open, stage 3 still needs stage 2 finished.
    expect(unlockedStageIds(grown, ["a", "b", "c"])).toEqual(["s1", "s2"]);
    // Reached stage 3: everything up to it stays open.
    expect(unlockedStageIds(grown, ["a", "b", "c", "e", "d"])).toEqual(["s1", "s2", "s3"]);
    expect(unlockedStageIds(grown, ["a", "b", "c", "e"])).toEqual(["s1", "s2", "s3"]);
    // The rule's limit: finished stage 1 but nothing done in stage 2 leaves no trace of reaching it.
    expect(unlockedStageIds(grown, ["a", "b"])).toEqual(["s1"]);
  });
  it("keeps the stages reached when a lesson moves into an earlier stage", () => {
    const moved = [stage("s1", 1, ["a", "b", "c"]), stage("s2", 2, ["e"]), stage("s3", 3, ["d"])];
    expect(unlockedStageIds(moved, ["a", "b", "e"])).toEqual(["s1", "s2", "s3"]);
    expect(unlockedStageIds(moved, ["a", "e"])).toEqual(["s1", "s2", "s3"]);
    const movedAgain = [stage("s1", 1, ["a", "b", "c"]), stage("s2", 2, ["e", "f"]), stage("s3", 3, ["d"])];
    expect(unlockedStageIds(movedAgain, ["a", "b", "e"])).toEqual(["s1", "s2"]);
  });
  it("treats an empty stage as complete", () => {
    expect(unlockedStageIds([stage("s1", 1, []), stage("s2", 2, ["x"])], [])).toEqual(["s1", "s2"]);
  });
});
