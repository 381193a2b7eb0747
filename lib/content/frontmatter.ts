import { z } from "zod";

/** Ids appear in URLs and retrieval filters: lowercase kebab-case only. */
export const slug = z
  .string()
  .min(1, "must not be empty")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lowercase kebab-case (a-z, 0-9, -)")
  .max(80);

const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max);

export const courseFrontMatter = z.object({
  id: slug,
  title: text(200),
  summary: text(1000),
});

export const stageFrontMatter = z.object({
  id: slug,
  title: text(200),
  order: z.number().int().min(1),
  summary: text(1000),
});

export const lessonFrontMatter = z.object({
  id: slug,
  title: text(200),
  stage: slug,
  order: z.number().int().min(1),
  summary: text(300),
  objectives: z.array(text(300)).min(1, "must list at least one objective").max(10),
});

export type CourseFrontMatter = z.infer<typeof courseFrontMatter>;
export type StageFrontMatter = z.infer<typeof stageFrontMatter>;
export type LessonFrontMatter = z.infer<typeof lessonFrontMatter>;
