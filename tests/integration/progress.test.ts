import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeLesson, getCourseProgress, getLessonForViewer, getVisibleStageIds } from "@/lib/content/access";
import { seedFromDir } from "@/lib/content/seed";
import { createTestDatabase, insertUsers, type TestDatabase } from "../support/db";
import { fixtureCourseDir } from "../support/fixtures";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedFromDir({ db: t.db, dir: fixtureCourseDir });
  await insertUsers(t.db, ["new", "ada", "grace", "eve", "prof"]);
});
afterAll(() => t.close());

const student = (id: string) => ({ id, role: "student" as const });
const courseId = "fixture-course";

describe("progress and unlocking", () => {
  it("starts a learner with only the first stage visible", async () => {
    expect(await getVisibleStageIds({ user: student("new"), courseId, db: t.db })).toEqual(["basics"]);
  });

  it("unlocks the next stage once every lesson of the stage is complete", async () => {
    const u = student("ada");
    const first = await completeLesson({ user: u, lessonId: "vectors", db: t.db });
    expect(first).toEqual({ kind: "ok", newlyUnlockedStageIds: [] });
    const second = await completeLesson({ user: u, lessonId: "frames", db: t.db });
    expect(second).toEqual({ kind: "ok", newlyUnlockedStageIds: ["motion"] });
    expect(await getVisibleStageIds({ user: u, courseId, db: t.db })).toEqual(["basics", "motion"]);
    // Completing twice is harmless.
    expect(await completeLesson({ user: u, lessonId: "frames", db: t.db })).toEqual({
      kind: "ok",
      newlyUnlockedStageIds: [],
    });
  });

  it("keeps progress per user", async () => {
    expect(await getVisibleStageIds({ user: student("grace"), courseId, db: t.db })).toEqual(["basics"]);
    const progress = await getCourseProgress({ user: student("grace"), db: t.db });
    expect(progress?.completedCount).toBe(0);
    expect(progress?.stages.map((s) => s.unlocked)).toEqual([true, false, false]);
  });

  it("gives the same visible stages as the progress page's full outline, at every step", async () => {
    // getVisibleStageIds reads only ids (the tutor asks it every turn); the page reads titles too.
    const u = student("prof");
    const agree = async () => {
      const page = await getCourseProgress({ user: u, db: t.db });
      const open = page?.stages.filter((s) => s.unlocked).map((s) => s.id);
      expect(await getVisibleStageIds({ user: u, courseId, db: t.db })).toEqual(open);
      // Named by any of its lessons, the course gives the same answer.
      for (const lessonId of ["vectors", "feedback"]) {
        expect(await getVisibleStageIds({ user: u, lessonId, db: t.db })).toEqual(open);
      }
      return open;
    };
    expect(await agree()).toEqual(["basics"]);
    const lessons = (await getCourseProgress({ user: u, db: t.db }))?.stages.flatMap((s) => s.lessons) ?? [];
    for (const l of lessons) {
      await completeLesson({ user: u, lessonId: l.id, db: t.db });
      await agree();
    }
    expect(await agree()).toEqual(["basics", "motion", "control"]);
  });

  it("refuses to complete or show a lesson in a locked stage", async () => {
    const u = student("eve");
    expect(await completeLesson({ user: u, lessonId: "velocity", db: t.db })).toEqual({ kind: "locked" });
    expect(await getLessonForViewer({ user: u, stageId: "motion", lessonId: "velocity", db: t.db })).toEqual({
      kind: "locked",
      stageId: "motion",
    });
  });

  it("answers not-found for unknown lessons and for a lesson under the wrong stage", async () => {
    const u = student("eve");
    expect(await getLessonForViewer({ user: u, stageId: "basics", lessonId: "nope", db: t.db })).toEqual({
      kind: "not-found",
    });
    expect(await getLessonForViewer({ user: u, stageId: "motion", lessonId: "vectors", db: t.db })).toEqual({
      kind: "not-found",
    });
    expect(await completeLesson({ user: u, lessonId: "nope", db: t.db })).toEqual({ kind: "not-found" });
  });

  it("shows staff every stage", async () => {
    const staff = { id: "prof", role: "instructor" as const };
    expect(await getVisibleStageIds({ user: staff, courseId, db: t.db })).toEqual(["basics", "motion", "control"]);
    const access = await getLessonForViewer({ user: staff, stageId: "control", lessonId: "feedback", db: t.db });
    expect(access.kind).toBe("ok");
  });
});
