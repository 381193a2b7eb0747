"use client";

import { useEffect, useState } from "react";
import { lessonFetchSettled, lessonHtmlUrl } from "@/lib/content/lesson-fetch";
import { rememberRenderedLesson, renderedLesson } from "@/lib/content/rendered-lessons";

const CLASSES =
  "lesson-body prose prose-slate max-w-none dark:prose-invert prose-headings:scroll-mt-20 prose-pre:bg-muted prose-pre:text-foreground";

const elementId = (version: string) => `lesson-${version}`;

/**
 * Where the HTML comes from decides how often the page carries it. On the server it is the
 * process's rendered copy (lib/content/lesson-html.ts put it there for this version); while
 * hydrating, it is what the server already put into the page, so the component payload carries
 * only the version, never the lesson a second time. A client-side navigation has no document:
 * the link that was followed started fetching the lesson beside the page (LessonLink), and the
 * browser keeps the last lessons shown, so going back shows one at once. Failing these, it is
 * fetched here (cached by the browser per version).
 */
function initialHtml(version: string): string | null {
  if (typeof document === "undefined") return renderedLesson(version) ?? null;
  return document.getElementById(elementId(version))?.innerHTML ?? renderedLesson(version) ?? null;
}

export function LessonBody({ lessonId, version }: { lessonId: string; version: string }) {
  const [html, setHtml] = useState(() => initialHtml(version));
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (html !== null) {
      rememberRenderedLesson(version, html);
      return;
    }
    const controller = new AbortController();
    const fetchHere = async () => {
      const res = await fetch(lessonHtmlUrl(lessonId, version), {
        signal: controller.signal,
        credentials: "same-origin",
      });
      if (!res.ok) throw new Error(String(res.status));
      return ((await res.json()) as { html: string }).html;
    };
    (async () => {
      // The link's fetch keeps what it got under its version: this one, unless an edit was
      // published in between.
      await lessonFetchSettled(lessonId);
      const found = renderedLesson(version) ?? (await fetchHere());
      if (!controller.signal.aborted) setHtml(found);
    })().catch(() => {
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
