"use client";

import Link from "next/link";
import type { ComponentProps, MouseEvent } from "react";
import { startLessonFetch } from "@/lib/content/lesson-fetch";

/** A click Next's Link turns into a client-side navigation (not a new tab or window). */
const navigates = (e: MouseEvent) =>
  !e.defaultPrevented && e.button === 0 && !(e.metaKey || e.ctrlKey || e.shiftKey || e.altKey);

/**
 * A link to a lesson page. Followed in the app, it asks for the lesson's text at the click,
 * beside the page (lib/content/lesson-fetch.ts), so the lesson shows with the page.
 */
export function LessonLink({ lessonId, onClick, ...props }: ComponentProps<typeof Link> & { lessonId: string }) {
  return (
    <Link
      {...props}
      onClick={(e) => {
        onClick?.(e);
        if (navigates(e)) startLessonFetch(lessonId);
      }}
    />
  );
}
