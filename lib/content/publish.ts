import type { Db } from "@/db/client";
import { getLessonById, getStageById } from "@/db/queries/content";
import { auditAdminAction } from "@/lib/auth/audit";
import type { Embedder } from "@/lib/rag/embeddings";
import { syncRetrievalIndex } from "@/lib/rag/ingest";
import type { QdrantConfig } from "@/lib/rag/qdrant";
import { lessonFrontMatter } from "./frontmatter";
import { lessonHtml } from "./lesson-html";
import { lessonVersion } from "./lesson-version";
import { extractHeadings, parseMarkdown } from "./markdown";
import { saveLesson } from "./seed";
import { parseSource, SourceError } from "./source";

export type PublishResult =
  | {
      ok: true;
      lessonId: string;
      stageId: string;
      /** The new version (lesson-version.ts): the editor's base for its next publish. */
      version: string;
      created: boolean;
    }
  | { ok: false; error: string };

/** Who publishes: the audit entry is theirs. */
export interface Publisher {
  id: string;
  email: string;
}

/**
 * Publishes a lesson written in the app (front matter + markdown, as in content/): validates it,
 * stores it as edited in the app (so a later seed never overwrites it silently), re-chunks it
 * and re-indexes it for retrieval at once. The `lesson_publish` audit entry is written as soon
 * as the lesson is saved (never the lesson text).
 */
export async function publishLesson({
  db,
  source,
  existingId,
  actor,
  embedder = null,
  qdrant,
}: {
  db: Db;
  source: string;
  /** Set when editing: the id cannot change. Unset when creating: the id must be new. */
  existingId?: string;
  actor: Publisher;
  embedder?: Embedder | null;
  qdrant?: QdrantConfig;
}): Promise<PublishResult> {
  let parsed: ReturnType<typeof parseSource<typeof lessonFrontMatter>>;
  try {
    parsed = parseSource(source, lessonFrontMatter);
  } catch (err) {
    if (err instanceof SourceError) return { ok: false, error: err.message };
    throw err;
  }
  const { data, body } = parsed;
  if (!body) return { ok: false, error: "The lesson has no text below the front matter." };
  const stage = await getStageById({ db, stageId: data.stage });
  if (!stage) return { ok: false, error: `front matter field "stage": there is no stage "${data.stage}"` };
  const existing = await getLessonById({ db, lessonId: data.id });
  if (existingId && data.id !== existingId)
    return { ok: false, error: `front matter field "id": a lesson's id cannot change (it is "${existingId}")` };
  if (!existingId && existing)
    return { ok: false, error: `front matter field "id": "${data.id}" is already used by another lesson` };

  const row = {
    id: data.id,
    courseId: stage.courseId,
    stageId: stage.id,
    position: data.order,
    title: data.title,
    summary: data.summary,
    objectives: data.objectives,
    body,
    headings: extractHeadings(parseMarkdown(body)),
    sourcePath: existing?.sourcePath ?? null,
    sourceHash: existing?.sourceHash ?? null,
    editedInApp: true,
  };
  await db.transaction((tx) => saveLesson(tx, row));
  const version = lessonVersion(row);
  await auditAdminAction(db, actor, "lesson_publish", {
    lessonId: row.id,
    change: existing ? "edited" : "created",
    stageId: row.stageId,
    ...(existing && existing.stageId !== row.stageId ? { previousStageId: existing.stageId } : {}),
    version,
  });
  await syncRetrievalIndex({ db, embedder, qdrant, lessonIds: [row.id] });
  // Render the new version now, in this process, rather than on the first learner's request.
  lessonHtml(row.body);
  return { ok: true, lessonId: row.id, stageId: row.stageId, version, created: !existing };
}
