/**
 * Rendered lesson HTML by version, held once per server process (on globalThis, so the server
 * components that render it and the server-side pass of the client component that shows it
 * share it). A version is a hash of the lesson text and the renderer, so an edit is a new key
 * and nothing is ever stale. In the browser the same map keeps the last few lessons shown, so
 * going back to one shows it at once, without fetching it again.
 */
import { LruMap } from "@/lib/lru";

const MAX_ENTRIES = typeof window === "undefined" ? 256 : 16;

const store = globalThis as unknown as { __intellistackRenderedLessons?: LruMap<string, string> };

function entries(): LruMap<string, string> {
  store.__intellistackRenderedLessons ??= new LruMap(MAX_ENTRIES);
  return store.__intellistackRenderedLessons;
}

export function renderedLesson(version: string): string | undefined {
  return entries().get(version);
}

export function rememberRenderedLesson(version: string, html: string): void {
  entries().set(version, html);
}
