import { describe, expect, it } from "vitest";
import type { OutlineStage } from "@/db/queries/content";
import { lockedHint } from "@/lib/tutor/locked-hint";

const stage = (id: string, position: number, lessons: [string, string, string][]): OutlineStage => ({
  id,
  title: `Stage ${id}`,
  summary: "",
  position,
  lessons: lessons.map(([lid, title, summary], i) => ({ id: lid, title, summary, position: i + 1 })),
});

const stages = [
  stage("frames", 1, [["vectors", "Vectors and frames", "Points, vectors and coordinate frames."]]),
  stage("arms", 2, [["jacobian", "Velocity kinematics and the Jacobian", "Joint speeds to hand velocity."]]),
  stage("control", 3, [["pid", "Feedback and PID control", "Proportional, integral and derivative terms; tuning."]]),
];
const catalog = { stages, glossary: [{ terms: ["PID"], aliases: ["three term controller"] }] };

describe("lockedHint", () => {
  it("names the locked stage and lesson that match the title and summary, and what opens it", () => {
    expect(lockedHint("how do I tune a PID controller", catalog, ["frames"])).toEqual({
      stage: { id: "control", title: "Stage control", number: 3 },
      lesson: { id: "pid", title: "Feedback and PID control" },
      after: { title: "Stage arms", number: 2 },
      moreToGo: true,
    });
    expect(lockedHint("what is the Jacobian", catalog, ["frames"])).toMatchObject({
      lesson: { id: "jacobian" },
      after: { number: 1 },
      moreToGo: false,
    });
    expect(lockedHint("three term controller", catalog, ["frames"])?.lesson.id).toBe("pid");
  });

  it("stays quiet when an unlocked lesson matches as well, or nothing matches", () => {
    expect(lockedHint("vectors and frames", catalog, ["frames"])).toBeNull();
    expect(lockedHint("PID tuning", catalog, ["frames", "arms", "control"])).toBeNull();
    expect(lockedHint("the weather tomorrow", catalog, ["frames"])).toBeNull();
  });
});
