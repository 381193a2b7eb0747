/** Where signing in leads when `next` is missing or not allowed. */
export const DEFAULT_AFTER_SIGN_IN = "/learn";

/**
 * Where to go after signing in: a path on this site, or the default. The candidate is parsed
 * the way a browser will parse it, against the app's own origin, and kept only if it stays
 * there. String checks are not enough: browsers read `/\evil.test/` as `//evil.test/`, drop
 * tabs and newlines inside URLs (`/<TAB>/evil.test/`), and resolve `//host` to another site.
 * What is returned is the normalised path, query and fragment, never a full URL.
 */
export function safeNextPath(next: unknown, origin: string): string {
  // A repeated query parameter arrives as an array: not a path.
  if (typeof next !== "string" || !next.startsWith("/")) return DEFAULT_AFTER_SIGN_IN;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return DEFAULT_AFTER_SIGN_IN;
  }
  if (url.origin !== new URL(origin).origin) return DEFAULT_AFTER_SIGN_IN;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Normalised, it must still be a single-slash path (never `//…`, which is another host).
  return path.startsWith("/") && !path.startsWith("//") ? path : DEFAULT_AFTER_SIGN_IN;
}
