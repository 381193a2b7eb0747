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

function conditions(f: AuditFilter, cursor?: AuditCursor): SQL | undefined {
  const c: SQL[] = [];
  if (f.type) c.push(eq(authEvent.type, f.type));
  if (f.who) {
    const pattern = containsPattern(f.who);
    c.push(
      or(
        ilike(authEvent.email, pattern),
        eq(authEvent.userId, f.who),
        ilike(actor.email, pattern),
        eq(actedBy, f.who),
      ) as SQL,
    );
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

/**
 * Newest first, keyset-paginated on (created_at, id): the cost of a page does not grow with
 * how far back it is, which is what lets the CSV export stream any number of rows.
 */
export async function listAuthEvents({
  db,
  filter,
  limit,
  cursor,
}: {
  db: Executor;
  filter: AuditFilter;
  limit: number;
  cursor?: AuditCursor;
}): Promise<{ rows: AuditRow[]; next?: AuditCursor }> {
  const rows = await db
    .select({ ...getTableColumns(authEvent), byEmail: actor.email })
    .from(authEvent)
    .leftJoin(actor, eq(actor.id, actedBy))
    .where(conditions(filter, cursor))
    .orderBy(desc(authEvent.createdAt), desc(authEvent.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, next: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : undefined };
}

export const encodeCursor = (c: AuditCursor) =>
  Buffer.from(`${c.createdAt.toISOString()}|${c.id}`).toString("base64url");

/** A cursor made by encodeCursor, or undefined for anything else (a four-digit-year instant and an id). */
export function decodeCursor(value: string | undefined | null): AuditCursor | undefined {
  if (!value) return undefined;
  const [iso = "", id, extra] = Buffer.from(value, "base64url").toString().split("|");
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(iso) || extra !== undefined) return undefined;
  const createdAt = new Date(iso);
  return id && id.length <= 100 && !Number.isNaN(createdAt.getTime()) ? { createdAt, id } : undefined;
}
