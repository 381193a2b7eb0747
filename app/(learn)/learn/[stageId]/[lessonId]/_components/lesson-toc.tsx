"use client";

import { useEffect, useState } from "react";
import { cn } from "@/lib/utils";

/** Below the sticky header (h-14) plus a little air: a heading above this line is "being read". */
const READING_LINE = 96;

/**
 * "On this page", marking the section being read: the last heading that has scrolled above the
 * reading line (or the first, at the top of the lesson). aria-current="location" tells screen
 * readers too.
 */
export function LessonToc({ headings }: { headings: { slug: string; text: string }[] }) {
  const [current, setCurrent] = useState(headings[0]?.slug ?? null);
  useEffect(() => {
    let frame = 0;
    const update = () => {
      frame = 0;
      let active = headings[0]?.slug ?? null;
      for (const h of headings) {
        const el = document.getElementById(h.slug);
        if (el && el.getBoundingClientRect().top <= READING_LINE) active = h.slug;
      }
      // At the very bottom the last section is the one being read, however short it is.
      if (window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2) {
        active = headings.at(-1)?.slug ?? active;
      }
      setCurrent(active);
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(update);
    };
    update();
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    return () => {
      window.removeEventListener("scroll", schedule);
      window.removeEventListener("resize", schedule);
      cancelAnimationFrame(frame);
    };
  }, [headings]);

  return (
    <nav aria-label="On this page" className="sticky top-20 text-sm" data-testid="lesson-toc">
      <p className="mb-2 font-semibold">On this page</p>
      <ul className="space-y-0.5 border-l">
        {headings.map((h) => (
          <li key={h.slug}>
            <a
              href={`#${h.slug}`}
              aria-current={h.slug === current ? "location" : undefined}
              className={cn(
                "-ml-px block border-l-2 py-1 pl-3",
                h.slug === current
                  ? "border-primary font-medium text-foreground"
                  : "border-transparent text-muted-foreground hover:text-foreground",
              )}
            >
              {h.text}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
