import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertCourse } from "@/db/queries/content";
import { similarLexemes } from "@/db/queries/retrieval";
import { rowsOf } from "@/db/rows";
import { course } from "@/db/schema";
import { publishLesson } from "@/lib/content/publish";
import { seedFromDir } from "@/lib/content/seed";
import { toSource } from "@/lib/content/source";
import { courseIndex, similarTerms, termStats } from "@/lib/rag/course-index";
import { postgresRetriever } from "@/lib/rag/postgres";
import { resolveScope } from "@/lib/tutor/page-context";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { copyFixtureCourse } from "../support/fixtures";
import { openedVersion } from "../support/lesson-version";

/**
 * Retrieval keeps the glossary and term statistics per course index version
 * (lib/rag/course-index.ts). These check that the kept figures are the ones a direct count
 * gives, and that a publish — in this process or, through the version, in any other — is seen
 * by the very next question.
 */
let t: TestDatabase;
const COURSE = "fixture-course";
const instructor = { id: "instructor", email: "instructor@example.test" };
beforeAll(async () => {
  t = await createTestDatabase();
  await seedFromDir({ db: t.db, dir: await copyFixtureCourse() });
});
afterAll(() => t.close());

/** The direct count: passages in scope whose search document matches the lexeme. */
async function countedDf(stageIds: string[], lexemes: string[]) {
  const result = await t.db.execute(sql`
    select l.lexeme, (select count(*) from lesson_chunk c
                      where c.course_id = ${COURSE} and c.stage_id = any(${sql.param(stageIds)}::text[])
                        and c.tsv @@ quote_literal(l.lexeme)::tsquery)::int as df
    from unnest(${sql.param(lexemes)}::text[]) as l(lexeme)`);
  const rows = rowsOf<{ lexeme: string; df: number }>(result);
  return new Map(rows.map((r) => [r.lexeme, Number(r.df)]));
}

async function stageIds() {
  const result = await t.db.execute(sql`select id from stage where course_id = ${COURSE} order by position`);
  return rowsOf<{ id: string }>(result).map((r) => r.id);
}

const frames = (body: string) =>
  toSource(
    { id: "frames", title: "Frames", stage: "basics", order: 2, summary: "Frames.", objectives: ["Describe a frame"] },
    body,
  );

describe("retrieval's kept term statistics", () => {
  it("equal a direct count, for every lexeme of every scope", async () => {
    const stages = await stageIds();
    expect(stages.length).toBeGreaterThan(1);
    for (let n = 1; n <= stages.length; n++) {
      const scope = stages.slice(0, n);
      const all = await t.db.execute(
        sql`select distinct unnest(tsvector_to_array(tsv)) as lexeme from lesson_chunk where course_id = ${COURSE} and stage_id = any(${sql.param(scope)}::text[])`,
      );
      const lexemes = [...rowsOf<{ lexeme: string }>(all).map((r) => r.lexeme), "notawordanywhere"];
      expect(lexemes.length).toBeGreaterThan(20);
      const index = await courseIndex(t.db, COURSE);
      const kept = await termStats(t.db, index, scope, lexemes);
      expect(kept.df).toEqual(await countedDf(scope, lexemes));
      const [{ total } = { total: -1 }] = (
        (await t.db.execute(
          sql`select count(*)::int as total from lesson_chunk where course_id = ${COURSE} and stage_id = any(${sql.param(scope)}::text[])`,
        )) as unknown as { rows: { total: number }[] }
      ).rows;
      expect(kept.total).toBe(total);
    }
  });

  it("a lesson published after the figures were kept is found by the next question", async () => {
    const search = (query: string) =>
      postgresRetriever(t.db).search({ query, courseId: COURSE, stageIds: ["basics"], limit: 3 });
    const before = await courseIndex(t.db, COURSE);
    // Warm: the word is unknown, so the kept statistics say no passage contains it.
    expect(await search("xylophonic walrus")).toEqual([]);
    const published = await publishLesson({
      db: t.db,
      actor: instructor,
      existingId: "frames",
      baseVersion: await openedVersion(t.db, "frames"),
      source: frames("## Frames\n\nAn origin plus three axes.\n\n## Music\n\nThe xylophonic walrus plays."),
    });
    expect(published.ok).toBe(true);
    expect((await courseIndex(t.db, COURSE)).version).not.toBe(before.version);
    expect((await search("xylophonic walrus"))[0]).toMatchObject({ lessonId: "frames", heading: "Music" });
  });

  it("a glossary change, or a version raised by another process, replaces what was kept", async () => {
    const before = await courseIndex(t.db, COURSE);
    const [row] = await t.db.select().from(course).where(eq(course.id, COURSE));
    if (!row) throw new Error("no course");
    const glossary = [...before.glossary, { terms: ["walrus gait"], aliases: ["walrus walk"] }];
    await upsertCourse({ db: t.db, row: { ...row, glossary } as typeof row });
    const after = await courseIndex(t.db, COURSE);
    expect(after.version).not.toBe(before.version);
    expect(after.glossary).toEqual(glossary);
    // The same glossary again changes nothing.
    await upsertCourse({ db: t.db, row: { ...row, glossary } as typeof row });
    expect((await courseIndex(t.db, COURSE)).version).toBe(after.version);
    // Another process publishing: only the version (and the rows) change under this one.
    expect((await termStats(t.db, after, ["basics"], ["otherprocessword"])).df.get("otherprocessword")).toBe(0);
    await t.db.execute(
      sql`update lesson_chunk set tsv = tsv || 'otherprocessword'::tsvector where lesson_id = 'frames'`,
    );
    const stale = await termStats(t.db, after, ["basics"], ["otherprocessword"]);
    expect(stale.df.get("otherprocessword")).toBe(0);
    await t.db.execute(sql`update course set index_version = gen_random_uuid() where id = ${COURSE}`);
    const fresh = await termStats(t.db, await courseIndex(t.db, COURSE), ["basics"], ["otherprocessword"]);
    expect(fresh.df.get("otherprocessword")).toBeGreaterThan(0);
  });

  it("the tutor's scope reads the current version with the lesson, and the search uses it as given", async () => {
    const learner = { id: "index-reader", role: "student" as const };
    const scope = () => resolveScope({ db: t.db, user: learner, lessonId: "vectors" });
    const current = await courseIndex(t.db, COURSE);
    expect((await scope())?.indexVersion).toBe(current.version);
    await t.db.execute(sql`update course set index_version = gen_random_uuid() where id = ${COURSE}`);
    const next = (await scope())?.indexVersion;
    expect(next).not.toBe(current.version);
    expect(next).toBe((await courseIndex(t.db, COURSE)).version);
    // Given a version, the search takes it as read (no statement of its own for it).
    expect((await courseIndex(t.db, COURSE, current.version)).version).toBe(current.version);
  });

  it("typo proposals are a direct lookup's, per scope, kept until the version changes", async () => {
    const options = { minSimilarity: 0.3, perWord: 6 };
    const sorted = (rows: { word: string; lexeme: string; similarity: number }[]) =>
      rows.map((r) => `${r.word}>${r.lexeme}`).sort();
    const direct = (stageIds: string[], words: string[]) =>
      similarLexemes({ db: t.db, courseId: COURSE, stageIds, words, ...options });
    const index = await courseIndex(t.db, COURSE);
    const words = ["velocty", "vectr", "framez"];
    for (const scope of [["basics"], ["basics", "motion"]]) {
      const kept = await similarTerms(t.db, index, scope, words, options);
      expect(sorted(kept)).toEqual(sorted(await direct(scope, words)));
      // Asked again, in another order and with a repeat, the answer is the same.
      const again = await similarTerms(t.db, index, [...scope].reverse(), [...words, "vectr"].reverse(), options);
      expect(sorted(again)).toEqual(sorted(kept));
    }
    // A locked stage's terms are never proposed: "velocity" is only in the motion stage.
    const locked = await similarTerms(t.db, index, ["basics"], ["velocty"], options);
    const open = await similarTerms(t.db, index, ["basics", "motion"], ["velocty"], options);
    expect(locked.map((r) => r.lexeme)).not.toContain("veloc");
    expect(open.map((r) => r.lexeme)).toContain("veloc");

    // A term another process adds is proposed once the course's version says so.
    expect(await similarTerms(t.db, index, ["basics"], ["quaterniom"], options)).toEqual([]);
    await t.db.execute(
      sql`insert into lesson_term (lesson_id, stage_id, course_id, lexeme) values ('frames', 'basics', ${COURSE}, 'quaternion')`,
    );
    expect((await direct(["basics"], ["quaterniom"])).map((r) => r.lexeme)).toEqual(["quaternion"]);
    expect(await similarTerms(t.db, index, ["basics"], ["quaterniom"], options)).toEqual([]);
    await t.db.execute(sql`update course set index_version = gen_random_uuid() where id = ${COURSE}`);
    const fresh = await similarTerms(t.db, await courseIndex(t.db, COURSE), ["basics"], ["quaterniom"], options);
    expect(fresh.map((r) => r.lexeme)).toEqual(["quaternion"]);
  });
});
