import { describe, expect, it } from "vitest";
import { excerpt } from "@/lib/rag/excerpt";
import { rankPassages } from "@/lib/rag/rank";
import type { Passage } from "@/lib/rag/retriever";
import { termsOf } from "@/lib/rag/terms";

const passage = (lessonId: string, n: number, score: number): Passage => ({
  chunkId: `${lessonId}#${n}`,
  lessonId,
  stageId: "s",
  lessonTitle: lessonId,
  heading: `h${n}`,
  anchor: "",
  content: "",
  isSolution: false,
  score,
});

describe("rankPassages", () => {
  it("ranks lessons by their best passage and keeps the list diverse", () => {
    const pool = [
      ...[10, 9.5, 9, 8.5, 8].map((s, i) => passage("long", i, s)),
      passage("other", 0, 6),
      passage("third", 0, 3),
    ];
    const ranked = rankPassages(pool, { limit: 5 });
    expect(ranked[0]?.chunkId).toBe("long#0");
    expect(ranked.map((p) => p.lessonId)).toContain("other");
    expect(ranked.filter((p) => p.lessonId === "long").length).toBeLessThan(5);
  });

  it("lifts the open lesson on a near tie, not over a clear winner", () => {
    const near = [passage("a", 0, 10), passage("b", 0, 9.5)];
    expect(rankPassages(near, { limit: 2, lessonId: "b" })[0]?.lessonId).toBe("b");
    const clear = [passage("a", 0, 10), passage("b", 0, 5)];
    expect(rankPassages(clear, { limit: 2, lessonId: "b" })[0]?.lessonId).toBe("a");
  });
});

describe("excerpt", () => {
  const long = [
    "Rotations have many uses. ".repeat(6).trim(),
    "$$\nR = \\begin{bmatrix} c & -s \\\\ s & c \\end{bmatrix}.\n$$",
    `${"Filler sentence here. ".repeat(10).trim()} Gimbal lock happens at a pitch of $\\pm 90^\\circ$. It loses a degree of freedom.`,
    "```python\nprint('code. Not prose.')\n```",
    "Closing words. ".repeat(8).trim(),
  ].join("\n\n");

  it("shows the part with the question's terms, whole sentences and blocks only", () => {
    const shown = excerpt(long, termsOf("what is gimbal lock"), 300);
    expect(shown).toContain("Gimbal lock happens at a pitch of $\\pm 90^\\circ$.");
    expect(shown.length).toBeLessThanOrEqual(300 + 8);
    expect(shown.startsWith("…")).toBe(true);
    expect((shown.match(/\$/g) ?? []).length % 2).toBe(0);
    expect((shown.match(/```/g) ?? []).length % 2).toBe(0);
  });

  it("returns a short passage whole", () => {
    expect(excerpt("One. Two.", ["one"], 300)).toBe("One. Two.");
  });
});
