import fs from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getLessonById } from "@/db/queries/content";
import { type PublishResult, publishLesson } from "@/lib/content/publish";
import { seedFromDir } from "@/lib/content/seed";
import { toSource } from "@/lib/content/source";
import { postgresRetriever } from "@/lib/rag/postgres";
import { createTestDatabase, insertUsers, type TestDatabase } from "../support/db";
import { copyFixtureCourse } from "../support/fixtures";
import { publishAudits as auditsOf, openedVersion } from "../support/lesson-version";

/**
 * Two instructors (or two tabs) publishing the same lesson: the later publish must not silently
 * replace text it never saw. An edit carries the version its page was opened with; a new lesson
 * claims its id when it is inserted.
 */
let t: TestDatabase;
let dir: string;
beforeAll(async () => {
  t = await createTestDatabase();
  dir = await copyFixtureCourse();
  await seedFromDir({ db: t.db, dir });
  await insertUsers(t.db, ["grace"], "instructor");
});
afterAll(() => t.close());

const ada = { id: "ada", email: "ada@example.test" };
const grace = { id: "grace", email: "grace@example.test" };

const velocity = (body: string, id = "velocity") =>
  toSource(
    { id, title: "Velocity", stage: "motion", order: 1, summary: "Rates.", objectives: ["Differentiate"] },
    `## Velocity\n\n${body}`,
  );

async function stored(lessonId: string) {
  const row = await getLessonById({ db: t.db, lessonId });
  if (!row) throw new Error(`no lesson ${lessonId}`);
  return row;
}

const minute = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

const publishAudits = (lessonId: string) => auditsOf(t.db, lessonId);

const refusals = (results: PublishResult[]) => results.filter((r) => !r.ok);

describe("publishing over someone else's publish", () => {
  it("refuses a page opened before another publish, keeps the newer text, says who; accepts a reopened page", async () => {
    const opened = await openedVersion(t.db, "velocity"); // tab A, 9:00
    const b = await publishLesson({
      db: t.db,
      actor: grace,
      existingId: "velocity",
      baseVersion: opened,
      source: velocity("Grace's text: the secret word is marmalade."),
    });
    expect(b).toMatchObject({ ok: true });
    const a = await publishLesson({
      db: t.db,
      actor: ada,
      existingId: "velocity",
      baseVersion: opened,
      source: velocity("Ada's text: the secret word is tamarind."),
    });
    const row = await stored("velocity");
    expect(a).toEqual({
      ok: false,
      code: "instructor:lesson_changed",
      error: `This lesson was changed by grace (grace@example.test) at ${minute(row.updatedAt)} since you opened it. Your text is still in the editor: copy it, reload, and apply your changes again.`,
    });
    expect(row.body).toContain("marmalade");
    const search = (query: string) =>
      postgresRetriever(t.db).search({ query, courseId: "fixture-course", stageIds: ["motion"], limit: 3 });
    expect(await search("tamarind")).toEqual([]);
    expect((await publishAudits("velocity")).map((e) => e.userId)).toEqual(["grace"]);

    // Reopened, the page carries the newer version: accepted, and so is the version it returns.
    const first = await publishLesson({
      db: t.db,
      actor: ada,
      existingId: "velocity",
      baseVersion: await openedVersion(t.db, "velocity"),
      source: velocity("Ada's text again, over Grace's: tamarind."),
    });
    if (!first.ok) throw new Error(first.error);
    expect(first.version).toBe(await openedVersion(t.db, "velocity"));
    const second = await publishLesson({
      db: t.db,
      actor: ada,
      existingId: "velocity",
      baseVersion: first.version,
      source: velocity("Second pass."),
    });
    expect(second).toMatchObject({ ok: true, created: false });
    expect((await stored("velocity")).body).toContain("Second pass.");
  });

  it("refuses an edit that does not say which version it was opened with", async () => {
    const result = await publishLesson({ db: t.db, actor: ada, existingId: "velocity", source: velocity("Blind.") });
    expect(result).toMatchObject({
      ok: false,
      code: "instructor:lesson_changed",
      error: /Your text is still in the editor/,
    });
    expect((await stored("velocity")).body).toContain("Second pass.");
  });

  it("of two publishes from the same version at once, saves one and refuses the other", async () => {
    const opened = await openedVersion(t.db, "velocity");
    const results = await Promise.all(
      ["Tab one wins.", "Tab two wins."].map((text) =>
        publishLesson({ db: t.db, actor: ada, existingId: "velocity", baseVersion: opened, source: velocity(text) }),
      ),
    );
    expect(refusals(results)).toMatchObject([{ code: "instructor:lesson_changed" }]);
    const winner = results.findIndex((r) => r.ok);
    expect((await stored("velocity")).body).toContain(winner === 0 ? "Tab one wins." : "Tab two wins.");
  });

  it("refuses a page opened before a seed changed the lesson's file, without naming anyone", async () => {
    const opened = await openedVersion(t.db, "feedback");
    const file = path.join(dir, "03-control/01-feedback.md");
    await fs.writeFile(file, (await fs.readFile(file, "utf8")).replace("with a goal", "with a set point"));
    expect((await seedFromDir({ db: t.db, dir })).updated).toEqual(["feedback"]);
    const source = toSource(
      { id: "feedback", title: "Feedback", stage: "control", order: 1, summary: "Loop.", objectives: ["Explain"] },
      "## Feedback\n\nMy edit.",
    );
    const result = await publishLesson({ db: t.db, actor: ada, existingId: "feedback", baseVersion: opened, source });
    const row = await stored("feedback");
    expect(result).toMatchObject({
      ok: false,
      code: "instructor:lesson_changed",
      error: `This lesson was changed at ${minute(row.updatedAt)} since you opened it. Your text is still in the editor: copy it, reload, and apply your changes again.`,
    });
    expect(row.body).toContain("with a set point");
  });
});

describe("two people creating the same new lesson", () => {
  it("saves one and refuses the other, whose id is taken by then", async () => {
    const results = await Promise.all(
      [ada, grace].map((actor) =>
        publishLesson({ db: t.db, actor, source: velocity(`Written by ${actor.id}.`, "momentum") }),
      ),
    );
    expect(refusals(results)).toEqual([
      {
        ok: false,
        code: "instructor:lesson_id_taken",
        error:
          'front matter field "id": "momentum" is already used by another lesson. Your text is still in the editor: choose another id.',
      },
    ]);
    const winner = results[0]?.ok ? ada : grace;
    expect((await stored("momentum")).body).toContain(`Written by ${winner.id}.`);
    const audits = await publishAudits("momentum");
    expect(audits.map((e) => [e.userId, e.details.change])).toEqual([[winner.id, "created"]]);
  });
});
