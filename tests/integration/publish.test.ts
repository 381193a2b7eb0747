import fs from "node:fs/promises";
import path from "node:path";
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authEvent, lesson } from "@/db/schema";
import { publishLesson } from "@/lib/content/publish";
import { seedFromDir } from "@/lib/content/seed";
import { newLessonTemplate, toSource } from "@/lib/content/source";
import { postgresRetriever } from "@/lib/rag/postgres";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { copyFixtureCourse } from "../support/fixtures";
import { openedVersion } from "../support/lesson-version";

let t: TestDatabase;
let dir: string;
beforeAll(async () => {
  t = await createTestDatabase();
  dir = await copyFixtureCourse();
  await seedFromDir({ db: t.db, dir });
});
afterAll(() => t.close());

const staff = { id: "instructor-ada", email: "ada@example.test" };

const publishAudits = (lessonId: string) =>
  t.db
    .select()
    .from(authEvent)
    .where(
      and(
        sql`${authEvent.details}->>'action' = 'lesson_publish'`,
        sql`${authEvent.details}->>'lessonId' = ${lessonId}`,
      ),
    )
    .orderBy(asc(authEvent.createdAt));

const frames = (body: string, overrides: Record<string, unknown> = {}) =>
  toSource(
    {
      id: "frames",
      title: "Frames",
      stage: "basics",
      order: 2,
      summary: "Coordinate frames.",
      objectives: ["Describe a frame"],
      ...overrides,
    },
    body,
  );

describe("publishing a lesson from the app", () => {
  it("stores it, re-chunks it, and retrieval finds the new text at once", async () => {
    const result = await publishLesson({
      db: t.db,
      actor: staff,
      existingId: "frames",
      baseVersion: await openedVersion(t.db, "frames"),
      source: frames(
        "## Frames\n\nA frame is an origin plus three axes.\n\n## Mnemonic\n\nRemember the quaternionic zebra.",
      ),
    });
    expect(result).toMatchObject({ ok: true, lessonId: "frames", stageId: "basics", created: false });
    const [row] = await t.db.select().from(lesson).where(eq(lesson.id, "frames"));
    expect(row?.editedInApp).toBe(true);
    const hits = await postgresRetriever(t.db).search({
      query: "quaternionic zebra",
      courseId: "fixture-course",
      stageIds: ["basics"],
      limit: 3,
    });
    expect(hits[0]).toMatchObject({ lessonId: "frames", heading: "Mnemonic" });
  });

  it("refuses invalid front matter, a changed id, a taken id and an unknown stage, naming the field", async () => {
    const cases: [string, string | undefined, RegExp][] = [
      ["---\ntitle: [oops\n---\nbody", "frames", /not valid YAML/],
      [frames("body", { objectives: "not a list" }), "frames", /field "objectives"/],
      [frames("body", { id: "renamed" }), "frames", /field "id": a lesson's id cannot change/],
      [frames("body", { id: "vectors" }), undefined, /field "id": "vectors" is already used/],
      [frames("body", { id: "brand-new", stage: "nowhere" }), undefined, /field "stage": there is no stage "nowhere"/],
      [frames(""), "frames", /no text/],
    ];
    for (const [source, existingId, message] of cases) {
      const result = await publishLesson({ db: t.db, actor: staff, source, existingId });
      expect(result.ok, String(message)).toBe(false);
      if (!result.ok) expect(result.error).toMatch(message);
    }
  });

  it("refuses the new-lesson template until the author gives it an id and a title", async () => {
    const template = newLessonTemplate({ stageId: "basics", order: 3 });
    expect(await publishLesson({ db: t.db, actor: staff, source: template })).toEqual({
      ok: false,
      code: "instructor:invalid_lesson",
      error: 'front matter field "id": must not be empty',
    });
    const named = template.replace('id: ""', "id: joint-limits");
    expect(await publishLesson({ db: t.db, actor: staff, source: named })).toEqual({
      ok: false,
      code: "instructor:invalid_lesson",
      error: 'front matter field "title": must not be empty',
    });
    const titled = named.replace('title: ""', "title: Joint limits");
    expect(await publishLesson({ db: t.db, actor: staff, source: titled })).toMatchObject({
      ok: true,
      lessonId: "joint-limits",
      stageId: "basics",
    });
  });

  it("creates a new lesson in a stage", async () => {
    const result = await publishLesson({
      db: t.db,
      actor: staff,
      source: frames("## New\n\nFresh text.", { id: "new-lesson", title: "New", order: 3 }),
    });
    expect(result).toMatchObject({ ok: true, lessonId: "new-lesson", stageId: "basics", created: true });
  });

  it("is not overwritten by a later seed of a changed file; the seed reports the conflict", async () => {
    const file = path.join(dir, "01-basics/02-frames.md");
    await fs.writeFile(file, (await fs.readFile(file, "utf8")).replace("three axes", "three perpendicular axes"));
    const report = await seedFromDir({ db: t.db, dir });
    expect(report.conflicts).toEqual(["frames"]);
    const [row] = await t.db.select().from(lesson).where(eq(lesson.id, "frames"));
    expect(row?.body).toContain("quaternionic zebra");
  });
});

describe("the lesson_publish audit entry", () => {
  it("says created, edited or moved, with the stage and the new version, and never the text", async () => {
    const gears = (body: string, stage = "basics") => frames(body, { id: "gears", title: "Gears", stage, order: 9 });
    const created = await publishLesson({ db: t.db, actor: staff, source: gears("## Gears\n\nSecret gear text.") });
    const edited = await publishLesson({
      db: t.db,
      actor: staff,
      existingId: "gears",
      baseVersion: created.ok ? created.version : "",
      source: gears("## Gears\n\nSecret gear text, edited."),
    });
    const moved = await publishLesson({
      db: t.db,
      actor: staff,
      existingId: "gears",
      baseVersion: edited.ok ? edited.version : "",
      source: gears("## Gears\n\nSecret gear text, moved.", "motion"),
    });
    if (!created.ok || !edited.ok || !moved.ok) throw new Error("a publish was refused");
    expect(moved.version).toBe(await openedVersion(t.db, "gears"));
    const entries = await publishAudits("gears");
    expect(entries.map((e) => [e.type, e.userId, e.email])).toEqual(
      Array(3).fill(["admin_action", staff.id, staff.email]),
    );
    const base = { action: "lesson_publish", lessonId: "gears" };
    expect(entries.map((e) => e.details)).toEqual([
      { ...base, change: "created", stageId: "basics", version: created.version },
      { ...base, change: "edited", stageId: "basics", version: edited.version },
      { ...base, change: "edited", stageId: "motion", previousStageId: "basics", version: moved.version },
    ]);
    expect(new Set(entries.map((e) => e.details.version)).size).toBe(3);
    expect(JSON.stringify(entries)).not.toMatch(/Secret gear/);
  });
});
