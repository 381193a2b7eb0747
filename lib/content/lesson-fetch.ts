import { rememberRenderedLesson } from "./rendered-lessons";

/**
 * A lesson's HTML asked for in the browser the moment a link to it is followed, beside Next's
 * request for the page itself, instead of after the page has arrived and mounted. A full page
 * load never needs it (the document carries the lesson); a client-side navigation would
 * otherwise wait for two round trips in a row. The answer goes into the browser's copy of the
 * lessons shown last (rendered-lessons.ts) under its version, where the page then finds it.
 */
interface FetchedLesson {
  version: string;
  html: string;
}

const inFlight = new Map<string, Promise<void>>();

export const lessonHtmlUrl = (lessonId: string, version?: string) =>
  `/api/lessons/${encodeURIComponent(lessonId)}/html${version ? `?v=${encodeURIComponent(version)}` : ""}`;

/** Starts fetching the lesson's current HTML unless that is already under way. */
export function startLessonFetch(lessonId: string): void {
  if (inFlight.has(lessonId)) return;
  const fetched = fetch(lessonHtmlUrl(lessonId), { credentials: "same-origin" })
    .then(async (res) => (res.ok ? ((await res.json()) as FetchedLesson) : null))
    .then((lesson) => {
      if (lesson) rememberRenderedLesson(lesson.version, lesson.html);
    })
    .catch(() => {})
    .finally(() => inFlight.delete(lessonId));
  inFlight.set(lessonId, fetched);
}

/** Settles when the fetch a followed link started for this lesson is over (at once if none). */
export const lessonFetchSettled = (lessonId: string): Promise<void> => inFlight.get(lessonId) ?? Promise.resolve();
