import { z } from "zod";
import { getDb } from "@/db/client";
import { apiRoute, NO_STORE } from "@/lib/api/api-route";
import { requireApiUser } from "@/lib/auth/session";
import { getReadableLesson } from "@/lib/content/access";
import { slug } from "@/lib/content/frontmatter";
import { lessonHtml } from "@/lib/content/lesson-html";
import { AppError, toErrorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

// A lesson id is a slug (lib/content/frontmatter.ts); anything else names no lesson.
const params = z.object({ lessonId: slug });
const query = z.object({ v: z.string().max(64).optional() });

/**
 * GET /api/lessons/:id/html?v=<version>: a lesson's rendered HTML, for a lesson page reached by
 * client-side navigation (a full page load has it in the document already). Only for a learner
 * who may read the lesson. The answer for the current version never changes, so the browser
 * may keep it; another version gets the current one, uncached.
 */
export const GET = apiRoute(
  async (request: Request, context: { params: Promise<{ lessonId: string }> }) => {
    const user = await requireApiUser(request);
    const { lessonId } = params.parse(await context.params);
    const { v } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
    const access = await getReadableLesson({ user, lessonId, db: await getDb() });
    if (access.kind === "not-found") throw new AppError("learn:not_found");
    if (access.kind === "locked") throw new AppError("learn:locked");
    const { version, html } = lessonHtml(access.lesson.body);
    return Response.json(
      { lessonId, version, html },
      { headers: v === version ? { "Cache-Control": "private, max-age=31536000, immutable" } : NO_STORE },
    );
  },
  // A malformed id or version names no lesson.
  (err, headers) => toErrorResponse(err instanceof z.ZodError ? new AppError("learn:not_found") : err, headers),
);
