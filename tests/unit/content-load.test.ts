import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ContentError, loadCourse } from "@/lib/content/load";
import { copyFixtureCourse } from "../support/fixtures";

async function withEdit(rel: string, edit: (text: string) => string): Promise<string> {
  const dir = await copyFixtureCourse();
  const file = path.join(dir, rel);
  await fs.writeFile(file, edit(await fs.readFile(file, "utf8")));
  return dir;
}

describe("loadCourse", () => {
  it("reads stages and lessons in order with headings and a content hash", async () => {
    const course = await loadCourse(await copyFixtureCourse());
    expect(course.id).toBe("fixture-course");
    expect(course.stages.map((s) => s.id)).toEqual(["basics", "motion", "control"]);
    const vectors = course.stages[0]?.lessons[0];
    expect(vectors?.id).toBe("vectors");
    expect(vectors?.headings.map((h) => h.slug)).toEqual(["what-is-a-vector", "exercise-add-two-vectors"]);
    expect(vectors?.sourceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(course.stages[0]?.lessons.map((l) => l.id)).toEqual(["vectors", "frames"]);
  });

  it("names the file and the field when front matter is invalid", async () => {
    const dir = await withEdit("01-basics/02-frames.md", (t) =>
      t.replace("objectives:\n  - Describe a frame", "objectives: many"),
    );
    await expect(loadCourse(dir)).rejects.toThrow(/01-basics\/02-frames\.md: front matter field "objectives"/);
  });

  it("names a missing field", async () => {
    const dir = await withEdit("01-basics/02-frames.md", (t) => t.replace("title: Frames\n", ""));
    await expect(loadCourse(dir)).rejects.toThrow(/02-frames\.md: front matter field "title"/);
  });

  it("rejects ids that are not kebab-case", async () => {
    const dir = await withEdit("01-basics/02-frames.md", (t) => t.replace("id: frames", "id: Frames Lesson"));
    await expect(loadCourse(dir)).rejects.toThrow(/front matter field "id": must be lowercase kebab-case/);
  });

  it("reports YAML syntax errors and missing front matter with the file name", async () => {
    const bad = await withEdit("01-basics/02-frames.md", (t) => t.replace("title: Frames", "title: [unclosed"));
    await expect(loadCourse(bad)).rejects.toThrow(/02-frames\.md: front matter is not valid YAML/);
    const none = await withEdit("01-basics/02-frames.md", (t) => t.replace(/^---[\s\S]*?---\n/, ""));
    await expect(loadCourse(none)).rejects.toThrow(/02-frames\.md: missing front matter/);
  });

  it("rejects a lesson whose stage does not match its folder, and duplicate ids", async () => {
    const wrong = await withEdit("01-basics/02-frames.md", (t) => t.replace("stage: basics", "stage: motion"));
    await expect(loadCourse(wrong)).rejects.toThrow(/"stage": is "motion" but the file is in stage "basics"/);
    const dup = await withEdit("01-basics/02-frames.md", (t) => t.replace("id: frames", "id: vectors"));
    await expect(loadCourse(dup)).rejects.toThrow(ContentError);
  });
});

describe("the shipped course", () => {
  it("has at least 4 stages of 3+ substantive lessons, each with worked examples and a hidden solution", async () => {
    const course = await loadCourse(path.join(process.cwd(), "content"));
    expect(course.stages.length).toBeGreaterThanOrEqual(4);
    for (const stage of course.stages) {
      expect(stage.lessons.length, stage.id).toBeGreaterThanOrEqual(3);
      for (const lesson of stage.lessons) {
        const words = lesson.body.split(/\s+/).filter(Boolean).length;
        expect(words, `${lesson.id} words`).toBeGreaterThanOrEqual(600);
        expect(lesson.body, `${lesson.id} worked example`).toMatch(/^##+ Worked example/m);
        expect(lesson.body, `${lesson.id} exercise`).toMatch(/^##+ Exercise/m);
        expect(lesson.body, `${lesson.id} solution`).toMatch(/^:::solution$[\s\S]+?^:::$/m);
        expect(lesson.objectives.length, `${lesson.id} objectives`).toBeGreaterThanOrEqual(1);
      }
    }
  });
  it("reads content/glossary.yml and rejects a term no lesson uses, naming the file", async () => {
    const dir = await copyFixtureCourse();
    const file = path.join(dir, "glossary.yml");
    await fs.writeFile(file, "- terms: [magnitude and a direction]\n  aliases: [size and heading]\n");
    expect((await loadCourse(dir)).glossary).toEqual([
      { terms: ["magnitude and a direction"], aliases: ["size and heading"] },
    ]);
    await fs.writeFile(file, "- terms: [magnitude, quaternion]\n");
    await expect(loadCourse(dir)).rejects.toThrow(/glossary\.yml: term not found in any lesson: quaternion/);
    await fs.writeFile(file, "- aliases: [x]\n");
    await expect(loadCourse(dir)).rejects.toThrow(/glossary\.yml: entry 0\.terms/);
    await fs.rm(file);
    expect((await loadCourse(dir)).glossary).toEqual([]);
  });
});
