"use client";

import { CheckCircle2, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { useActionState, useDeferredValue, useId, useMemo, useRef, useState } from "react";
import { LessonIntro } from "@/components/learn/lesson-intro";
import { Button } from "@/components/ui/button";
import { lessonFrontMatter } from "@/lib/content/frontmatter";
import { parseSource, splitSource } from "@/lib/content/source";
import { type PublishState, publishLessonAction } from "../actions";
import { LessonPreview } from "./lesson-preview";

interface Preview {
  title: string;
  summary: string;
  objectives: string[];
  body: string;
}

const text = (v: unknown) => (typeof v === "string" ? v : "");

/**
 * The source checked as the server will check it, and what to preview: the valid lesson, or,
 * while a field is wrong, the fields as written (the YAML itself may still be fine).
 */
function check(source: string): { error: string | null; preview: Preview | null } {
  try {
    const { data, body } = parseSource(source, lessonFrontMatter);
    return { error: null, preview: { ...data, body } };
  } catch (err) {
    const error = (err as Error).message;
    try {
      const { data, body } = splitSource(source);
      const fields = data as Record<string, unknown>;
      const objectives = Array.isArray(fields.objectives) ? fields.objectives.map(text).filter(Boolean) : [];
      return {
        error,
        preview: { title: text(fields.title) || "Untitled lesson", summary: text(fields.summary), objectives, body },
      };
    } catch {
      return { error, preview: null };
    }
  }
}

/**
 * Markdown with front matter on the left, the lesson as learners will see it on the right.
 * `version` is the stored lesson's version when the page was rendered: a publish is refused if
 * the lesson changed since. A refusal keeps the text (controlled state, so React's form reset
 * after the action puts the same text back).
 */
export function LessonEditor({
  initialSource,
  existingId,
  version,
}: {
  initialSource: string;
  existingId?: string;
  version?: string;
}) {
  const [source, setSource] = useState(initialSource);
  const deferred = useDeferredValue(source);
  const [result, action, pending] = useActionState<PublishState, FormData>(publishLessonAction, null);
  const id = useId();
  const checked = useMemo(() => check(deferred), [deferred]);
  // While the front matter cannot be read at all (half-typed YAML), keep showing the last preview.
  const lastPreview = useRef<Preview | null>(null);
  if (checked.preview) lastPreview.current = checked.preview;
  const preview = checked.preview ?? lastPreview.current;
  // After a publish this form edits what it published: a new lesson becomes an edit of itself,
  // and the next publish is checked against the version just written, not the page's.
  const published = useRef<{ lessonId: string; version: string } | null>(null);
  if (result?.ok) published.current = { lessonId: result.data.lessonId, version: result.data.version };
  const base = published.current ?? (existingId ? { lessonId: existingId, version: version ?? "" } : null);

  return (
    <form action={action} className="grid gap-4 lg:grid-cols-2">
      <input type="hidden" name="existingId" value={base?.lessonId ?? ""} />
      <input type="hidden" name="baseVersion" value={base?.version ?? ""} />
      <div className="min-w-0 space-y-2">
        <label htmlFor={id} className="font-medium text-sm">
          Lesson source (front matter and markdown)
        </label>
        <textarea
          id={id}
          name="source"
          value={source}
          onChange={(e) => setSource(e.target.value)}
          spellCheck
          className="h-[65vh] w-full resize-y rounded-md border bg-background p-3 font-mono text-xs leading-5"
          data-testid="lesson-source"
        />
        <div aria-live="polite" className="text-sm">
          {checked.error ? (
            <p className="flex items-start gap-1 text-destructive" data-testid="frontmatter-error">
              <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden /> {checked.error}
            </p>
          ) : (
            <p className="flex items-center gap-1 text-success" data-testid="frontmatter-ok">
              <CheckCircle2 className="size-4" aria-hidden /> Front matter is valid.
            </p>
          )}
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={pending || checked.error !== null}>
            {pending ? "Publishing…" : "Publish"}
          </Button>
          <span aria-live="polite" className="text-sm" data-testid="publish-result">
            {result?.ok && !result.data.indexed ? (
              <span className="block rounded-md border border-amber-500/40 bg-amber-500/10 px-3 py-2" role="status">
                {result.message}{" "}
                <Link href={`/learn/${result.data.stageId}/${result.data.lessonId}`} className="text-primary underline">
                  View the lesson
                </Link>
              </span>
            ) : result?.ok ? (
              <>
                Published and re-indexed.{" "}
                <Link href={`/learn/${result.data.stageId}/${result.data.lessonId}`} className="text-primary underline">
                  View the lesson
                </Link>
              </>
            ) : result ? (
              <span className="text-destructive">{result.message}</span>
            ) : null}
          </span>
        </div>
      </div>
      <section
        aria-label="Preview"
        className="h-[70vh] min-w-0 overflow-y-auto rounded-lg border p-4"
        data-testid="preview"
      >
        {checked.error ? (
          <p className="mb-4 rounded-md border border-destructive/40 bg-destructive/5 px-3 py-2 text-destructive text-sm">
            {checked.preview
              ? "Fix the front matter to publish; the preview shows the fields as written."
              : "The front matter cannot be read; this is the last preview that could be shown."}
          </p>
        ) : null}
        {preview ? (
          <>
            <LessonIntro title={preview.title} summary={preview.summary} objectives={preview.objectives} level={2} />
            <LessonPreview body={preview.body} />
          </>
        ) : (
          <p className="text-muted-foreground text-sm">The preview appears when the front matter can be read.</p>
        )}
      </section>
    </form>
  );
}
