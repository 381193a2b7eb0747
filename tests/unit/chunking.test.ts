import { describe, expect, it } from "vitest";
import { defaultContentDir, loadCourse } from "@/lib/content/load";
import { extractHeadings, parseMarkdown } from "@/lib/content/markdown";
import { chunkLesson } from "@/lib/rag/chunking";
import { excerpt } from "@/lib/rag/excerpt";
import { termsOf } from "@/lib/rag/terms";

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

  it("splits long sections between sentences and carries the last whole sentences over", () => {
    const paragraphs = Array.from(
      { length: 12 },
      (_, i) => `Paragraph ${i} starts here. ${"Some words follow. ".repeat(8)}It ends with $x_${i} = 1.5$ m.`,
    );
    const chunks = chunkLesson("Long", `## Long section\n\n${paragraphs.join("\n\n")}`, {
      maxChars: 800,
      overlapChars: 100,
    });
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) expect(c.content.length).toBeLessThanOrEqual(800);
    for (let i = 1; i < chunks.length; i++) {
      const prev = chunks[i - 1]?.content ?? "";
      const next = chunks[i]?.content ?? "";
      // The next piece opens with the whole sentences (at most 100 characters) that ended the one before.
      let carried = "";
      for (let n = 1; n <= 100; n++) if (next.startsWith(prev.slice(-n))) carried = prev.slice(-n);
      expect(carried).toMatch(/^[A-Z].*\.$/);
      expect(prev.length - carried.length === 0 || /[.\s]$/.test(prev.slice(0, -carried.length))).toBe(true);
    }
    // No paragraph is lost, and no piece cuts inside a formula.
    for (let i = 0; i < 12; i++) expect(chunks.some((c) => c.content.includes(`Paragraph ${i} `))).toBe(true);
    for (const c of chunks) expect((c.content.match(/\$/g) ?? []).length % 2).toBe(0);
  });

  it("never cuts inside display maths or a code block", () => {
    const math = `$$\n${"R = I + \\sin\\theta\\,K. ".repeat(20)}\n$$`;
    const code = `\`\`\`python\n${"x = 1. # a sentence. Not one.\n".repeat(20)}\`\`\``;
    const body = `## S\n\nIntro sentence one. Intro sentence two.\n\n${math}\n\nMiddle text here.\n\n${code}\n\nClosing text.`;
    const chunks = chunkLesson("L", body, { maxChars: 300, overlapChars: 80 });
    expect(chunks.some((c) => c.content.includes(math))).toBe(true);
    expect(chunks.some((c) => c.content.includes(code))).toBe(true);
    for (const c of chunks) {
      expect((c.content.match(/\$\$/g) ?? []).length % 2).toBe(0);
      expect((c.content.match(/```/g) ?? []).length % 2).toBe(0);
    }
  });
});

describe("the shipped course's passages and their excerpts", () => {
  const balanced = (text: string) => {
    const fences = (text.match(/^```/gm) ?? []).length;
    const display = (text.match(/\$\$/g) ?? []).length;
    const inline = (text.replaceAll("$$", "").replaceAll("\\$", "").match(/\$/g) ?? []).length;
    return fences % 2 === 0 && display % 2 === 0 && inline % 2 === 0;
  };

  it("never cut a formula or a code block, in a passage or in what the tutor shows of it", async () => {
    const course = await loadCourse(defaultContentDir());
    let passages = 0;
    for (const lesson of course.stages.flatMap((s) => s.lessons)) {
      for (const chunk of chunkLesson(lesson.title, lesson.body)) {
        passages++;
        expect(balanced(chunk.content), `${lesson.id} › ${chunk.heading}`).toBe(true);
        const shown = excerpt(chunk.content, termsOf(chunk.heading), 700);
        expect(balanced(shown), `excerpt of ${lesson.id} › ${chunk.heading}`).toBe(true);
        // Whole sentences or blocks: it ends at a sentence end, a block end or an ellipsis.
        expect(shown.trimEnd()).toMatch(/([.!?:)*]|\$\$|```|…|\|)$/);
      }
    }
    expect(passages).toBeGreaterThan(100);
  });
});
