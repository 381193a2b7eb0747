import "server-only";
import { and, asc, desc, eq, gt, inArray, lt, notInArray, type SQL, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { chatItem, chatThread, type ThreadStatus } from "@/db/schema";

export type ThreadRow = typeof chatThread.$inferSelect;
export type ItemRow = typeof chatItem.$inferSelect;
type Order = "asc" | "desc";

const owned = (userId: string, threadId: string) => and(eq(chatThread.id, threadId), eq(chatThread.userId, userId));

export async function insertThread({
  db,
  row,
}: {
  db: Executor;
  row: typeof chatThread.$inferInsert;
}): Promise<ThreadRow> {
  const [created] = await db.insert(chatThread).values(row).returning();
  return created as ThreadRow;
}

export async function findThread({ db, userId, threadId }: { db: Executor; userId: string; threadId: string }) {
  const [row] = await db.select().from(chatThread).where(owned(userId, threadId));
  return row;
}

/**
 * Rows strictly after the thread `threadId` in (updated_at, id) order, compared in SQL: the
 * timestamps have microseconds, which a JavaScript Date would round away.
 */
export function afterThread({ userId, threadId, order }: { userId: string; threadId: string; order: Order }): SQL {
  const cursor = sql`(select ${chatThread.updatedAt}, ${chatThread.id} from ${chatThread} where ${owned(userId, threadId)})`;
  return order === "desc"
    ? sql`(${chatThread.updatedAt}, ${chatThread.id}) < ${cursor}`
    : sql`(${chatThread.updatedAt}, ${chatThread.id}) > ${cursor}`;
}

/**
 * By last activity (a new message or a rename moves a thread up), most recent first by default;
 * `after` is the id of the last thread of the previous page.
 */
export async function listThreads({
  db,
  userId,
  limit,
  order,
  after,
}: {
  db: Executor;
  userId: string;
  limit: number;
  order: Order;
  after?: string | null;
}): Promise<{ rows: ThreadRow[]; hasMore: boolean }> {
  const conditions: SQL[] = [eq(chatThread.userId, userId)];
  if (after && (await findThread({ db, userId, threadId: after }))) {
    conditions.push(afterThread({ userId, threadId: after, order }));
  }
  const dir = order === "desc" ? desc : asc;
  const rows = await db
    .select()
    .from(chatThread)
    .where(and(...conditions))
    .orderBy(dir(chatThread.updatedAt), dir(chatThread.id))
    .limit(limit + 1);
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

export async function updateThread({
  db,
  userId,
  threadId,
  set,
}: {
  db: Executor;
  userId: string;
  threadId: string;
  set: { title?: string; status?: ThreadStatus };
}): Promise<ThreadRow | undefined> {
  const [row] = await db
    .update(chatThread)
    .set({ ...set, updatedAt: sql`now()` })
    .where(owned(userId, threadId))
    .returning();
  return row;
}

export async function deleteThread({
  db,
  userId,
  threadId,
}: {
  db: Executor;
  userId: string;
  threadId: string;
}): Promise<boolean> {
  const rows = await db.delete(chatThread).where(owned(userId, threadId)).returning({ id: chatThread.id });
  return rows.length > 0;
}

export async function insertItem({ db, row }: { db: Executor; row: typeof chatItem.$inferInsert }): Promise<ItemRow> {
  const [created] = await db.insert(chatItem).values(row).returning();
  await db.update(chatThread).set({ updatedAt: sql`now()` }).where(eq(chatThread.id, row.threadId));
  return created as ItemRow;
}

export async function findItem({
  db,
  userId,
  threadId,
  itemId,
}: {
  db: Executor;
  userId: string;
  threadId: string;
  itemId: string;
}) {
  const [row] = await db
    .select()
    .from(chatItem)
    .where(and(eq(chatItem.id, itemId), eq(chatItem.threadId, threadId), eq(chatItem.userId, userId)));
  return row;
}

/** Items of a thread the caller owns, in `seq` order, cursor = item id. */
export async function listItems({
  db,
  userId,
  threadId,
  limit,
  order,
  after,
  excludeTypes = [],
}: {
  db: Executor;
  userId: string;
  threadId: string;
  limit: number;
  order: Order;
  after?: string | null;
  /** Item types to leave out (the adapter's hidden context items, say). */
  excludeTypes?: readonly string[];
}): Promise<{ rows: ItemRow[]; hasMore: boolean }> {
  const conditions: SQL[] = [eq(chatItem.threadId, threadId), eq(chatItem.userId, userId)];
  if (excludeTypes.length > 0) conditions.push(notInArray(chatItem.type, [...excludeTypes]));
  if (after) {
    const cursor = await findItem({ db, userId, threadId, itemId: after });
    if (cursor) conditions.push((order === "desc" ? lt : gt)(chatItem.seq, cursor.seq));
  }
  const rows = await db
    .select()
    .from(chatItem)
    .where(and(...conditions))
    .orderBy((order === "desc" ? desc : asc)(chatItem.seq))
    .limit(limit + 1);
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

/** Deletes every item newer than `itemId` (retry). */
export async function deleteItemsAfter({
  db,
  userId,
  threadId,
  seq,
}: {
  db: Executor;
  userId: string;
  threadId: string;
  seq: number;
}) {
  await db
    .delete(chatItem)
    .where(and(eq(chatItem.threadId, threadId), eq(chatItem.userId, userId), gt(chatItem.seq, seq)));
}

export async function setItemFeedback({
  db,
  userId,
  threadId,
  itemIds,
  kind,
}: {
  db: Executor;
  userId: string;
  threadId: string;
  itemIds: string[];
  kind: "positive" | "negative";
}) {
  await db
    .update(chatItem)
    .set({ feedback: kind })
    .where(and(eq(chatItem.threadId, threadId), eq(chatItem.userId, userId), inArray(chatItem.id, itemIds)));
}
