import fs from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { course, lesson, lessonChunk, stage } from "@/db/schema";
import { seedFromDir } from "@/lib/content/seed";
import { createTestDatabase, type TestDatabase, testDriver } from "../support/db";
import { copyFixtureCourse } from "../support/fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

describe("seedFromDir", () => {
  it("runs on the driver this project is for", () => {
    expect(t.driver).toBe(testDriver());
  });

  it("loads the course, stages, lessons and retrieval chunks, and is idempotent", async () => {
    const dir = await copyFixtureCourse();
    const first = await seedFromDir({ db: t.db, dir });
    expect(first.created.sort()).toEqual(["feedback", "frames", "vectors", "velocity"]);

    expect(await t.db.select().from(course)).toHaveLength(1);
    expect((await t.db.select().from(stage)).map((s) => [s.id, s.position]).sort()).toEqual([
      ["basics", 1],
      ["control", 3],
      ["motion", 2],
    ]);
    const chunks = await t.db.select().from(lessonChunk).where(eq(lessonChunk.lessonId, "vectors"));
    expect(chunks.some((c) => c.isSolution && c.content.includes("(4, 6)"))).toBe(true);

    const second = await seedFromDir({ db: t.db, dir });
    expect(second.created).toEqual([]);
    expect(second.updated).toEqual([]);
    expect(second.unchanged).toHaveLength(4);
    expect(await t.db.select().from(lesson)).toHaveLength(4);
  });

  it("updates a lesson and its chunks when its file changes", async () => {
    const dir = await copyFixtureCourse();
    await seedFromDir({ db: t.db, dir });
    const file = path.join(dir, "01-basics/02-frames.md");
    await fs.writeFile(file, (await fs.readFile(file, "utf8")).replace("three axes", "three orthogonal axes"));
    const report = await seedFromDir({ db: t.db, dir });
    expect(report.updated).toEqual(["frames"]);
    const [row] = await t.db.select().from(lesson).where(eq(lesson.id, "frames"));
    expect(row?.body).toContain("three orthogonal axes");
    const chunks = await t.db.select().from(lessonChunk).where(eq(lessonChunk.lessonId, "frames"));
    expect(chunks.map((c) => c.content).join(" ")).toContain("three orthogonal axes");
  });

  it("never overwrites a lesson edited in the app, and reports the conflict", async () => {
    const dir = await copyFixtureCourse();
    await seedFromDir({ db: t.db, dir });
    await t.db
      .update(lesson)
      .set({ body: "Edited by an instructor.", editedInApp: true })
      .where(eq(lesson.id, "velocity"));
    const file = path.join(dir, "02-motion/01-velocity.md");
    await fs.writeFile(file, `${await fs.readFile(file, "utf8")}\nMore from the file.\n`);
    const report = await seedFromDir({ db: t.db, dir });
    expect(report.conflicts).toEqual(["velocity"]);
    const [row] = await t.db.select().from(lesson).where(eq(lesson.id, "velocity"));
    expect(row?.body).toBe("Edited by an instructor.");
  });

  it("fails on malformed front matter with the file and field, writing nothing", async () => {
    const dir = await copyFixtureCourse();
    const file = path.join(dir, "03-control/01-feedback.md");
    await fs.writeFile(file, (await fs.readFile(file, "utf8")).replace("order: 1", "order: first"));
    const before = await t.db.select().from(lesson);
    await expect(seedFromDir({ db: t.db, dir })).rejects.toThrow(
      /03-control\/01-feedback\.md: front matter field "order"/,
    );
    expect(await t.db.select().from(lesson)).toEqual(before);
  });
});
