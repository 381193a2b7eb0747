import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/** One glossary entry as stored (validated by lib/rag/glossary.ts when the course is loaded). */
export type CourseGlossary = { terms: string[]; aliases: string[] }[];

export const course = pgTable("course", {
  id: text("id").primaryKey(),
  title: text("title").notNull(),
  summary: text("summary").notNull(),
  description: text("description").notNull().default(""),
  /** content/glossary.yml: the course's terms and what learners type instead (query expansion). */
  glossary: jsonb("glossary").$type<CourseGlossary>().notNull().default([]),
  /**
   * A new random value whenever what retrieval reads changes (a lesson's passages, the glossary):
   * processes cache the glossary and term statistics per version (lib/rag/course-index.ts).
   * Random, not a counter, so a database restored or rebuilt under a running process can never
   * reuse a version the process has cached.
   */
  indexVersion: uuid("index_version").notNull().defaultRandom(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const stage = pgTable(
  "stage",
  {
    id: text("id").primaryKey(),
    courseId: text("course_id")
      .notNull()
      .references(() => course.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    description: text("description").notNull().default(""),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("stage_course_idx").on(t.courseId, t.position)],
);

export type LessonHeading = { depth: number; text: string; slug: string };

export const lesson = pgTable(
  "lesson",
  {
    id: text("id").primaryKey(),
    courseId: text("course_id")
      .notNull()
      .references(() => course.id, { onDelete: "cascade" }),
    stageId: text("stage_id")
      .notNull()
      .references(() => stage.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull(),
    objectives: jsonb("objectives").$type<string[]>().notNull(),
    body: text("body").notNull(),
    headings: jsonb("headings").$type<LessonHeading[]>().notNull(),
    /** Path under content/ this lesson was seeded from; null for lessons created in the app. */
    sourcePath: text("source_path"),
    /** Hash of the file content last seeded, so re-seeding only touches changed files. */
    sourceHash: text("source_hash"),
    /** Set when an instructor edits in the app; the seed then leaves the lesson alone. */
    editedInApp: boolean("edited_in_app").notNull().default(false),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("lesson_stage_idx").on(t.stageId, t.position)],
);

/**
 * Retrieval units: one per heading section (long sections split between sentences). The
 * weighted tsvector is built by lib/rag/document.ts (the same analysis as the questions) and
 * written with the chunk; `analyzer` records which version of that analysis built it, so a
 * seed re-indexes passages built by an older one.
 */
export const lessonChunk = pgTable(
  "lesson_chunk",
  {
    id: text("id").primaryKey(),
    lessonId: text("lesson_id")
      .notNull()
      .references(() => lesson.id, { onDelete: "cascade" }),
    stageId: text("stage_id").notNull(),
    courseId: text("course_id").notNull(),
    position: integer("position").notNull(),
    lessonTitle: text("lesson_title").notNull(),
    heading: text("heading").notNull(),
    anchor: text("anchor").notNull(),
    content: text("content").notNull(),
    isSolution: boolean("is_solution").notNull().default(false),
    tsv: tsvector("tsv").notNull(),
    analyzer: text("analyzer").notNull().default(""),
  },
  (t) => [
    index("lesson_chunk_tsv_idx").using("gin", t.tsv),
    index("lesson_chunk_stage_idx").on(t.courseId, t.stageId),
    index("lesson_chunk_lesson_idx").on(t.lessonId),
  ],
);

/**
 * The course's vocabulary: each lesson's single-word search terms, for typo correction. A
 * trigram index (pg_trgm) finds the terms close to a word nobody in the unlocked lessons uses.
 */
export const lessonTerm = pgTable(
  "lesson_term",
  {
    lessonId: text("lesson_id")
      .notNull()
      .references(() => lesson.id, { onDelete: "cascade" }),
    stageId: text("stage_id").notNull(),
    courseId: text("course_id").notNull(),
    lexeme: text("lexeme").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.lessonId, t.lexeme] }),
    index("lesson_term_stage_idx").on(t.courseId, t.stageId),
    index("lesson_term_trgm_idx").using("gin", t.lexeme.op("gin_trgm_ops")),
  ],
);
