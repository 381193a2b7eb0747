import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeEnrolmentAction, previewEmailListAction } from "@/app/(admin)/admin/enrolments/actions";
import { markLessonCompleteAction } from "@/app/(learn)/learn/actions";
import { listEnrollmentsForAdmin } from "@/db/queries/enrollment";
import { authEvent, chatThread, enrollment, lessonProgress, tutorMessage, user } from "@/db/schema";
import { getLessonForViewer } from "@/lib/content/access";
import { seedFromDir } from "@/lib/content/seed";
import { enrolUsers } from "@/lib/enrolment/enrolment";
import { currentEnrolment } from "@/lib/enrolment/learner";
import { previewRetention } from "@/lib/retention";
import { type CookieJar, call } from "../support/auth";
import { type ChatkitTest, post, readEvents, setupChatkit, userInput } from "../support/chatkit";
import { fixtureCourseDir } from "../support/fixtures";
import { asRequest, form, redirectedTo } from "../support/next-request";

const COURSE = "fixture-course";
let t: ChatkitTest;
let admin: CookieJar;
beforeAll(async () => {
  t = await setupChatkit();
  admin = await t.as("boss@example.com");
  await t.db.db.update(user).set({ role: "admin" }).where(eq(user.email, "boss@example.com"));
});
afterAll(() => t.close());

async function act<T>(
  action: (prev: null, data: FormData) => Promise<T>,
  jar: CookieJar,
  fields: Record<string, string | string[] | undefined>,
) {
  asRequest(jar);
  return action(null, form(fields));
}
const enrolmentOf = async (userId: string) =>
  (
    await t.db.db
      .select()
      .from(enrollment)
      .where(and(eq(enrollment.userId, userId), eq(enrollment.courseId, COURSE)))
  )[0];

describe("enrolment at sign-up and enrolUsers", () => {
  it("enrols a new student, not staff, and never reopens an ended enrolment", async () => {
    await t.as("newcomer@example.com");
    const learner = await t.userId("newcomer@example.com");
    expect(await enrolmentOf(learner)).toMatchObject({ status: "active", endedAt: null });

    const ctx = await t.auth.$context;
    const staff = await ctx.internalAdapter.createUser(
      { email: "staff@example.com", name: "S", role: "instructor" },
      { method: "admin" },
    );
    expect(await enrolmentOf(staff.id)).toBeUndefined();

    await t.db.db.insert(user).values({ id: "imported", name: "Imported", email: "imported@example.com" });
    expect(await enrolUsers({ db: t.db.db, userIds: [learner, "imported", "imported"], courseId: COURSE })).toEqual([
      "imported",
    ]);
    await t.db.db
      .update(enrollment)
      .set({ status: "withdrawn", endedAt: new Date() })
      .where(eq(enrollment.userId, "imported"));
    expect(await enrolUsers({ db: t.db.db, userIds: ["imported"] })).toEqual([]);
    expect((await enrolmentOf("imported"))?.status).toBe("withdrawn");

    // A student created while no course existed is enrolled once a course is loaded; nobody else changes.
    await t.db.db.insert(user).values({ id: "early", name: "Early", email: "early@example.com" });
    await seedFromDir({ db: t.db.db, dir: fixtureCourseDir });
    expect((await enrolmentOf("early"))?.status).toBe("active");
    expect((await enrolmentOf("imported"))?.status).toBe("withdrawn");
    expect(await enrolmentOf(staff.id)).toBeUndefined();
  });
});

describe("admins end and reopen enrolments", () => {
  it("refuses students, ends one on a chosen day, reopens it, and audits each change", async () => {
    const student = await t.as("ender@example.com");
    const id = await t.userId("ender@example.com");
    const denied = await act(changeEnrolmentAction, student, { courseId: COURSE, userId: id, to: "completed" }).catch(
      (e) => e,
    );
    expect(redirectedTo(denied)).toBe("/learn?denied=1");

    const future = new Date(Date.now() + 3 * 86400_000).toISOString().slice(0, 10);
    expect(
      await act(changeEnrolmentAction, admin, { courseId: COURSE, userId: id, to: "completed", endedAt: future }),
    ).toMatchObject({
      ok: false,
      code: "enrol:future_date",
    });
    const ended = await act(changeEnrolmentAction, admin, {
      courseId: COURSE,
      userId: id,
      to: "withdrawn",
      endedAt: "2026-01-15",
    });
    expect(ended).toMatchObject({ ok: true, data: { changed: 1 } });
    expect(await enrolmentOf(id)).toMatchObject({ status: "withdrawn", endedAt: new Date("2026-01-15T00:00:00Z") });
    // Ending again leaves the first end date alone.
    expect(await act(changeEnrolmentAction, admin, { courseId: COURSE, userId: id, to: "completed" })).toMatchObject({
      ok: true,
      data: { changed: 0 },
    });
    expect(await act(changeEnrolmentAction, admin, { courseId: COURSE, userId: id, to: "active" })).toMatchObject({
      ok: true,
      data: { changed: 1 },
    });
    expect(await enrolmentOf(id)).toMatchObject({ status: "active", endedAt: null });

    const events = await t.db.db
      .select()
      .from(authEvent)
      .where(and(eq(authEvent.type, "enrolment_change"), eq(authEvent.userId, id)));
    const bossId = await t.userId("boss@example.com");
    expect(events.map((e) => [e.details.from, e.details.to, e.details.by, e.details.via])).toEqual([
      ["active", "withdrawn", bossId, "admin"],
      ["withdrawn", "active", bossId, "admin"],
    ]);
    expect(events[0]?.email).toBe("ender@example.com");
  });

  it("refuses an end day before 2000 (year 0, a mistyped year) with a 400 and changes nothing", async () => {
    await t.as("typo@example.com");
    const id = await t.userId("typo@example.com");
    // 0000-01-01 is a valid ISO day but no Postgres timestamp; 0202 would let retention delete at once.
    for (const endedAt of ["0000-01-01", "0202-05-01", "1999-12-31"]) {
      const refused = await act(changeEnrolmentAction, admin, {
        courseId: COURSE,
        userId: id,
        to: "withdrawn",
        endedAt,
      });
      expect(refused, endedAt).toMatchObject({
        ok: false,
        code: "enrol:too_early",
        message: expect.stringContaining("2000"),
      });
    }
    expect(await enrolmentOf(id)).toMatchObject({ status: "active", endedAt: null });
    expect(
      await act(changeEnrolmentAction, admin, { courseId: COURSE, userId: id, to: "withdrawn", endedAt: "2000-01-01" }),
    ).toMatchObject({ ok: true, data: { changed: 1 } });
  });

  it("ends many at once and previews a list of emails before anything changes", async () => {
    for (const e of ["bulk-a@example.com", "bulk-b@example.com", "bulk-c@example.com"]) await t.as(e);
    const a = await t.userId("bulk-a@example.com");
    const b = await t.userId("bulk-b@example.com");
    const bulk = await act(changeEnrolmentAction, admin, {
      courseId: COURSE,
      userId: [a, b, "nobody"],
      to: "completed",
      via: "bulk",
    });
    expect(bulk).toMatchObject({ ok: true, data: { changed: 2 } });
    expect(bulk?.message).toContain("1 already ended or not enrolled");

    const list = "email\nBULK-A@example.com, bulk-c@example.com;bulk-c@example.com\nghost@example.com\nbroken@\n";
    const preview = await act(previewEmailListAction, admin, { courseId: COURSE, list });
    expect(preview).toMatchObject({ ok: true });
    const match = preview?.ok ? preview.data : null;
    expect(match?.matched.map((m) => [m.email, m.status])).toEqual([
      ["bulk-a@example.com", "completed"],
      ["bulk-c@example.com", "active"],
    ]);
    expect(match?.unknown).toEqual(["ghost@example.com"]);
    expect(match?.invalid).toEqual(["broken@"]);
    expect((await enrolmentOf(await t.userId("bulk-c@example.com")))?.status).toBe("active");
  });
});

describe("after an enrolment ends", () => {
  it("closes the tutor and freezes progress, keeps conversations readable, and says when they go", async () => {
    const jar = await t.as("finished@example.com");
    const id = await t.userId("finished@example.com");
    const started = await post(
      t,
      { type: "threads.create", params: { input: userInput("What is a frame?") } },
      { jar },
    );
    await readEvents(started);
    await act(changeEnrolmentAction, admin, { courseId: COURSE, userId: id, to: "completed" });

    const refused = await post(t, { type: "threads.create", params: { input: userInput("One more?") } }, { jar });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("tutor:enrolment_ended");
    // From a lesson page the enrolment is read with the lesson: the same refusal, for this
    // learner only (another one, still enrolled, asks on the same lesson).
    const onLesson = { "x-tutor-lesson-id": "vectors" };
    const input = { type: "threads.create", params: { input: userInput("And on this lesson?") } };
    const refusedOnLesson = await post(t, input, { jar, headers: onLesson });
    expect(refusedOnLesson.status).toBe(403);
    expect((await refusedOnLesson.json()).error.code).toBe("tutor:enrolment_ended");
    const enrolled = await post(t, input, { jar: await t.as("still-enrolled@example.com"), headers: onLesson });
    expect(enrolled.status).toBe(200);
    await readEvents(enrolled);
    expect(await t.db.db.select().from(tutorMessage).where(eq(tutorMessage.userId, id))).toHaveLength(1);
    const list = await post(t, { type: "threads.list", params: {} }, { jar });
    expect(list.status).toBe(200);
    expect((await list.json()).data).toHaveLength(1);

    expect(await act(markLessonCompleteAction, jar, { lessonId: "vectors" })).toMatchObject({
      ok: false,
      code: "learn:enrolment_ended",
    });
    expect(await t.db.db.select().from(lessonProgress).where(eq(lessonProgress.userId, id))).toEqual([]);

    const standing = await currentEnrolment({ user: { id, role: "student" }, db: t.db.db });
    expect(standing?.status).toBe("completed");
    const endedAt = standing?.endedAt?.getTime() ?? 0;
    expect(standing?.conversationsDeletedAfter?.getTime()).toBe(endedAt + 30 * 86400_000);

    // The lesson page reads the enrolment with the lesson: read-only for this learner only.
    const lessonFor = async (viewer: { id: string; role: "student" | "instructor" }) => {
      const access = await getLessonForViewer({ user: viewer, stageId: "basics", lessonId: "vectors", db: t.db.db });
      return access.kind === "ok" ? access.ended : access.kind;
    };
    expect(await lessonFor({ id, role: "student" })).toBe(true);
    expect(await lessonFor({ id: await t.userId("still-enrolled@example.com"), role: "student" })).toBe(false);
    expect(await lessonFor({ id, role: "instructor" })).toBe(false);

    await act(changeEnrolmentAction, admin, { courseId: COURSE, userId: id, to: "active" });
    expect(await act(markLessonCompleteAction, jar, { lessonId: "vectors" })).toMatchObject({ ok: true });
    expect(await lessonFor({ id, role: "student" })).toBe(false);
  });
});

describe("ending as of a day long past", () => {
  const daysAgo = (n: number) => new Date(Date.now() - n * 86400_000).toISOString().slice(0, 10);
  const NOTICE =
    "Their conversations will be deleted at the next nightly clean-up (02:00 UTC), because the end date is over 30 days ago.";

  it("says the conversations go at the next clean-up exactly when retention will take them", async () => {
    const emails = ["late-a@example.com", "late-b@example.com", "edge@example.com", "recent@example.com"];
    for (const e of emails) await t.as(e);
    const [a, b, edge, recent] = await Promise.all(emails.map((e) => t.userId(e)));
    await t.db.db.insert(chatThread).values(
      [a, b, edge, recent].map((userId, i) => ({
        id: `late-thread-${i}`,
        userId: userId as string,
        courseId: COURSE,
      })),
    );
    const end = (userId: string[], endedAt: string) =>
      act(changeEnrolmentAction, admin, { courseId: COURSE, userId, to: "completed", endedAt, via: "bulk" });

    expect(await end([a as string, b as string], daysAgo(31))).toMatchObject({
      ok: true,
      message: `Ended (completed): 2 enrolments. ${NOTICE}`,
    });
    expect(await end([recent as string], daysAgo(29))).toMatchObject({
      ok: true,
      message: "Ended (completed): 1 enrolment.",
    });
    // Midnight UTC 30 days ago: whether that is "over 30 days" is retention's call, and the message follows it.
    const atEdge = await end([edge as string], daysAgo(30));
    const due = new Map(
      (await previewRetention({ db: t.db.db, logDays: 400 })).enrolments.map((e) => [e.email, e.due]),
    );
    expect([due.get("late-a@example.com"), due.get("late-b@example.com"), due.get("recent@example.com")]).toEqual([
      true,
      true,
      false,
    ]);
    expect(atEdge?.message?.includes(NOTICE)).toBe(due.get("edge@example.com"));
  });
});

describe("learners without an enrolment row on the page", () => {
  it("a student with no row previews as active and is ended (the row recorded); staff are left alone", async () => {
    await t.as("norow@example.com");
    const learner = await t.userId("norow@example.com");
    await t.db.db.delete(enrollment).where(eq(enrollment.userId, learner));
    await t.as("teacher@example.com");
    const staff = await t.userId("teacher@example.com");
    await t.db.db.delete(enrollment).where(eq(enrollment.userId, staff));
    await t.db.db.update(user).set({ role: "instructor" }).where(eq(user.id, staff));

    const preview = await act(previewEmailListAction, admin, {
      courseId: COURSE,
      list: "norow@example.com\nteacher@example.com",
    });
    const match = preview?.ok ? preview.data : null;
    expect(match?.matched.map((m) => [m.email, m.status])).toEqual([
      ["norow@example.com", "active"],
      ["teacher@example.com", null],
    ]);
    const ended = await act(changeEnrolmentAction, admin, {
      courseId: COURSE,
      userId: [learner, staff],
      to: "withdrawn",
      endedAt: "2026-11-20",
      via: "bulk",
    });
    expect(ended).toMatchObject({ ok: true, data: { changed: 1 } });
    expect(ended?.message).toContain("1 already ended or not enrolled, left as they were.");
    expect(await enrolmentOf(learner)).toMatchObject({
      status: "withdrawn",
      endedAt: new Date("2026-11-20T00:00:00Z"),
    });
    expect(await enrolmentOf(staff)).toBeUndefined();
    expect((await currentEnrolment({ user: { id: learner, role: "student" }, db: t.db.db }))?.status).toBe("withdrawn");
  });
});

describe("made a student through better-auth's admin endpoints", () => {
  it("is enrolled as a new student is, by /admin/set-role and /admin/update-user", async () => {
    const ctx = await t.auth.$context;
    const ids: string[] = [];
    for (const email of ["promoted-a@example.com", "promoted-b@example.com"]) {
      ids.push(
        (await ctx.internalAdapter.createUser({ email, name: "P", role: "instructor" }, { method: "admin" })).id,
      );
    }
    const [a, b] = ids as [string, string];
    expect((await call("/admin/set-role", { body: { userId: a, role: "student" }, jar: admin })).status).toBe(200);
    const update = await call("/admin/update-user", { body: { userId: b, data: { role: "student" } }, jar: admin });
    expect(update.status).toBe(200);
    expect(await enrolmentOf(a)).toMatchObject({ status: "active" });
    expect(await enrolmentOf(b)).toMatchObject({ status: "active" });
  });
});

describe("the admin's enrolment search", () => {
  it("matches the text as typed: an underscore or a percent sign is not a wildcard", async () => {
    await t.as("first_last@example.com");
    await t.as("firstxlast@example.com");
    const search = async (text: string) =>
      (
        await listEnrollmentsForAdmin({ db: t.db.db, filter: { courseId: COURSE, search: text }, limit: 50, offset: 0 })
      ).rows.map((r) => r.email);
    expect(await search("first_last")).toEqual(["first_last@example.com"]);
    expect(await search("%last")).toEqual([]);
    expect((await search("last@")).sort()).toEqual(["first_last@example.com", "firstxlast@example.com"]);
  });
});
