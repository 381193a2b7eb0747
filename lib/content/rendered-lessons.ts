/**
 * Rendered lesson HTML by version, held once per server process (on globalThis, so the server
 * components that render it and the server-side pass of the client component that shows it
 * share it). A version is a hash of the lesson text and the renderer, so an edit is a new key
 * and nothing is ever stale. In the browser this map stays empty.
 */
const MAX_ENTRIES = 256;

const store = globalThis as unknown as { __intellistackRenderedLessons?: Map<string, string> };

function entries(): Map<string, string> {
  store.__intellistackRenderedLessons ??= new Map();
  return store.__intellistackRenderedLessons;
}

export function renderedLesson(version: string): string | undefined {
  const map = entries();
  const html = map.get(version);
  if (html !== undefined) {
    // Least recently used goes first.
    map.delete(version);
    map.set(version, html);
  }
  return html;
}

export function rememberRenderedLesson(version: string, html: string): void {
  const map = entries();
  map.set(version, html);
  while (map.size > MAX_ENTRIES) map.delete(map.keys().next().value as string);
}
