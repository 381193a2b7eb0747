import type { Db } from "@/db/client";
import { lastLessonPublish } from "@/db/queries/audit";
import { getStageById, insertNewLesson, type LessonRow, lockLesson } from "@/db/queries/content";
import { auditAdminAction } from "@/lib/auth/audit";
import type { Embedder } from "@/lib/rag/embeddings";
import { syncRetrievalIndex } from "@/lib/rag/ingest";
import type { QdrantConfig } from "@/lib/rag/qdrant";
import { lessonFrontMatter } from "./frontmatter";
import { lessonHtml } from "./lesson-html";
import { lessonVersion } from "./lesson-version";
import { extractHeadings, parseMarkdown } from "./markdown";
import { rechunkLesson, saveLesson } from "./seed";
import { parseSource, SourceError } from "./source";
import { overlongWord } from "./word-length";

/** Why a publish was refused: the error code the editor's form shows it with. */
export type PublishRefusal = "instructor:invalid_lesson" | "instructor:lesson_changed" | "instructor:lesson_id_taken";

export type PublishResult =
  | {
      ok: true;
      lessonId: string;
      stageId: string;
      /** The new version (lesson-version.ts): the editor's base for its next publish. */
      version: string;
      created: boolean;
      /**
       * Set when the lesson was published but the optional search index (embeddings, Qdrant)
       * could not be updated: what the instructor is told, in full.
       */
      indexWarning?: string;
    }
  | { ok: false; code: PublishRefusal; error: string };

/** Who publishes: the audit entry is theirs. */
export interface Publisher {
  id: string;
  email: string;
}

const invalid = (error: string): PublishResult => ({ ok: false, code: "instructor:invalid_lesson", error });

/**
 * Publishes a lesson written in the app (front matter + markdown, as in content/): validates it,
 * stores it as edited in the app (so a later seed never overwrites it silently), re-chunks it
 * and re-indexes it for retrieval at once. The `lesson_publish` audit entry is written as soon
 * as the lesson is saved (never the lesson text).
 *
 * Two people never overwrite each other: an edit is saved only if the stored lesson still has
 * the version the editor was opened from (compared under a row lock, in the saving
 * transaction), and a new lesson only if its id is still free when it is inserted.
 */
export async function publishLesson({
  db,
  source,
  existingId,
  baseVersion,
  actor,
  embedder = null,
  qdrant,
}: {
  db: Db;
  source: string;
  /** Set when editing: the id cannot change. Unset when creating: the id must be new. */
  existingId?: string;
  /** When editing: the version (lesson-version.ts) of the lesson the editor was opened with. */
  baseVersion?: string;
  actor: Publisher;
  embedder?: Embedder | null;
  qdrant?: QdrantConfig;
}): Promise<PublishResult> {
  let parsed: ReturnType<typeof parseSource<typeof lessonFrontMatter>>;
  try {
    parsed = parseSource(source, lessonFrontMatter);
  } catch (err) {
    if (err instanceof SourceError) return invalid(err.message);
    throw err;
  }
  const { data, body } = parsed;
  if (!body) return invalid("The lesson has no text below the front matter.");
  const unindexable = overlongWord({ ...data, body });
  if (unindexable) return invalid(unindexable);
  const stage = await getStageById({ db, stageId: data.stage });
  if (!stage) return invalid(`front matter field "stage": there is no stage "${data.stage}"`);
  if (existingId && data.id !== existingId)
    return invalid(`front matter field "id": a lesson's id cannot change (it is "${existingId}")`);
  if (existingId && !baseVersion) return { ok: false, code: "instructor:lesson_changed", error: REFRESH };

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
    sourcePath: null as string | null,
    sourceHash: null as string | null,
    editedInApp: true,
  };
  const saved = await db.transaction(async (tx): Promise<Saved> => {
    if (existingId) {
      const current = await lockLesson({ db: tx, lessonId: existingId });
      if (!current || lessonVersion(current) !== baseVersion) return { kind: "changed", current };
      await saveLesson(tx, { ...row, sourcePath: current.sourcePath, sourceHash: current.sourceHash });
      return { kind: "saved", previous: current };
    }
    if (!(await insertNewLesson({ db: tx, row }))) return { kind: "taken" };
    await rechunkLesson(tx, row);
    return { kind: "saved", previous: undefined };
  });
  if (saved.kind === "taken")
    return {
      ok: false,
      code: "instructor:lesson_id_taken",
      error: `front matter field "id": "${row.id}" is already used by another lesson. Your text is still in the editor: choose another id.`,
    };
  if (saved.kind === "changed")
    return { ok: false, code: "instructor:lesson_changed", error: await changedMessage(db, saved.current) };

  const { previous } = saved;
  const version = lessonVersion(row);
  await auditAdminAction(db, actor, "lesson_publish", {
    lessonId: row.id,
    change: previous ? "edited" : "created",
    stageId: row.stageId,
    ...(previous && previous.stageId !== row.stageId ? { previousStageId: previous.stageId } : {}),
    version,
  });
  const indexWarning = await updateSearchIndex({ db, embedder, qdrant, lessonId: row.id });
  // Render the new version now, in this process, rather than on the first learner's request.
  lessonHtml(row.body);
  return {
    ok: true,
    lessonId: row.id,
    stageId: row.stageId,
    version,
    created: !previous,
    ...(indexWarning ? { indexWarning } : {}),
  };
}

/**
 * Embeds the saved lesson (pgvector) or rebuilds the Qdrant collections. The lesson is already
 * published, so a failure here (the embedding API down, say) is logged and described, not
 * thrown: what the tutor's search then has is said as it is.
 */
async function updateSearchIndex({
  db,
  embedder,
  qdrant,
  lessonId,
}: {
  db: Db;
  embedder: Embedder | null;
  qdrant?: QdrantConfig;
  lessonId: string;
}): Promise<string | undefined> {
  let embedding: unknown = null;
  const watched: Embedder | null = embedder && {
    name: embedder.name,
    embed: (texts) =>
      embedder.embed(texts).catch((err: unknown) => {
        embedding = err;
        throw err;
      }),
  };
  try {
    await syncRetrievalIndex({ db, embedder: watched, qdrant, lessonIds: [lessonId] });
    return undefined;
  } catch (err) {
    console.error(`[publish] lesson "${lessonId}" is published, but its search index was not updated:`, err);
    const status = httpStatus(err);
    const reason = embedding
      ? `the embedding service failed${status ? ` with HTTP ${status}` : ""}`
      : qdrant
        ? `Qdrant failed${status ? ` with HTTP ${status}` : ""}`
        : "the embeddings could not be stored";
    // Publishing replaced the lesson's passages, and their embeddings went with them (cascade);
    // Qdrant is rebuilt whole and only after every embedding is in hand.
    const meanwhile = !qdrant
      ? "the tutor finds this lesson's new text by keyword search only (its previous embeddings were removed with the old text)"
      : embedding
        ? "the tutor's search keeps the index it had, with this lesson's previous text (or without the lesson, if it is new)"
        : "the tutor's search for this course may be incomplete";
    return `Published. The tutor's search index could not be updated (${reason}); until \`content:reindex\` runs or you publish again, ${meanwhile}.`;
  }
}

/** An HTTP status on the error or what it wraps (the AI SDK's retry error keeps the last attempt's). */
function httpStatus(err: unknown): number | undefined {
  for (let e = err as Record<string, unknown> | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.statusCode === "number") return e.statusCode;
    if (typeof e.status === "number") return e.status;
    e = (e.lastError ?? e.cause) as Record<string, unknown> | undefined;
  }
  return undefined;
}

type Saved =
  | { kind: "saved"; previous: LessonRow | undefined }
  | { kind: "changed"; current: LessonRow | undefined }
  | { kind: "taken" };

const KEPT = "Your text is still in the editor: copy it, reload, and apply your changes again.";
const REFRESH = `This editor page does not say which version of the lesson it was opened with. ${KEPT}`;

/** Who changed the lesson and when, as far as the audit log knows (a seed leaves no entry). */
async function changedMessage(db: Db, current: LessonRow | undefined): Promise<string> {
  if (!current) return `This lesson was deleted since you opened it. ${KEPT}`;
  const at = `${current.updatedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const last = await lastLessonPublish({ db, lessonId: current.id });
  const byThem = last?.details.version === lessonVersion(current);
  const who = byThem ? [last.name, last.email && `(${last.email})`].filter(Boolean).join(" ") : "";
  return `This lesson was changed ${who ? `by ${who} ` : ""}at ${at} since you opened it. ${KEPT}`;
}
