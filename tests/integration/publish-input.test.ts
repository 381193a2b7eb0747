import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishLessonAction } from "@/app/(instructor)/instructor/actions";
import { lesson, user } from "@/db/schema";
import { stageFrontMatter } from "@/lib/content/frontmatter";
import { publishLesson } from "@/lib/content/publish";
import { parseSource } from "@/lib/content/source";
import type { CookieJar } from "../support/auth";
import { type ChatkitTest, setupChatkit } from "../support/chatkit";
import { asRequest, form } from "../support/next-request";

/**
 * Lesson sources that pass the form's checks but that the database cannot store as they are:
 * each must be refused as an invalid lesson, naming what is wrong, never a server error.
 */
let t: ChatkitTest;
let instructor: CookieJar;
beforeAll(async () => {
  t = await setupChatkit();
  instructor = await t.as("teacher@example.com");
  await t.db.db.update(user).set({ role: "instructor" }).where(eq(user.email, "teacher@example.com"));
});
afterAll(() => t.close());

/** A new lesson's source with these front-matter lines (YAML, written as an author would). */
const source = (lines: Record<string, string>, body = "## Notes\n\nSome text.") => {
  const fields = {
    id: "input-check",
    title: "Input check",
    stage: "basics",
    order: "3",
    summary: "A summary.",
    ...lines,
  };
  const yaml = Object.entries(fields).map(([key, value]) => `${key}: ${value}`);
  return `---\n${yaml.join("\n")}\nobjectives:\n  - Check input\n---\n\n${body}\n`;
};

const publish = (text: string, extra: Record<string, string> = {}) => {
  asRequest(instructor);
  return publishLessonAction(null, form({ source: text, ...extra }));
};

describe("publishing refuses what the database cannot store, as an invalid lesson", () => {
  it("refuses an order outside the integer range", async () => {
    for (const order of ["2147483648", "99999999999", "1e300"]) {
      const result = await publish(source({ order }));
      expect(result, order).toMatchObject({ ok: false, code: "instructor:invalid_lesson" });
      expect(result?.ok === false && result.message, order).toMatch(/field "order": .*2147483647/);
    }
    expect(await publish(source({ order: "2147483647", id: "last-in-line" }))).toMatchObject({ ok: true });
  });

  it("refuses a NUL or an unpaired surrogate written as a YAML escape, naming the field", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ title: '"a\\0b"' }, "title"],
      [{ summary: '"x\\x00y"' }, "summary"],
      [{ title: '"a\\ud800b"' }, "title"],
      [{ summary: '"\\udc00"' }, "summary"],
      [{ extra: '"ok\\0"' }, "extra"],
    ];
    for (const [lines, field] of cases) {
      const result = await publish(source(lines));
      expect(result, field).toMatchObject({ ok: false, code: "instructor:invalid_lesson" });
      expect(result?.ok === false && result.message, field).toMatch(
        new RegExp(`field "${field}": .*(NUL|unpaired surrogate)`),
      );
    }
    const nested = await publish(source({}).replace("  - Check input", '  - "fine"\n  - "bad\\0"'));
    expect(nested).toMatchObject({ ok: false, code: "instructor:invalid_lesson" });
    expect(nested?.ok === false && nested.message).toMatch(/field "objectives\.1": .*NUL/);
    expect(await t.db.db.select().from(lesson).where(eq(lesson.id, "input-check"))).toEqual([]);
  });

  it("refuses a NUL or an unpaired surrogate in the body (a lesson published from code or a file)", async () => {
    for (const body of ["## Notes\n\nNUL \u0000 here.", "## Notes\n\nHalf \ud83d of an emoji."]) {
      const result = await publishLesson({
        db: t.db.db,
        actor: { id: "x", email: "x@example.test" },
        source: source({}, body),
      });
      expect(result).toMatchObject({ ok: false, code: "instructor:invalid_lesson" });
      expect(result.ok === false && result.error).toMatch(/text below the front matter .*(NUL|unpaired surrogate)/);
    }
  });

  it("refuses a word too long to index, naming the limit; a long word under it is published", async () => {
    const result = await publish(source({}, `## Notes\n\nStart ${"a".repeat(199_800)} end.`));
    expect(result).toMatchObject({ ok: false, code: "instructor:invalid_lesson" });
    expect(result?.ok === false && result.message).toMatch(/199,800 characters.*at most 1,000/);
    // Two long words side by side are indexed as a pair too: still within what Postgres takes.
    const long = `${"b".repeat(1000)} ${"c".repeat(1000)}`;
    expect(await publish(source({ id: "long-words" }, `## Notes\n\n${long}`))).toMatchObject({ ok: true });
    const inTitle = await publish(source({ id: "long-title", title: "d".repeat(200) }, "## N\n\nText."));
    expect(inTitle).toMatchObject({ ok: true });
  });
});

describe("content files follow the same rules", () => {
  it("refuses a stage order beyond the integer range and a NUL in a stage's title", () => {
    const stage = (lines: string) => `---\nid: s\ntitle: S\nsummary: X\n${lines}\n---\n`;
    expect(() => parseSource(stage("order: 2147483648"), stageFrontMatter)).toThrow(/field "order"/);
    expect(() => parseSource(stage('order: 1\nnote: "\\0"'), stageFrontMatter)).toThrow(/field "note"/);
    expect(parseSource(stage("order: 2147483647"), stageFrontMatter).data.order).toBe(2147483647);
  });
});
