/**
 * Whether a failure means "the database is not answering" (down, unreachable, frozen, out of
 * connections, a query cut off by our own timeouts, or an embedded database folder that another
 * process holds) rather than a bug or a bad query. Those become 503 `db:unavailable` with
 * Retry-After instead of a 500. Drivers wrap their errors (Drizzle puts the driver's error in
 * `cause`), so the whole cause chain is read.
 */

/** How long a client should wait before retrying after an outage, in seconds. */
export const DB_RETRY_AFTER_SECONDS = 5;

// SQLSTATE classes and codes: 08 connection exception, 57014 query_canceled (statement_timeout),
// 57P01-57P03 shutdown / cannot connect now, 53300 too_many_connections.
const UNAVAILABLE_SQLSTATE = /^(08...|57014|57P0[123]|53300)$/;
const UNAVAILABLE_NODE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
]);
// db/lock.ts's error, by name: this module is also bundled apart (proxy.ts, instrumentation.ts),
// where `instanceof` would not hold, and it must not pull node:fs into them.
const UNAVAILABLE_NAMES = new Set(["DatabaseLockedError"]);
const UNAVAILABLE_MESSAGES = [
  /query read timeout/i,
  /timeout exceeded when trying to connect/i,
  /connection terminated/i,
  /connection timeout/i,
  /not queryable/i,
  /the database system is (starting up|shutting down)/i,
];

export function isDatabaseUnavailable(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 6 && current && typeof current === "object"; depth++) {
    const e = current as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof e.name === "string" && UNAVAILABLE_NAMES.has(e.name)) return true;
    if (typeof e.code === "string" && (UNAVAILABLE_SQLSTATE.test(e.code) || UNAVAILABLE_NODE_CODES.has(e.code)))
      return true;
    if (typeof e.message === "string" && UNAVAILABLE_MESSAGES.some((re) => re.test(e.message as string))) return true;
    // AggregateError (a connect that tried IPv4 and IPv6) carries its reasons in `errors`.
    if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    current = e.cause;
  }
  return false;
}

// The last outage seen by this process. Pages cannot answer a 503 themselves (a server
// component that fails renders the error page), so proxy.ts reads this and answers 503 for
// pages while an outage is fresh; it is on globalThis because the proxy is bundled apart.
const state = globalThis as unknown as { __intellistackDbOutageUntil?: number };

export function noteDatabaseUnavailable(now = Date.now()): void {
  state.__intellistackDbOutageUntil = now + DB_RETRY_AFTER_SECONDS * 1000;
}

export function noteDatabaseAvailable(): void {
  state.__intellistackDbOutageUntil = undefined;
}

/** Seconds until a recent outage may be retried, or null when none is known. */
export function outageRetryAfter(now = Date.now()): number | null {
  const until = state.__intellistackDbOutageUntil;
  return until && until > now ? Math.max(1, Math.ceil((until - now) / 1000)) : null;
}
