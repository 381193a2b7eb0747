import { z } from "zod";

/** Ids appear in URLs and retrieval filters: lowercase kebab-case only. */
export const slug = z
  .string()
  .min(1, "must not be empty")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lowercase kebab-case (a-z, 0-9, -)")
  .max(80);

const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max);

/** Positions are Postgres `integer` columns: a larger order was a database error, not a refusal. */
export const MAX_ORDER = 2_147_483_647;
const outOfRange = `must be a whole number from 1 to ${MAX_ORDER}`;
const order = z.number(outOfRange).int(outOfRange).min(1, outOfRange).max(MAX_ORDER, outOfRange);

export const courseFrontMatter = z.object({
  id: slug,
  title: text(200),
  summary: text(1000),
});

export const stageFrontMatter = z.object({
  id: slug,
  title: text(200),
  order,
  summary: text(1000),
});

export const lessonFrontMatter = z.object({
  id: slug,
  title: text(200),
  stage: slug,
  order,
  summary: text(300),
  objectives: z.array(text(300)).min(1, "must list at least one objective").max(10),
});

export type CourseFrontMatter = z.infer<typeof courseFrontMatter>;
export type StageFrontMatter = z.infer<typeof stageFrontMatter>;
export type LessonFrontMatter = z.infer<typeof lessonFrontMatter>;
