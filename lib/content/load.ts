import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import type { LessonHeading } from "@/db/schema";
import { type Glossary, glossarySchema, missingTerms } from "@/lib/rag/glossary";
import {
  type CourseFrontMatter,
  courseFrontMatter,
  type LessonFrontMatter,
  lessonFrontMatter,
  type StageFrontMatter,
  stageFrontMatter,
} from "./frontmatter";
import { extractHeadings, parseMarkdown } from "./markdown";
import { parseSource } from "./source";
import { overlongWord } from "./word-length";

/**
 * Reads the course from a content folder:
 *   content/course.md                      course front matter + description
 *   content/<NN-stage>/_stage.md           stage front matter + description
 *   content/<NN-stage>/<NN-lesson>.md      lesson front matter + body
 *   content/glossary.yml                   optional: course terms and learners' words for them
 * Every problem names the file and the field, so a broken edit is fixed in one look.
 */

export class ContentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ContentError";
  }
}

export interface LoadedLesson extends LessonFrontMatter {
  body: string;
  headings: LessonHeading[];
  sourcePath: string;
  sourceHash: string;
}
export interface LoadedStage extends StageFrontMatter {
  description: string;
  lessons: LoadedLesson[];
}
export interface LoadedCourse extends CourseFrontMatter {
  description: string;
  stages: LoadedStage[];
  glossary: Glossary;
}

function parseFrontMatter<T extends z.ZodType>(
  file: string,
  source: string,
  schema: T,
): { data: z.infer<T>; body: string } {
  try {
    return parseSource(source, schema);
  } catch (err) {
    throw new ContentError(`${file}: ${(err as Error).message}`);
  }
}

const hash = (text: string) => createHash("sha256").update(text).digest("hex");

async function loadLessonFile(root: string, file: string): Promise<LoadedLesson> {
  const source = await fs.readFile(file, "utf8");
  const rel = path.relative(path.dirname(root), file);
  const { data, body } = parseFrontMatter(rel, source, lessonFrontMatter);
  if (body.length === 0) throw new ContentError(`${rel}: the lesson has no body`);
  const unindexable = overlongWord({ ...data, body });
  if (unindexable) throw new ContentError(`${rel}: ${unindexable}`);
  return {
    ...data,
    body,
    headings: extractHeadings(parseMarkdown(body)),
    sourcePath: path.relative(root, file),
    sourceHash: hash(source),
  };
}

export async function loadCourse(root: string): Promise<LoadedCourse> {
  const display = (file: string) => path.relative(path.dirname(root), file);
  const courseFile = path.join(root, "course.md");
  let courseSource: string;
  try {
    courseSource = await fs.readFile(courseFile, "utf8");
  } catch {
    throw new ContentError(`${display(courseFile)}: not found (every content folder needs a course.md)`);
  }
  const course = parseFrontMatter(display(courseFile), courseSource, courseFrontMatter);

  const entries = (await fs.readdir(root, { withFileTypes: true }))
    .filter((e) => e.isDirectory() && !e.name.startsWith("."))
    .map((e) => e.name)
    .sort();

  const stages: LoadedStage[] = [];
  const lessonIds = new Map<string, string>();
  for (const dir of entries) {
    const stageFile = path.join(root, dir, "_stage.md");
    let stageSource: string;
    try {
      stageSource = await fs.readFile(stageFile, "utf8");
    } catch {
      throw new ContentError(`${display(stageFile)}: not found (every stage folder needs a _stage.md)`);
    }
    const stage = parseFrontMatter(display(stageFile), stageSource, stageFrontMatter);
    const lessonFiles = (await fs.readdir(path.join(root, dir)))
      .filter((f) => f.endsWith(".md") && f !== "_stage.md")
      .sort();
    const lessons: LoadedLesson[] = [];
    for (const f of lessonFiles) {
      const file = path.join(root, dir, f);
      const lesson = await loadLessonFile(root, file);
      if (lesson.stage !== stage.data.id) {
        throw new ContentError(
          `${display(file)}: front matter field "stage": is "${lesson.stage}" but the file is in stage "${stage.data.id}"`,
        );
      }
      const clash = lessonIds.get(lesson.id);
      if (clash) {
        throw new ContentError(`${display(file)}: front matter field "id": "${lesson.id}" is also used by ${clash}`);
      }
      lessonIds.set(lesson.id, display(file));
      lessons.push(lesson);
    }
    lessons.sort((a, b) => a.order - b.order);
    stages.push({ ...stage.data, description: stage.body, lessons });
  }

  stages.sort((a, b) => a.order - b.order);
  const seen = new Map<string, number>();
  for (const s of stages) {
    if (seen.has(s.id)) throw new ContentError(`content: stage id "${s.id}" is used by two folders`);
    seen.set(s.id, s.order);
  }
  if (stages.length === 0) throw new ContentError(`${display(root)}: no stage folders found`);
  const glossary = await loadGlossary(root, display, stages);
  return { ...course.data, description: course.body, stages, glossary };
}

/**
 * content/glossary.yml, validated: the shape, and every term must occur in the course (a
 * misspelt term would silently expand questions to nothing).
 */
async function loadGlossary(root: string, display: (f: string) => string, stages: LoadedStage[]): Promise<Glossary> {
  const file = path.join(root, "glossary.yml");
  let source: string;
  try {
    source = await fs.readFile(file, "utf8");
  } catch {
    return [];
  }
  let data: unknown;
  try {
    data = parseYaml(source) ?? [];
  } catch (err) {
    throw new ContentError(`${display(file)}: not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  const parsed = glossarySchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ContentError(`${display(file)}: entry ${issue?.path.join(".") || "(top level)"}: ${issue?.message}`);
  }
  const text = stages
    .flatMap((s) => [s.title, s.summary, ...s.lessons.flatMap((l) => [l.title, l.summary, ...l.objectives, l.body])])
    .join("\n");
  const missing = missingTerms(parsed.data, text);
  if (missing.length > 0) {
    throw new ContentError(
      `${display(file)}: term${missing.length > 1 ? "s" : ""} not found in any lesson: ${missing.join(", ")}`,
    );
  }
  return parsed.data;
}

export const defaultContentDir = () => path.join(process.cwd(), "content");
