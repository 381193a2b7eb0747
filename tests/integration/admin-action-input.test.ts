import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeEnrolmentAction, previewEmailListAction } from "@/app/(admin)/admin/enrolments/actions";
import { rollbackRun } from "@/app/(admin)/admin/import/actions";
import { tutorLimitAction } from "@/app/(admin)/admin/users/[userId]/actions";
import { enrollment, tutorLimit, user } from "@/db/schema";
import type { CookieJar } from "../support/auth";
import { type ChatkitTest, setupChatkit } from "../support/chatkit";
import { asRequest, form } from "../support/next-request";

/**
 * Admin actions given input their pages never send (an unknown course, numbers written some
 * other way or beyond the database's range): each answers a clear refusal, never a server error
 * and never a made-up success.
 */
let t: ChatkitTest;
let admin: CookieJar;
let learner: string;
beforeAll(async () => {
  t = await setupChatkit();
  admin = await t.as("chief@example.com");
  await t.db.db.update(user).set({ role: "admin" }).where(eq(user.email, "chief@example.com"));
  await t.as("pupil@example.com");
  learner = await t.userId("pupil@example.com");
});
afterAll(() => t.close());

async function act<T>(action: (prev: null, data: FormData) => Promise<T>, fields: Record<string, string>) {
  asRequest(admin);
  return action(null, form(fields));
}

const NO_COURSE = { ok: false, code: "admin:not_found", message: expect.stringMatching(/no course "nope"/) };

describe("enrolments in a course that does not exist", () => {
  it("changing one is refused as not found, and nothing is written", async () => {
    for (const to of ["completed", "withdrawn", "active"]) {
      expect(await act(changeEnrolmentAction, { courseId: "nope", userId: learner, to }), to).toEqual(NO_COURSE);
    }
    expect(await t.db.db.select().from(enrollment).where(eq(enrollment.courseId, "nope"))).toEqual([]);
  });

  it("previewing a list for it is refused as not found, not shown as active learners", async () => {
    expect(await act(previewEmailListAction, { courseId: "nope", list: "pupil@example.com" })).toEqual(NO_COURSE);
    expect(await act(previewEmailListAction, { courseId: "fixture-course", list: "pupil@example.com" })).toMatchObject({
      ok: true,
      data: { matched: [{ userId: learner, status: "active" }] },
    });
  });
});

describe("rolling back an import run by id", () => {
  it("refuses an id that is not a run id (beyond the integer range, not digits) without a server error", async () => {
    for (const runId of ["99999999999", "2147483648", "0", "-1", "1e3", "0x10", " ", "1.5"]) {
      const result = await act(rollbackRun, { runId });
      expect(result, runId).toMatchObject({ ok: false, code: "action:invalid" });
      expect(result?.ok === false && result.message, runId).toMatch(/no such import run/);
    }
    expect(await act(rollbackRun, { runId: "2147483647" })).toMatchObject({ ok: false, code: "import:not_found" });
  });
});

describe("a learner's daily tutor limit", () => {
  const setLimit = (dailyLimit: string) => act(tutorLimitAction, { intent: "set", userId: learner, dailyLimit });
  const stored = async () =>
    (await t.db.db.select().from(tutorLimit).where(eq(tutorLimit.userId, learner)))[0]?.dailyLimit;

  it("takes plain digits only: a blank, hex or exponent is refused, not read as a number", async () => {
    expect(await setLimit(" ")).toEqual({
      ok: false,
      code: "action:invalid",
      message: "Enter the daily limit: a whole number from 0 to 1000.",
    });
    for (const dailyLimit of ["0x10", "1e3", "1e1", "+5", "-1", "5.0", "Infinity"]) {
      const result = await setLimit(dailyLimit);
      expect(result, dailyLimit).toMatchObject({ ok: false, code: "action:invalid" });
      expect(result?.ok === false && result.message, dailyLimit).toMatch(/digits only/);
    }
    expect(await setLimit("1001")).toEqual({ ok: false, code: "action:invalid", message: "At most 1000 a day." });
    expect(await setLimit("99999999999999999999999")).toMatchObject({ ok: false, message: "At most 1000 a day." });
    expect(await stored()).toBeUndefined();
  });

  it("stores 0, 1000 and a number with spaces around it", async () => {
    expect(await setLimit("0")).toMatchObject({ ok: true });
    expect(await stored()).toBe(0);
    expect(await setLimit("1000")).toMatchObject({ ok: true });
    expect(await stored()).toBe(1000);
    expect(await setLimit(" 16 ")).toMatchObject({ ok: true });
    expect(await stored()).toBe(16);
  });
});
