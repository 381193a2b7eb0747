import { describe, expect, it } from "vitest";
import { extractHeadings, parseMarkdown } from "@/lib/content/markdown";
import { chunkLesson } from "@/lib/rag/chunking";

const lesson = `Intro text before any heading.

## Rotations

Rotations preserve lengths.

### About x

A rotation about the x axis.

## Exercise: rotate a point

Rotate (1, 0) by 90 degrees.

:::solution
The result is (0, 1).
:::

## Key takeaways

- Order matters.`;

describe("chunkLesson", () => {
  it("makes one chunk per section with the heading trail and the section anchor", () => {
    const chunks = chunkLesson("Rotation matrices", lesson);
    expect(chunks.map((c) => c.heading)).toEqual([
      "Rotation matrices",
      "Rotations",
      "Rotations › About x",
      "Exercise: rotate a point",
      "Exercise: rotate a point › Solution",
      "Key takeaways",
    ]);
    expect(chunks.map((c) => c.position)).toEqual([0, 1, 2, 3, 4, 5]);
    const slugs = extractHeadings(parseMarkdown(lesson)).map((h) => h.slug);
    for (const c of chunks.slice(1)) expect(slugs).toContain(c.anchor);
  });

  it("keeps solutions in their own chunk, flagged", () => {
    const chunks = chunkLesson("Rotation matrices", lesson);
    const solution = chunks.filter((c) => c.isSolution);
    expect(solution).toHaveLength(1);
    expect(solution[0]?.content).toBe("The result is (0, 1).");
    expect(chunks.find((c) => c.heading === "Exercise: rotate a point")?.content).not.toContain("(0, 1)");
  });

  it("splits long sections on block boundaries with overlap", () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} ${"word ".repeat(40)}`.trim());
    const chunks = chunkLesson("Long", `## Long section\n\n${paragraphs.join("\n\n")}`, {
      maxChars: 800,
      overlapChars: 100,
    });
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) expect(c.content.length).toBeLessThanOrEqual(800 + 100 + 300);
    // Each piece after the first starts with the tail of the one before it.
    for (let i = 1; i < chunks.length; i++) {
      const prev = chunks[i - 1]?.content ?? "";
      const head = chunks[i]?.content.split("\n\n")[0] ?? "";
      expect(prev.endsWith(head)).toBe(true);
    }
    // No paragraph is lost.
    for (let i = 0; i < 12; i++) expect(chunks.some((c) => c.content.includes(`Paragraph ${i} `))).toBe(true);
  });
});
