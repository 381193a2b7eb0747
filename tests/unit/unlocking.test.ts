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
  it("does not skip a stage whose lessons are incomplete even if later ones are done", () => {
    expect(unlockedStageIds(outline, ["c", "d"])).toEqual(["s1"]);
  });
  it("treats an empty stage as complete", () => {
    expect(unlockedStageIds([stage("s1", 1, []), stage("s2", 2, ["x"])], [])).toEqual(["s1", "s2"]);
  });
});
