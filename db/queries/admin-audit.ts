import "server-only";
import { and, desc, eq, getTableColumns, gte, ilike, inArray, lt, lte, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Executor } from "@/db/client";
import { type AuthEventType, authEvent, user } from "@/db/schema";
import { containsPattern } from "./like";

export interface AuditFilter {
  type?: AuthEventType;
  /**
   * Matches the account the event is about, or the staff member who acted (`details.by`): an
   * email substring or an exact user id.
   */
  who?: string;
  /** Any of these spellings of one address (lib/admin/ip.ts ipFilterForms). */
  ip?: string[];
  from?: Date;
  to?: Date;
}

export interface AuditCursor {
  createdAt: Date;
  id: string;
}

/** Who acted, for events staff (or the CLI) caused: a user id, or a label such as "cli:alice". */
const actedBy = sql<string | null>`${authEvent.details}->>'by'`;
const actor = alias(user, "actor");

/** Past this many accounts a "who" search is broad, and most of the log matches it. */
const MAX_ACTORS = 1000;

/**
 * The ids of the accounts whose email holds `who`, for finding what they did as staff by index
 * (auth_event_by_idx); null past MAX_ACTORS. Matched through the joined actor's email instead,
 * the search could only read the log row by row: seconds on a school's years of events.
 */
export async function actorsMatching(db: Executor, who: string): Promise<string[] | null> {
  const rows = await db
    .select({ id: user.id })
    .from(user)
    .where(ilike(user.email, containsPattern(who)))
    .limit(MAX_ACTORS + 1);
  return rows.length > MAX_ACTORS ? null : rows.map((r) => r.id);
}

function conditions(f: AuditFilter, actors: string[] | null, cursor?: AuditCursor): SQL | undefined {
  const c: SQL[] = [];
  if (f.type) c.push(eq(authEvent.type, f.type));
  if (f.who) {
    const pattern = containsPattern(f.who);
    // Each arm has an index (the email's trigrams, the user, who acted), so a narrow search
    // reads only its rows. A broad one (actors null) matches rows densely, and the newest-first
    // walk finds a page of them at once.
    const acted = actors
      ? sql`${actedBy} = any(${sql.param([f.who, ...actors])}::text[])`
      : or(ilike(actor.email, pattern), eq(actedBy, f.who));
    c.push(or(ilike(authEvent.email, pattern), eq(authEvent.userId, f.who), acted) as SQL);
  }
  if (f.ip?.length) c.push(inArray(authEvent.ip, f.ip));
  if (f.from) c.push(gte(authEvent.createdAt, f.from));
  if (f.to) c.push(lte(authEvent.createdAt, f.to));
  if (cursor) {
    c.push(
      or(
        lt(authEvent.createdAt, cursor.createdAt),
        and(eq(authEvent.createdAt, cursor.createdAt), lt(authEvent.id, cursor.id)),
      ) as SQL,
    );
  }
  return c.length > 0 ? and(...c) : undefined;
}

export type AuditRow = typeof authEvent.$inferSelect & {
  /** The email of the user who acted (`details.by`), while that account exists. */
  byEmail: string | null;
};

interface PageQuery {
  db: Executor;
  filter: AuditFilter;
  limit: number;
  cursor?: AuditCursor;
}

/** The actors of the filter's "who" search (actorsMatching), or null without one. */
export const actorsFor = (db: Executor, filter: AuditFilter) =>
  filter.who ? actorsMatching(db, filter.who) : Promise.resolve(null);

/** One page's statement, with the actors of a "who" search already looked up. */
export function authEventsPage({ db, filter, limit, cursor, actors }: PageQuery & { actors: string[] | null }) {
  return db
    .select({ ...getTableColumns(authEvent), byEmail: actor.email })
    .from(authEvent)
    .leftJoin(actor, eq(actor.id, actedBy))
    .where(conditions(filter, actors, cursor))
    .orderBy(desc(authEvent.createdAt), desc(authEvent.id))
    .limit(limit + 1);
}

/**
 * Newest first, keyset-paginated on (created_at, id): the cost of a page does not grow with
 * how far back it is, which is what lets the CSV export stream any number of rows.
 */
export async function listAuthEvents(
  query: PageQuery & { actors?: string[] | null },
): Promise<{ rows: AuditRow[]; next?: AuditCursor }> {
  // A caller reading page after page (the CSV export) looks the actors up once and passes them.
  const actors = query.actors !== undefined ? query.actors : await actorsFor(query.db, query.filter);
  const rows = await authEventsPage({ ...query, actors });
  const { limit } = query;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, next: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : undefined };
}

export const encodeCursor = (c: AuditCursor) =>
  Buffer.from(`${c.createdAt.toISOString()}|${c.id}`).toString("base64url");

/**
 * A cursor made by encodeCursor, or undefined for anything else: an instant from 1970 to 9999
 * (Postgres has no year 0, which JavaScript accepts) and an id of letters, digits, - and _
 * (event ids are UUIDs; a NUL in one was a 500 from Postgres).
 */
export function decodeCursor(value: string | undefined | null): AuditCursor | undefined {
  if (!value) return undefined;
  const [iso = "", id, extra] = Buffer.from(value, "base64url").toString().split("|");
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(iso) || extra !== undefined) return undefined;
  const createdAt = new Date(iso);
  const time = createdAt.getTime();
  if (Number.isNaN(time) || time < 0) return undefined;
  return id && /^[\w-]{1,100}$/.test(id) ? { createdAt, id } : undefined;
}
