import { createHash } from "node:crypto";

/** At most this many different statements get a name (each connection keeps those it used). */
export const MAX_NAMED_STATEMENTS = 500;
/** Longer statements (bulk inserts, imports) stay unnamed: they are rarely repeated as is. */
const MAX_TEXT = 8_000;

type Query = (config: unknown, values?: unknown, ...rest: unknown[]) => unknown;

/**
 * Postgres refuses to run a kept statement whose result columns changed type under it (a
 * migration altered a column while the app ran); the statement is then dead on every
 * connection that kept it.
 */
const isStalePlan = (err: unknown) =>
  (err as { code?: string }).code === "0A000" && /cached plan must not change result type/.test(String(err));

/**
 * Gives every parameterised statement sent through `pool.query` a name derived from its text,
 * so each pooled connection parses and plans it once and then only binds and runs it (a named
 * statement: the extended protocol's prepare). Postgres re-plans a kept statement by itself
 * when a table it reads changes; Neon's pooler (PgBouncer 1.22) keeps named statements per
 * client. Left alone, as before:
 * - statements without parameters (a migration's several commands, `select 1`): a name would
 *   switch them to the extended protocol, which takes one command at a time;
 * - calls with a callback, and statements that already have a name;
 * - new texts once MAX_NAMED_STATEMENTS are named (the names each connection keeps are bounded).
 * A statement whose result types changed under it (see isStalePlan) runs again unnamed, and
 * every text gets a new name from then on, so no connection reuses a dead one.
 */
export function nameStatements<P extends { query: Query }>(pool: P): P {
  const names = new Map<string, string>();
  let generation = 0;
  const query = pool.query.bind(pool) as Query;

  const nameFor = (config: unknown, values: unknown, rest: unknown[]): string | null => {
    if (rest.length > 0 || !Array.isArray(values) || values.length === 0) return null;
    if (typeof config !== "object" || config === null) return null;
    const { text, name } = config as { text?: unknown; name?: unknown };
    if (name || typeof text !== "string" || text.length > MAX_TEXT) return null;
    let found = names.get(text);
    if (!found && names.size < MAX_NAMED_STATEMENTS) {
      found = `s${generation}_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
      names.set(text, found);
    }
    return found ?? null;
  };

  pool.query = ((config: unknown, values?: unknown, ...rest: unknown[]) => {
    const name = nameFor(config, values, rest);
    if (!name) return query(config, values, ...rest);
    return (query({ ...(config as object), name }, values) as Promise<unknown>).catch((err: unknown) => {
      if (!isStalePlan(err)) throw err;
      if (names.size > 0) {
        names.clear();
        generation++;
      }
      return query(config, values);
    });
  }) as P["query"];
  return pool;
}
