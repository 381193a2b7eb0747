import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/lessons/[lessonId]/html/route";
import { seedFromDir } from "@/lib/content/seed";
import { type AuthTestContext, BASE_URL, type CookieJar, createTestAuth, signUpVerified } from "../support/auth";
import { fixtureCourseDir } from "../support/fixtures";

/**
 * GET /api/lessons/:id/html through its route handler: what it answers for a learner (the
 * rendering itself is tested in tests/unit/lesson-fetch.test.ts and the lesson page end to end).
 */
let ctx: AuthTestContext;
let jar: CookieJar;
beforeAll(async () => {
  ctx = await createTestAuth();
  await seedFromDir({ db: ctx.db.db, dir: fixtureCourseDir });
  jar = await signUpVerified(ctx, { email: "reader@example.com" });
});
afterAll(() => ctx.close());

const get = (lessonId: string, search = "", cookie = jar.header()) =>
  GET(new Request(`${BASE_URL}/api/lessons/${encodeURIComponent(lessonId)}/html${search}`, { headers: { cookie } }), {
    params: Promise.resolve({ lessonId }),
  });

async function errorOf(res: Response) {
  return { status: res.status, cacheControl: res.headers.get("cache-control"), code: (await res.json()).error?.code };
}

describe("GET /api/lessons/:id/html", () => {
  it("answers an unknown, malformed or over-long lesson id or version as 404 learn:not_found, uncached", async () => {
    const notFound = { status: 404, cacheControl: "no-store", code: "learn:not_found" };
    expect(await errorOf(await get("no-such-lesson"))).toEqual(notFound);
    expect(await errorOf(await get(""))).toEqual(notFound);
    expect(await errorOf(await get("x".repeat(201)))).toEqual(notFound);
    // Text Postgres cannot store was a 500 from the lookup.
    expect(await errorOf(await get("\u0000"))).toEqual(notFound);
    expect(await errorOf(await get("intro\u0000x"))).toEqual(notFound);
    expect(await errorOf(await get("no-such-lesson", `?v=${"0".repeat(65)}`))).toEqual(notFound);
  });

  it("answers a caller without a session 401 auth:unauthenticated", async () => {
    expect(await errorOf(await get("no-such-lesson", "", ""))).toEqual({
      status: 401,
      cacheControl: "no-store",
      code: "auth:unauthenticated",
    });
  });
});
