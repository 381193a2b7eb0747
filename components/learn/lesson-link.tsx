"use client";

import Link from "next/link";
import { type ComponentProps, type MouseEvent, type PointerEvent, useEffect, useRef } from "react";
import { startLessonFetch } from "@/lib/content/lesson-fetch";

/** A click Next's Link turns into a client-side navigation (not a new tab or window). */
const navigates = (e: MouseEvent) =>
  !e.defaultPrevented && e.button === 0 && !(e.metaKey || e.ctrlKey || e.shiftKey || e.altKey);

/** How long the mouse rests on a link before its lesson is fetched: passing over it is not enough. */
const HOVER_MS = 80;

/**
 * A link to a lesson page. Followed in the app, it asks for the lesson's text before the page
 * arrives (lib/content/lesson-fetch.ts), so the lesson shows with the page: when the mouse rests
 * on it or presses it, and at the latest at the click. A finger only fetches at the click: a
 * touch that starts on a link is as often the start of a scroll.
 */
export function LessonLink({
  lessonId,
  onClick,
  onPointerEnter,
  onPointerLeave,
  onPointerDown,
  ...props
}: ComponentProps<typeof Link> & { lessonId: string }) {
  const hover = useRef<ReturnType<typeof setTimeout>>(undefined);
  const stopHover = () => clearTimeout(hover.current);
  // A link that unmounts under a resting mouse (the page changed) fetches nothing more.
  useEffect(() => () => clearTimeout(hover.current), []);
  return (
    <Link
      {...props}
      onPointerEnter={(e: PointerEvent<HTMLAnchorElement>) => {
        onPointerEnter?.(e);
        if (e.pointerType === "mouse") hover.current = setTimeout(() => startLessonFetch(lessonId), HOVER_MS);
      }}
      onPointerLeave={(e: PointerEvent<HTMLAnchorElement>) => {
        onPointerLeave?.(e);
        stopHover();
      }}
      onPointerDown={(e: PointerEvent<HTMLAnchorElement>) => {
        onPointerDown?.(e);
        if (e.pointerType === "mouse" && navigates(e)) startLessonFetch(lessonId);
      }}
      onClick={(e) => {
        onClick?.(e);
        stopHover();
        if (navigates(e)) startLessonFetch(lessonId);
      }}
    />
  );
}
