import { parse, stringify } from "yaml";
import type { z } from "zod";
import { isStorableText } from "@/lib/http/input";

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
  const unstorable = findUnstorable(data);
  if (unstorable) {
    throw new SourceError(`front matter field "${unstorable.field}": ${unstorable.problem}`, unstorable.field);
  }
  if (!isStorableText(body)) throw new SourceError(`the text below the front matter ${problemOf(body)}`, "body");
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.join(".") || "(front matter)";
    throw new SourceError(`front matter field "${field}": ${issue?.message}`, field);
  }
  return { data: result.data, body };
}

/**
 * What Postgres cannot store (lib/http/input.ts). The form refuses such characters typed as
 * they are, but YAML escapes ("\\0", "\\ud800") make them only when the front matter is parsed:
 * a NUL failed the insert, and an unpaired surrogate was stored as U+FFFD, so the stored lesson
 * never matched the version the editor was given and every later publish was refused.
 */
function problemOf(text: string): string {
  return text.includes("\u0000")
    ? "contains a NUL character (\\0), which cannot be stored"
    : "contains an unpaired surrogate (half of a character such as an emoji, e.g. \\ud800), which cannot be stored";
}

/** The first key or string value of parsed front matter that cannot be stored, with its path. */
function findUnstorable(data: object): { field: string; problem: string } | undefined {
  // Iterative, and each object once: YAML aliases can share (or nest) a value.
  const seen = new Set<object>();
  const stack: [unknown, string[]][] = [[data, []]];
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, string[]];
    const field = () => path.join(".") || "(front matter)";
    if (typeof value === "string") {
      if (!isStorableText(value)) return { field: field(), problem: problemOf(value) };
      continue;
    }
    if (value === null || typeof value !== "object" || seen.has(value)) continue;
    seen.add(value);
    const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
    for (const [key, item] of entries.reverse()) {
      const name = String(key);
      const at = [...path, name.toWellFormed().replaceAll("\u0000", "\\0")];
      if (!isStorableText(name)) return { field: at.join("."), problem: `has a name that ${problemOf(name)}` };
      stack.push([item, at]);
    }
  }
  return undefined;
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
