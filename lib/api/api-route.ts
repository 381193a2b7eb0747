// Kept apart from the staff routes' wrapper (route.ts), which needs the session and the admin
// query kit: every route handler uses this one, the auth route too.
import "server-only";
import { toErrorResponse } from "@/lib/errors";

/** Error answers are never cached. */
export const NO_STORE = { "Cache-Control": "no-store" };

/**
 * Wraps a route handler so that whatever it throws, from its first line on, is answered in the
 * house error shape (lib/errors.ts, never cached) rather than as Next's bare 500. In particular
 * a database, or the auth instance that opens it, that cannot be opened or reached is a 503
 * `db:unavailable` with Retry-After; anything else stays a logged 500 `server:internal`.
 * `respond` gives the body another shape (ChatKit's) or maps an error first.
 */
export function apiRoute<A extends unknown[]>(
  handler: (...args: A) => Promise<Response>,
  respond: (err: unknown, headers: Record<string, string>) => Response | Promise<Response> = toErrorResponse,
): (...args: A) => Promise<Response> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (err) {
      return respond(err, NO_STORE);
    }
  };
}
