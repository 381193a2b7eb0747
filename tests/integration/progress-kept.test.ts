import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enrollment } from "@/db/schema";
import { completeLesson, getCourseProgress, getLessonForViewer, getVisibleStageIds } from "@/lib/content/access";
import { continueAt } from "@/lib/content/continue";
import { publishLesson } from "@/lib/content/publish";
import { seedFromDir } from "@/lib/content/seed";
import { toSource } from "@/lib/content/source";
import { postgresRetriever } from "@/lib/rag/postgres";
import { resolveScope } from "@/lib/tutor/page-context";
import { createTestDatabase, insertUsers, type TestDatabase } from "../support/db";
import { fixtureCourseDir } from "../support/fixtures";
import { openedVersion } from "../support/lesson-version";

/**
 * Learners keep the stages they reached when the course changes under them: an instructor
 * publishing a lesson into an earlier stage, or moving one there, must not lock the pages, the
 * completion of later lessons, or the tutor's search out of stages a learner had gone on to.
 */
let t: TestDatabase;
const courseId = "fixture-course";
const student = (id: string) => ({ id, role: "student" as const });
const instructor = { id: "instructor", email: "instructor@example.test" };

const lessonSource = (id: string, stage: string, order: number, body: string) =>
  toSource({ id, title: id, stage, order, summary: `About ${id}.`, objectives: ["Read it"] }, body);

async function complete(userId: string, lessonIds: string[]) {
  for (const lessonId of lessonIds) {
    expect(await completeLesson({ user: student(userId), lessonId, db: t.db })).toMatchObject({ kind: "ok" });
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  await seedFromDir({ db: t.db, dir: fixtureCourseDir });
  // A second lesson in "motion", so a learner can have started it without finishing it.
  const second = lessonSource("acceleration", "motion", 2, "## Acceleration\n\nThe rate of change of velocity.");
  expect(await publishLesson({ db: t.db, actor: instructor, source: second })).toMatchObject({ ok: true });
  await insertUsers(t.db, ["reached", "ended", "finisher", "mover"]);
  // Before the course changes: all of them finished "basics"; three went on into "motion".
  await complete("reached", ["vectors", "frames", "velocity"]);
  await complete("ended", ["vectors", "frames", "velocity"]);
  await complete("finisher", ["vectors", "frames"]);
  await complete("mover", ["vectors", "frames", "acceleration"]);
  await t.db.insert(enrollment).values({
    id: "ended-enrolment",
    userId: "ended",
    courseId,
    status: "completed",
    endedAt: new Date(),
  });
  const added = lessonSource("units", "basics", 3, "## Units\n\nSI units, and the secret word is quokka.");
  expect(await publishLesson({ db: t.db, actor: instructor, source: added })).toMatchObject({
    ok: true,
    stageId: "basics",
  });
});
afterAll(() => t.close());

describe("a lesson published into an earlier stage", () => {
  it("keeps the later stage a learner reached, and shows the new lesson as not done", async () => {
    const u = student("reached");
    expect(await getVisibleStageIds({ user: u, courseId, db: t.db })).toEqual(["basics", "motion"]);
    const progress = await getCourseProgress({ user: u, db: t.db });
    expect(progress?.stages.map((s) => [s.id, s.unlocked, s.completedLessonIds])).toEqual([
      ["basics", true, ["vectors", "frames"]],
      ["motion", true, ["velocity"]],
      ["control", false, []],
    ]);
    expect([progress?.completedCount, progress?.lessonCount]).toEqual([3, 6]);
    // "Continue" goes on from where they were, not back to the new lesson first.
    expect(continueAt(progress?.stages ?? [], progress?.lastCompletedLessonId ?? null)).toMatchObject({
      lessonId: "acceleration",
    });
    expect((await getLessonForViewer({ user: u, stageId: "motion", lessonId: "acceleration", db: t.db })).kind).toBe(
      "ok",
    );
    // Finishing the reached stage opens the next one, with "basics" still one lesson short.
    expect(await completeLesson({ user: u, lessonId: "acceleration", db: t.db })).toEqual({
      kind: "ok",
      newlyUnlockedStageIds: ["control"],
    });
    // The rule's stated limit: a learner who finished "basics" but completed nothing in "motion"
    // left no record of reaching it, so it is locked again until they complete the new lesson.
    const finisher = student("finisher");
    expect(await getVisibleStageIds({ user: finisher, courseId, db: t.db })).toEqual(["basics"]);
    await complete("finisher", ["units"]);
    expect(await getVisibleStageIds({ user: finisher, courseId, db: t.db })).toEqual(["basics", "motion"]);
  });

  it("leaves the tutor searching every stage the learner kept", async () => {
    const scope = await resolveScope({ db: t.db, user: student("ended"), lessonId: "velocity" });
    expect(scope).toMatchObject({
      stageIds: ["basics", "motion"],
      lesson: { id: "velocity", stageId: "motion" },
      page: { lessonId: "velocity" },
      enrolmentEnded: true,
    });
    const hits = await postgresRetriever(t.db).search({
      query: "zanzibar",
      courseId,
      stageIds: scope?.stageIds ?? [],
      limit: 3,
    });
    expect(hits[0]).toMatchObject({ lessonId: "velocity", stageId: "motion" });
  });

  it("lets a learner whose enrolment ended keep reading the stage they reached", async () => {
    const access = await getLessonForViewer({
      user: student("ended"),
      stageId: "motion",
      lessonId: "velocity",
      db: t.db,
    });
    expect(access).toMatchObject({ kind: "ok", ended: true, completed: true });
  });
});

describe("a lesson moved into an earlier stage", () => {
  it("keeps the stage the learner reached and counts the moved lesson where it now is", async () => {
    const moved = lessonSource("velocity", "basics", 4, "## Velocity\n\nThe derivative of position.");
    const baseVersion = await openedVersion(t.db, "velocity");
    expect(
      await publishLesson({ db: t.db, actor: instructor, source: moved, existingId: "velocity", baseVersion }),
    ).toMatchObject({ ok: true, stageId: "basics" });
    const u = student("mover");
    expect(await getVisibleStageIds({ user: u, courseId, db: t.db })).toEqual(["basics", "motion", "control"]);
    const scope = await resolveScope({ db: t.db, user: u, lessonId: "acceleration" });
    expect(scope?.stageIds).toEqual(["basics", "motion", "control"]);
    const progress = await getCourseProgress({ user: u, db: t.db });
    expect(progress?.stages[0]?.lessons.map((l) => l.id)).toEqual(["vectors", "frames", "units", "velocity"]);
    expect(progress?.stages[0]?.completedLessonIds).toEqual(["vectors", "frames"]);
  });
});
