"use client";

import { useEffect, useState } from "react";
import { renderedLesson } from "@/lib/content/rendered-lessons";

const CLASSES =
  "lesson-body prose prose-slate max-w-none dark:prose-invert prose-headings:scroll-mt-20 prose-pre:bg-muted prose-pre:text-foreground";

const elementId = (version: string) => `lesson-${version}`;

/**
 * Where the HTML comes from decides how often the page carries it. On the server it is the
 * process's rendered copy (lib/content/lesson-html.ts put it there for this version); while
 * hydrating, it is what the server already put into the page, so the component payload carries
 * only the version, never the lesson a second time. Only a client-side navigation has neither,
 * and fetches it (cached by the browser per version).
 */
function initialHtml(version: string): string | null {
  if (typeof document === "undefined") return renderedLesson(version) ?? null;
  return document.getElementById(elementId(version))?.innerHTML ?? null;
}

export function LessonBody({ lessonId, version }: { lessonId: string; version: string }) {
  const [html, setHtml] = useState(() => initialHtml(version));
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (html !== null) return;
    const controller = new AbortController();
    fetch(`/api/lessons/${encodeURIComponent(lessonId)}/html?v=${encodeURIComponent(version)}`, {
      signal: controller.signal,
      credentials: "same-origin",
    })
      .then(async (res) => {
        if (!res.ok) throw new Error(String(res.status));
        setHtml(((await res.json()) as { html: string }).html);
      })
      .catch(() => {
        if (!controller.signal.aborted) setFailed(true);
      });
    return () => controller.abort();
  }, [html, lessonId, version]);

  if (html === null) {
    return (
      <div className={CLASSES} aria-busy={!failed} data-testid="lesson-body-loading">
        <p className="text-muted-foreground">
          {failed ? "The lesson could not be loaded. Reload the page to try again." : "Loading the lesson…"}
        </p>
      </div>
    );
  }
  // The HTML is our own rendering of the lesson (render.ts: no raw HTML, safe URLs).
  // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered and sanitised on the server
  return <div id={elementId(version)} className={CLASSES} dangerouslySetInnerHTML={{ __html: html }} />;
}
