import "server-only";
import { and, asc, desc, eq, gt, inArray, notInArray, type SQL, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { chatItem, chatThread, type ThreadStatus, tutorFeedback } from "@/db/schema";

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

/** What a thread list shows of each thread. */
export type ThreadSummaryRow = Pick<ThreadRow, "id" | "title" | "status" | "createdAt" | "updatedAt">;

const summary = {
  id: chatThread.id,
  title: chatThread.title,
  status: chatThread.status,
  createdAt: chatThread.createdAt,
  updatedAt: chatThread.updatedAt,
};

/**
 * Rows strictly after the thread `threadId` in (created_at, id) order, the protocol's sort key:
 * unlike updated_at, a new message or a rename never moves a thread, so a cursor taken from one
 * page still marks the same place when the next page is read. Compared in SQL (the timestamps
 * have microseconds, which a JavaScript Date would round away), with the cursor's created_at as a
 * scalar subquery so that chat_thread_user_idx (user_id, created_at) starts the scan there. An
 * unknown cursor (not one of the user's threads) reads as ±infinity: it matches every thread.
 */
export function afterThread({ userId, threadId, order }: { userId: string; threadId: string; order: Order }): SQL {
  const createdAt = sql`(select ${chatThread.createdAt} from ${chatThread} where ${owned(userId, threadId)})`;
  return order === "desc"
    ? sql`(${chatThread.createdAt}, ${chatThread.id}) < (coalesce(${createdAt}, 'infinity'), ${threadId})`
    : sql`(${chatThread.createdAt}, ${chatThread.id}) > (coalesce(${createdAt}, '-infinity'), ${threadId})`;
}

/**
 * By when each thread started (created_at, then id), newest first by default; `after` is the id
 * of the last thread of the previous page (an unknown cursor is ignored). One round trip: the
 * cursor is a subquery.
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
}): Promise<{ rows: ThreadSummaryRow[]; hasMore: boolean } | null> {
  const conditions: SQL[] = [eq(chatThread.userId, userId)];
  if (after) conditions.push(afterThread({ userId, threadId: after, order }));
  const dir = order === "desc" ? desc : asc;
  const found = await db
    .select({ ...summary, cursorKnown: after ? ownedExists(userId, after) : sql<boolean>`true` })
    .from(chatThread)
    .where(and(...conditions))
    .orderBy(dir(chatThread.createdAt), dir(chatThread.id))
    .limit(limit + 1);
  // An unknown cursor matches every thread, so it is only ever learnt from the rows; with no
  // rows (the cursor was the last thread, or the user has none) one more lookup tells.
  const known = found[0] ? found[0].cursorKnown : !after || Boolean(await findThread({ db, userId, threadId: after }));
  if (!known) return null;
  const rows = found.map(({ cursorKnown: _, ...row }) => row);
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

const ownedExists = (userId: string, threadId: string) =>
  sql<boolean>`exists(select 1 from ${chatThread} where ${owned(userId, threadId)})`;

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

/**
 * Stores an item and marks its thread as active now, in one statement; with a `title`, the
 * thread gets it in the same statement and is returned.
 */
export async function insertItem({
  db,
  row,
  title,
}: {
  db: Executor;
  row: typeof chatItem.$inferInsert;
  title?: string;
}): Promise<ThreadRow | undefined> {
  const item = db.$with("item").as(db.insert(chatItem).values(row).returning({ threadId: chatItem.threadId }));
  const update = db
    .with(item)
    .update(chatThread)
    .set({ updatedAt: sql`now()`, ...(title === undefined ? {} : { title }) })
    .where(eq(chatThread.id, sql`(select ${item.threadId} from ${item})`));
  if (title === undefined) {
    await update;
    return undefined;
  }
  const [thread] = await update.returning();
  return thread;
}

/** A new thread and its first item, in one statement. */
export async function insertThreadWithItem({
  db,
  thread,
  item,
}: {
  db: Executor;
  thread: typeof chatThread.$inferInsert;
  item: typeof chatItem.$inferInsert;
}): Promise<void> {
  const created = db.$with("created").as(db.insert(chatThread).values(thread).returning({ id: chatThread.id }));
  await db
    .with(created)
    .insert(chatItem)
    .values({ ...item, threadId: sql`(select ${created.id} from ${created})` });
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

/** What the client is sent of an item. */
export type ItemWireRow = Pick<ItemRow, "id" | "threadId" | "type" | "content" | "createdAt">;

/**
 * Items after `after` (an item id) in `seq` order. An unknown cursor matches every item here;
 * callers that answer the client learn it from itemCursorKnown and refuse it.
 */
function afterItem(order: Order, after: string | null | undefined, userId: string, threadId: string): SQL | undefined {
  if (!after) return undefined;
  const cursor = sql`(select c.seq from chat_item c where c.id = ${after} and c.thread_id = ${threadId} and c.user_id = ${userId})`;
  return sql`coalesce(${chatItem.seq} ${sql.raw(order === "desc" ? "<" : ">")} ${cursor}, true)`;
}

function itemCursorKnown(after: string | null | undefined, userId: string, threadId: string) {
  if (!after) return sql<boolean>`true`;
  return sql<boolean>`exists(select 1 from chat_item c where c.id = ${after} and c.thread_id = ${threadId} and c.user_id = ${userId})`;
}

/** A page of one thread's items: `after` is an item id, the last of the previous page. */
interface ItemPageQuery {
  db: Executor;
  userId: string;
  threadId: string;
  limit: number;
  order: Order;
  after?: string | null;
  /** Item types to leave out (the adapter's hidden context items, say). */
  excludeTypes?: readonly string[];
}

/**
 * Items of a thread the caller owns, in `seq` order, cursor = item id. The model's view: all
 * columns, hidden items included unless excluded.
 */
export async function listItems({
  db,
  userId,
  threadId,
  limit,
  order,
  after,
  excludeTypes = [],
}: ItemPageQuery): Promise<{ rows: ItemRow[]; hasMore: boolean }> {
  const rows = await db
    .select()
    .from(chatItem)
    .where(
      and(
        eq(chatItem.threadId, threadId),
        eq(chatItem.userId, userId),
        excludeTypes.length > 0 ? notInArray(chatItem.type, [...excludeTypes]) : undefined,
        afterItem(order, after, userId, threadId),
      ),
    )
    .orderBy((order === "desc" ? desc : asc)(chatItem.seq))
    .limit(limit + 1);
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

/**
 * A thread the caller owns and a page of its items, in one round trip (the thread joined to its
 * items): undefined when the thread is not theirs, an empty page when it has no items.
 */
export async function getThreadPage({
  db,
  userId,
  threadId,
  limit,
  order,
  after,
  excludeTypes = [],
}: ItemPageQuery): Promise<
  { thread: ThreadSummaryRow; rows: ItemWireRow[]; hasMore: boolean; cursorKnown: boolean } | undefined
> {
  const joined = await db
    .select({
      thread: summary,
      cursorKnown: itemCursorKnown(after, userId, threadId),
      item: {
        id: chatItem.id,
        threadId: chatItem.threadId,
        type: chatItem.type,
        content: chatItem.content,
        createdAt: chatItem.createdAt,
      },
    })
    .from(chatThread)
    .leftJoin(
      chatItem,
      and(
        eq(chatItem.threadId, chatThread.id),
        eq(chatItem.userId, userId),
        excludeTypes.length > 0 ? notInArray(chatItem.type, [...excludeTypes]) : undefined,
        afterItem(order, after, userId, threadId),
      ),
    )
    .where(owned(userId, threadId))
    .orderBy((order === "desc" ? desc : asc)(chatItem.seq))
    .limit(limit + 1);
  const first = joined[0];
  if (!first) return undefined;
  const rows = joined.flatMap((r) => (r.item ? [r.item] : []));
  return {
    thread: first.thread,
    rows: rows.slice(0, limit),
    hasMore: rows.length > limit,
    cursorKnown: first.cursorKnown,
  };
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
}): Promise<number> {
  const rated = await db
    .update(chatItem)
    .set({ feedback: kind })
    .where(and(eq(chatItem.threadId, threadId), eq(chatItem.userId, userId), inArray(chatItem.id, itemIds)))
    .returning({ id: chatItem.id });
  if (rated.length === 0) return 0;
  // The usage page counts votes from this ledger; it outlives the conversation.
  await db
    .insert(tutorFeedback)
    .values(rated.map((r) => ({ itemId: r.id, threadId, userId, kind })))
    .onConflictDoUpdate({ target: tutorFeedback.itemId, set: { kind, updatedAt: sql`now()` } });
  return rated.length;
}
