import { parse, stringify } from "yaml";
import type { z } from "zod";

/**
 * Markdown with a YAML front-matter block (`---` … `---`), split and parsed the same way on the
 * server (content loading, publishing) and in the browser (the lesson editor's live check).
 */
export class SourceError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "SourceError";
  }
}

const BLOCK = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/;

/** Front matter (parsed YAML, not yet validated) and body; throws SourceError when there is no valid block. */
export function splitSource(source: string): { data: object; body: string } {
  const text = source.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const match = text.match(BLOCK);
  if (!match) throw new SourceError("missing front matter (a --- block at the top of the file)");
  let data: unknown;
  try {
    data = parse(match[1] ?? "") ?? {};
  } catch (err) {
    throw new SourceError(`front matter is not valid YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new SourceError("front matter must be a set of fields");
  return { data, body: text.slice(match[0].length).trim() };
}

export function parseSource<T extends z.ZodType>(source: string, schema: T): { data: z.infer<T>; body: string } {
  const { data, body } = splitSource(source);
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.join(".") || "(front matter)";
    throw new SourceError(`front matter field "${field}": ${issue?.message}`, field);
  }
  return { data: result.data, body };
}

export function toSource(data: Record<string, unknown>, body: string): string {
  return `---\n${stringify(data).trimEnd()}\n---\n\n${body.trim()}\n`;
}

/**
 * The editor's starting point for a new lesson. The id and title are left empty (with a hint),
 * so the front-matter check refuses to publish until the author has named the lesson.
 */
export function newLessonTemplate({ stageId, order }: { stageId: string; order: number }): string {
  return `---
id: "" # the lesson's address: lowercase words joined by dashes, e.g. joint-limits
title: "" # the title learners see
stage: ${stageId}
order: ${order}
summary: One sentence about this lesson.
objectives:
  - Explain …
---

## Introduction

Write the lesson here.

## Exercise: …

The problem.

:::solution
The worked solution.
:::
`;
}
