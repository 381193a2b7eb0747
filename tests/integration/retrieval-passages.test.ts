import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { rowsOf } from "@/db/rows";
import { defaultContentDir, loadCourse } from "@/lib/content/load";
import { seedCourse } from "@/lib/content/seed";
import { courseIndex, scopePassages } from "@/lib/rag/course-index";
import { LEXICAL } from "@/lib/rag/lexical";
import { postgresRetriever } from "@/lib/rag/postgres";
import { postingsOf, scorePassages, type WeightedTerm } from "@/lib/rag/ts-rank";
import { createTestDatabase, type TestDatabase } from "../support/db";

/**
 * The lesson search scores passages in the process (lib/rag/ts-rank.ts) from the postings it
 * keeps per stage and index version. These hold it to what Postgres computes: the postings to
 * `unnest(tsv)`, and every search to the SQL the search used to run (`ts_rank` summed per
 * term, best first), on the shipped course, for many term sets on every scope.
 */
let t: TestDatabase;
let courseId: string;
let stages: string[];
beforeAll(async () => {
  t = await createTestDatabase();
  const course = await loadCourse(defaultContentDir());
  await seedCourse({ db: t.db, course });
  courseId = course.id;
  const result = await t.db.execute(sql`select id from stage where course_id = ${courseId} order by position`);
  stages = rowsOf<{ id: string }>(result).map((r) => r.id);
});
afterAll(() => t.close());

/** The statement the search ran in SQL before it was scored in the process. */
async function sqlSearch(stageIds: string[], terms: WeightedTerm[], limit: number) {
  const result = await t.db.execute(sql`
    with q as (
      select quote_literal(t.lexeme)::tsquery as tq, t.weight, t.core
      from unnest(${sql.param(terms.map((x) => x.lexeme))}::text[], ${sql.param(terms.map((x) => x.weight))}::float8[],
                  ${sql.param(terms.map((x) => x.core))}::boolean[]) as t(lexeme, weight, core)
    )
    select c.id as "chunkId", sum(q.weight * ts_rank(${sql.param(LEXICAL.fieldWeights)}::float4[], c.tsv, q.tq, 0))::float8 as score,
           coalesce(sum(q.weight) filter (where q.core), 0)::float8 as matched
    from lesson_chunk c join q on c.tsv @@ q.tq
    where c.course_id = ${courseId} and c.stage_id = any(${sql.param(stageIds)}::text[])
    group by c.id
    order by score desc, c.id collate "C"
    limit ${limit}`);
  return rowsOf<{ chunkId: string; score: number; matched: number }>(result).map((r) => ({
    chunkId: r.chunkId,
    score: Number(r.score),
    matched: Number(r.matched),
  }));
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe("the lesson search scored in the process", () => {
  it("reads each passage's postings as Postgres stores them, escapes included", async () => {
    const result = await t.db.execute(sql`
      select d::text as tsv, (select json_agg(json_build_array(u.lexeme, u.weights)) from unnest(d) u) as entries
      from (values ($$'it''s':3A,1 'back\\slash':2B 'bare' 'frame':1,7C,9$$::tsvector),
                   ((select tsv from lesson_chunk order by id limit 1))) as v(d)`);
    const rows = rowsOf<{ tsv: string; entries: [string, string[] | null][] }>(result);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const expected = new Map(
        row.entries.map(([lexeme, weights]) => [
          lexeme,
          (weights ?? []).map((w) => ({ A: "3", B: "2", C: "1", D: "0" })[w] ?? "?").join("") || "0",
        ]),
      );
      expect(postingsOf(row.tsv)).toEqual(expected);
    }
    expect(postingsOf(rows[0]?.tsv ?? "").get("it's")).toBe("03");
  });

  it("ranks and scores as the SQL did, for random term sets on every scope", async () => {
    const next = random(20261201);
    const index = await courseIndex(t.db, courseId);
    let compared = 0;
    for (let n = 1; n <= stages.length; n++) {
      const scope = stages.slice(0, n);
      const lexemeRows = await t.db.execute(
        sql`select distinct unnest(tsvector_to_array(tsv)) as lexeme from lesson_chunk where course_id = ${courseId} and stage_id = any(${sql.param(scope)}::text[]) order by 1`,
      );
      const lexemes = rowsOf<{ lexeme: string }>(lexemeRows).map((r) => r.lexeme);
      expect(lexemes.some((l) => l.includes("_"))).toBe(true); // bigrams are among them
      const passages = await scopePassages(t.db, index, scope);
      for (let k = 0; k < 25; k++) {
        const size = 1 + Math.floor(next() * 12);
        const terms: WeightedTerm[] = Array.from({ length: size }, () => ({
          lexeme: lexemes[Math.floor(next() * lexemes.length)] ?? "",
          weight: 0.05 + next() * 2,
          core: next() < 0.6,
        }));
        if (k % 5 === 0) terms.push({ lexeme: "notawordanywhere", weight: 1, core: true });
        const limit = k % 3 === 0 ? 5 : LEXICAL.pool;
        const expected = await sqlSearch(scope, terms, limit);
        const got = scorePassages(passages, terms, LEXICAL.fieldWeights, limit);
        expect(got.map((p) => p.chunkId)).toEqual(expected.map((p) => p.chunkId));
        for (const [i, p] of got.entries()) {
          expect(p.score).toBeCloseTo(expected[i]?.score ?? Number.NaN, 9);
          expect(p.matched).toBeCloseTo(expected[i]?.matched ?? Number.NaN, 9);
        }
        compared += got.length;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it("searches without a statement once its stages are kept, and never from a stage outside the scope", async () => {
    const search = (query: string, stageIds: string[]) =>
      postgresRetriever(t.db).search({ query, courseId, stageIds, limit: 5 });
    const [first, second] = stages;
    if (!first || !second) throw new Error("the shipped course has at least two stages");
    // Both stages kept: the wider scope has been searched.
    expect(await search("jacobian of a two link arm", [first, second])).not.toEqual([]);
    const client = (t.db as unknown as { $client: { query: (...args: unknown[]) => Promise<unknown> } }).$client;
    const spy = vi.spyOn(client, "query");
    try {
      const narrow = await search("jacobian of a two link arm", [first]);
      const version = (await courseIndex(t.db, courseId)).version;
      spy.mockClear();
      const again = await postgresRetriever(t.db).search({
        query: "rotation matrix transpose",
        courseId,
        stageIds: [first],
        limit: 5,
        indexVersion: version,
      });
      expect(again.length).toBeGreaterThan(0);
      expect(spy).not.toHaveBeenCalled();
      expect(narrow.every((p) => p.stageId === first)).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });
});
