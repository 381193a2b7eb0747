import { rememberRenderedLesson } from "./rendered-lessons";

/**
 * A lesson's HTML asked for in the browser as soon as a link to it is about to be followed
 * (the mouse rests on it or presses it, or the click), beside Next's request for the page
 * itself, instead of after the page has arrived and mounted. A full page load never needs it
 * (the document carries the lesson); a client-side navigation would otherwise wait for two
 * round trips in a row. The answer goes into the browser's copy of the lessons shown last
 * (rendered-lessons.ts) under its version, where the page then finds it.
 */
interface FetchedLesson {
  version: string;
  html: string;
}

/** How long a fetched lesson counts as fresh: a hover and the click after it fetch once. */
const FRESH_MS = 30_000;

const inFlight = new Map<string, Promise<void>>();
const fetchedAt = new Map<string, number>();

export const lessonHtmlUrl = (lessonId: string, version?: string) =>
  `/api/lessons/${encodeURIComponent(lessonId)}/html${version ? `?v=${encodeURIComponent(version)}` : ""}`;

/**
 * Starts fetching the lesson's current HTML unless that is already under way or was done in
 * the last FRESH_MS. A lesson edited in between is still right: the page then asks for the
 * version it names (lesson-body.tsx).
 */
export function startLessonFetch(lessonId: string, now = Date.now()): void {
  if (inFlight.has(lessonId) || now - (fetchedAt.get(lessonId) ?? -Infinity) < FRESH_MS) return;
  const fetched = fetch(lessonHtmlUrl(lessonId), { credentials: "same-origin" })
    .then(async (res) => (res.ok ? ((await res.json()) as FetchedLesson) : null))
    .then((lesson) => {
      if (!lesson) return;
      rememberRenderedLesson(lesson.version, lesson.html);
      fetchedAt.set(lessonId, Date.now());
    })
    .catch(() => {})
    .finally(() => inFlight.delete(lessonId));
  inFlight.set(lessonId, fetched);
}

/** Settles when the fetch a followed link started for this lesson is over (at once if none). */
export const lessonFetchSettled = (lessonId: string): Promise<void> => inFlight.get(lessonId) ?? Promise.resolve();
