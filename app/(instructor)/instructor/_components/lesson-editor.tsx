"use client";

import { CheckCircle2, TriangleAlert } from "lucide-react";
import Link from "next/link";
import { useActionState, useDeferredValue, useId, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { lessonFrontMatter } from "@/lib/content/frontmatter";
import { parseSource } from "@/lib/content/source";
import { type PublishState, publishLessonAction } from "../actions";
import { LessonPreview } from "./lesson-preview";

/** Markdown with front matter on the left, the lesson as learners will see it on the right. */
export function LessonEditor({ initialSource, existingId }: { initialSource: string; existingId?: string }) {
  const [source, setSource] = useState(initialSource);
  const deferred = useDeferredValue(source);
  const [result, action, pending] = useActionState<PublishState, FormData>(publishLessonAction, null);
  const id = useId();
  const check = useMemo(() => {
    try {
      const { data, body } = parseSource(deferred, lessonFrontMatter);
      return { ok: true as const, title: data.title, body };
    } catch (err) {
      return { ok: false as const, error: (err as Error).message };
    }
  }, [deferred]);

  return (
    <form action={action} className="grid gap-4 lg:grid-cols-2">
      <input type="hidden" name="existingId" value={existingId ?? ""} />
      <div className="space-y-2">
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
          {check.ok ? (
            <p className="flex items-center gap-1 text-success" data-testid="frontmatter-ok">
              <CheckCircle2 className="size-4" aria-hidden /> Front matter is valid.
            </p>
          ) : (
            <p className="flex items-center gap-1 text-destructive" data-testid="frontmatter-error">
              <TriangleAlert className="size-4" aria-hidden /> {check.error}
            </p>
          )}
        </div>
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={pending || !check.ok}>
            {pending ? "Publishing…" : "Publish"}
          </Button>
          <span aria-live="polite" className="text-sm" data-testid="publish-result">
            {result?.ok ? (
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
      <section aria-label="Preview" className="h-[70vh] overflow-y-auto rounded-lg border p-4">
        {check.ok ? (
          <>
            <h1 className="mb-4 font-bold text-2xl">{check.title}</h1>
            <LessonPreview body={check.body} />
          </>
        ) : (
          <p className="text-muted-foreground text-sm">The preview appears when the front matter is valid.</p>
        )}
      </section>
    </form>
  );
}
