import { describe, expect, it } from "vitest";
import type { Passage } from "@/lib/rag/retriever";
import { NEAREST_ONLY, NOTHING_FOUND, retrievalAnswer } from "@/lib/tutor/retrieval-answer";

const passage = (match: number): Passage => ({
  chunkId: "frames#1",
  lessonId: "frames",
  stageId: "basics",
  lessonTitle: "Frames",
  heading: "Vectors",
  anchor: "vectors",
  content: "A vector has a direction and a length.",
  isSolution: false,
  score: 1,
  match,
});
const hint = {
  stage: { id: "control", title: "Control", number: 3 },
  lesson: { id: "pid", title: "PID control" },
  after: { title: "Motion", number: 2 },
  moreToGo: true,
};
const paragraphs = (text: string) => text.split("\n\n");

describe("the retrieval-only answer's wording", () => {
  it("introduces the nearest passage right before it, after naming a locked lesson", () => {
    const parts = paragraphs(retrievalAnswer({ passages: [passage(0.3)], questionTerms: ["vector"], hint }).text);
    const at = parts.indexOf(NEAREST_ONLY);
    expect(at).toBeGreaterThan(0);
    expect(parts[at + 1]).toMatch(/^\*\*\[Frames › Vectors\]/);
    expect(parts.findIndex((p) => p.includes("PID control"))).toBeLessThan(at);
  });

  it("says nothing was found before naming the locked lesson, and shows no passage", () => {
    const { text, shown } = retrievalAnswer({ passages: [passage(0.1)], questionTerms: ["vector"], hint });
    const parts = paragraphs(text);
    expect(parts.indexOf(NOTHING_FOUND)).toBeLessThan(parts.findIndex((p) => p.includes("PID control")));
    expect(text).not.toContain(NEAREST_ONLY);
    expect(shown).toEqual([]);
  });
});
