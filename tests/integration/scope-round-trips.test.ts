import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getLessonForViewer, getReadableLesson, getVisibleStageIds } from "@/lib/content/access";
import { seedFromDir } from "@/lib/content/seed";
import { resolveScope } from "@/lib/tutor/page-context";
import { createTestDatabase, insertUsers, type TestDatabase } from "../support/db";
import { fixtureCourseDir } from "../support/fixtures";
import { statementsDuring } from "../support/statements";

/**
 * What a tutor turn and a lesson page read before they can answer: the lesson (with the
 * learner's enrolment) and the learner's progress in its course. Named by the lesson, the
 * progress is read beside the lesson instead of after it: one round trip to the database, not
 * two in sequence (on Neon, each is a network round trip before the first byte).
 */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await seedFromDir({ db: t.db, dir: fixtureCourseDir });
  await insertUsers(t.db, ["learner"]);
});
afterAll(() => t.close());

const learner = { id: "learner", role: "student" as const };

describe("reading a lesson's scope", () => {
  it("the tutor reads the lesson and the progress at once, and scopes as before", async () => {
    const {
      result: scope,
      statements,
      maxInFlight,
    } = await statementsDuring(t.db, () => resolveScope({ db: t.db, user: learner, lessonId: "vectors" }));
    expect(statements).toHaveLength(2);
    expect(maxInFlight).toBe(2);
    expect(scope).toMatchObject({
      courseId: "fixture-course",
      lesson: { id: "vectors", stageId: "basics" },
      enrolmentEnded: false,
    });
    expect(scope?.stageIds).toEqual(await getVisibleStageIds({ user: learner, courseId: "fixture-course", db: t.db }));
  });

  it("an unknown lesson still scopes to the course's unlocked stages, without a page", async () => {
    const scope = await resolveScope({ db: t.db, user: learner, lessonId: "no-such-lesson" });
    expect(scope).toMatchObject({ courseId: "fixture-course", lesson: null, page: null, stageIds: ["basics"] });
  });

  it("a locked lesson gives the tutor no page, and its reader no lesson", async () => {
    const scope = await resolveScope({ db: t.db, user: learner, lessonId: "feedback" });
    expect(scope).toMatchObject({ lesson: null, page: null, stageIds: ["basics"] });
    expect(await getReadableLesson({ user: learner, lessonId: "feedback", db: t.db })).toEqual({ kind: "locked" });
    expect(await getLessonForViewer({ user: learner, stageId: "control", lessonId: "feedback", db: t.db })).toEqual({
      kind: "locked",
      stageId: "control",
    });
  });

  it("the lesson page and the lesson HTML read theirs at once too", async () => {
    const page = await statementsDuring(t.db, () =>
      getLessonForViewer({ user: learner, stageId: "basics", lessonId: "frames", db: t.db }),
    );
    expect(page.result.kind).toBe("ok");
    expect(page.statements).toHaveLength(2);
    expect(page.maxInFlight).toBe(2);
    const html = await statementsDuring(t.db, () => getReadableLesson({ user: learner, lessonId: "frames", db: t.db }));
    expect(html.result.kind).toBe("ok");
    expect(html.maxInFlight).toBe(2);
    expect(await getReadableLesson({ user: learner, lessonId: "no-such-lesson", db: t.db })).toEqual({
      kind: "not-found",
    });
  });
});
