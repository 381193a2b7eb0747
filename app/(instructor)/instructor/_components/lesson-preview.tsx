"use client";

import "katex/dist/katex.min.css";
import "highlight.js/styles/github.css";
import { useMemo } from "react";
import { renderLessonHtml } from "@/lib/content/render";

/**
 * The editor's live preview: the same renderer the lesson page uses (lib/content/render.ts), so
 * a lesson looks exactly as it will once published. Raw HTML is never rendered and URLs are
 * made safe by the renderer, so lesson text stays data.
 */
export function LessonPreview({ body }: { body: string }) {
  const html = useMemo(() => renderLessonHtml(body), [body]);
  return (
    <div
      className="lesson-body prose prose-slate max-w-none dark:prose-invert prose-headings:scroll-mt-20 prose-pre:bg-muted prose-pre:text-foreground"
      // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered and sanitised by renderLessonHtml
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
