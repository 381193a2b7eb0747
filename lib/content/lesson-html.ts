import "server-only";
import { createHash } from "node:crypto";
import katex from "katex";
import { renderLessonHtml } from "./render";
import { rememberRenderedLesson, renderedLesson } from "./rendered-lessons";

/**
 * Bump when the rendering pipeline changes, so every lesson renders again (and browsers, which
 * keep a version's HTML for good, fetch it anew). KaTeX's own version is in it too: its HTML
 * must match the stylesheet the page loads (tests/unit/katex-styles.test.ts).
 */
const RENDERER_VERSION = `4-katex-${katex.version}`;

export interface RenderedLesson {
  version: string;
  html: string;
}

export const lessonVersion = (body: string) =>
  createHash("sha256").update(`${RENDERER_VERSION}\0${body}`).digest("base64url").slice(0, 22);

/**
 * A lesson's HTML, rendered once per version per process: markdown, KaTeX and highlighting cost
 * tens of milliseconds, and every learner reads the same text. Publishing warms it.
 */
export function lessonHtml(body: string, render: (markdown: string) => string = renderLessonHtml): RenderedLesson {
  const version = lessonVersion(body);
  let html = renderedLesson(version);
  if (html === undefined) {
    html = render(body);
    rememberRenderedLesson(version, html);
  }
  return { version, html };
}
