import type { Db, Executor } from "@/db/client";
import {
  findLessonSource,
  lessonsIndexedBy,
  listLessons,
  replaceLessonChunks,
  upsertCourse,
  upsertLesson,
  upsertStage,
} from "@/db/queries/content";
import { enrolStudentsWithoutEnrolment } from "@/lib/enrolment/enrolment";
import { env } from "@/lib/env";
import { ANALYZER_VERSION, indexLesson } from "@/lib/rag/document";
import { embedderFromEnv } from "@/lib/rag/embeddings";
import { syncRetrievalIndex } from "@/lib/rag/ingest";
import { defaultContentDir, type LoadedCourse, type LoadedLesson, loadCourse } from "./load";

type LessonInsert = Parameters<typeof upsertLesson>[0]["row"];

export interface SeedReport {
  courseId: string;
  created: string[];
  updated: string[];
  unchanged: string[];
  /** Lessons whose file changed but which an instructor edited in the app: left as they are. */
  conflicts: string[];
  /** Unchanged lessons whose passages were rebuilt because the search analysis changed. */
  reindexed: string[];
}

/** Writes a lesson and re-chunks it for retrieval (the seed and the in-app editor both do). */
export async function saveLesson(db: Executor, row: LessonInsert) {
  await upsertLesson({ db, row });
  await rechunkLesson(db, row);
}

/** Rebuilds a lesson's retrieval chunks from its text (in the transaction that wrote the text). */
export async function rechunkLesson(db: Executor, row: LessonInsert) {
  await replaceLessonChunks({ db, row, ...indexLesson(row), analyzer: ANALYZER_VERSION });
}

function writeLesson(db: Executor, courseId: string, l: LoadedLesson) {
  return saveLesson(db, {
    id: l.id,
    courseId,
    stageId: l.stage,
    position: l.order,
    title: l.title,
    summary: l.summary,
    objectives: l.objectives,
    body: l.body,
    headings: l.headings,
    sourcePath: l.sourcePath,
    sourceHash: l.sourceHash,
    editedInApp: false,
  });
}

/**
 * Loads a parsed course into the database. Idempotent: unchanged files (same hash) are not
 * touched, changed files update their lesson and its retrieval chunks, and lessons edited in
 * the app are never overwritten by a file.
 */
export async function seedCourse({ db, course }: { db: Db; course: LoadedCourse }): Promise<SeedReport> {
  const report: SeedReport = {
    courseId: course.id,
    created: [],
    updated: [],
    unchanged: [],
    conflicts: [],
    reindexed: [],
  };
  await db.transaction(async (tx) => {
    await upsertCourse({
      db: tx,
      row: {
        id: course.id,
        title: course.title,
        summary: course.summary,
        description: course.description,
        glossary: course.glossary,
      },
    });
    const current = await lessonsIndexedBy({ db: tx, analyzer: ANALYZER_VERSION });
    for (const s of course.stages) {
      await upsertStage({
        db: tx,
        row: {
          id: s.id,
          courseId: course.id,
          position: s.order,
          title: s.title,
          summary: s.summary,
          description: s.description,
        },
      });
      for (const l of s.lessons) {
        const existing = await findLessonSource({ db: tx, lessonId: l.id });
        if (!existing) {
          await writeLesson(tx, course.id, l);
          report.created.push(l.id);
        } else if (existing.sourceHash === l.sourceHash || existing.editedInApp) {
          if (existing.sourceHash === l.sourceHash) report.unchanged.push(l.id);
          else report.conflicts.push(l.id);
          if (!current.has(l.id)) {
            const [stored] = await listLessons({ db: tx, lessonIds: [l.id] });
            if (stored) {
              await replaceLessonChunks({ db: tx, row: stored, ...indexLesson(stored), analyzer: ANALYZER_VERSION });
            }
            report.reindexed.push(l.id);
          }
        } else {
          await writeLesson(tx, course.id, l);
          report.updated.push(l.id);
        }
      }
    }
  });
  return report;
}

export async function seedFromDir({ db, dir = defaultContentDir() }: { db: Db; dir?: string }): Promise<SeedReport> {
  const report = await seedCourse({ db, course: await loadCourse(dir) });
  // Students who signed up (or were created by the CLI) before there was a course.
  await enrolStudentsWithoutEnrolment({ db });
  return report;
}

/**
 * Development start-up: keep the embedded database in step with content/ (cheap, because
 * unchanged files are skipped by hash). A content error is reported, not fatal, so one bad
 * edit does not take the whole dev server down.
 */
export async function ensureCourseSeeded({ db }: { db: Db }): Promise<void> {
  try {
    const report = await seedFromDir({ db });
    await indexChanged({ db, report });
    const changed = report.created.length + report.updated.length;
    if (changed > 0)
      console.info(`[content] ${report.created.length} lessons created, ${report.updated.length} updated`);
    if (report.conflicts.length > 0) {
      console.warn(`[content] edited in the app, file changes not applied: ${report.conflicts.join(", ")}`);
    }
  } catch (err) {
    console.error(`[content] ${(err as Error).message}`);
  }
}

/** Embeds (pgvector) or re-indexes (Qdrant) what a seed changed, when those are configured. */
export async function indexChanged({ db, report }: { db: Db; report: SeedReport }) {
  const config = env();
  const changed = [...report.created, ...report.updated, ...report.reindexed];
  if (changed.length === 0) return;
  await syncRetrievalIndex({ db, embedder: embedderFromEnv(config), qdrant: config.qdrant, lessonIds: changed });
}

/** Rebuilds every lesson's retrieval chunks from the stored lesson text. */
export async function reindexAll({
  db,
  onProgress,
}: {
  db: Db;
  onProgress?: (done: number, total: number, lessonId: string) => void;
}): Promise<{ lessons: number; chunks: number }> {
  const lessons = await listLessons({ db });
  let chunks = 0;
  for (const [i, l] of lessons.entries()) {
    const index = indexLesson(l);
    await db.transaction((tx) => replaceLessonChunks({ db: tx, row: l, ...index, analyzer: ANALYZER_VERSION }));
    chunks += index.chunks.length;
    onProgress?.(i + 1, lessons.length, l.id);
  }
  return { lessons: lessons.length, chunks };
}
