import { claimTurn, releaseTurn } from "@/db/queries/chat-turn";
import "server-only";
import { randomBytes } from "node:crypto";
import type { Executor } from "@/db/client";
import {
  deleteItemsAfter,
  deleteThread,
  findItem,
  findThread,
  getThreadPage,
  type ItemRow,
  insertItem,
  insertThread,
  insertThreadWithItem,
  listItems,
  listThreads,
  setItemFeedback,
  type ThreadRow,
  updateThread,
} from "@/db/queries/chat";
import type { ThreadStatus } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { dropNulls, HIDDEN_ITEM_TYPES, type Page, type ThreadItemWire, type ThreadWire } from "./protocol";

/**
 * Threads and items through Drizzle, always scoped to one user: a thread id that belongs to
 * someone else behaves exactly like one that does not exist.
 */

export const newId = (prefix: "thr" | "msg" | "shcx") => `${prefix}_${randomBytes(8).toString("hex")}`;

export const MAX_PAGE = 100;
export const clampLimit = (limit?: number | null, fallback = 20) => Math.min(Math.max(limit ?? fallback, 1), MAX_PAGE);

const emptyPage = <T>(): Page<T> => ({ data: [], has_more: false });

/** A page cursor (`after`) that names nothing of the caller's: a 400, not a silent first page. */
function known<T>(page: T | null): T {
  if (!page) throw new AppError("chatkit:invalid_request", "Invalid request: after: unknown cursor.");
  return page;
}

type WireThread = Pick<ThreadRow, "id" | "title" | "createdAt" | "status">;
type WireItem = Pick<ItemRow, "id" | "threadId" | "type" | "content" | "createdAt">;

export function threadToWire(row: WireThread, items: Page<ThreadItemWire> = emptyPage()): ThreadWire {
  // `items` is already on the wire (nulls dropped), so only the thread's own fields are walked.
  const thread = dropNulls({
    id: row.id,
    title: row.title ?? undefined,
    created_at: row.createdAt.toISOString(),
    status: row.status,
    metadata: {},
  });
  return { ...thread, items };
}

export function itemToWire(row: WireItem): ThreadItemWire {
  return dropNulls({
    ...(row.content as object),
    id: row.id,
    thread_id: row.threadId,
    created_at: row.createdAt.toISOString(),
    type: row.type,
  }) as ThreadItemWire;
}

/** A page on the wire; `toWire` already drops nulls from each entry. */
function page<T, W>(rows: T[], hasMore: boolean, toWire: (r: T) => W, idOf: (r: T) => string): Page<W> {
  const last = rows.at(-1);
  return hasMore && last
    ? { data: rows.map(toWire), has_more: true, after: idOf(last) }
    : { data: rows.map(toWire), has_more: false };
}

export interface ThreadContext {
  courseId?: string | null;
  stageId?: string | null;
  lessonId?: string | null;
  /** Given when the thread was announced to the client before it was stored. */
  id?: string;
  createdAt?: Date;
}

interface NewItem {
  id: string;
  type: string;
  role?: string;
  content: Record<string, unknown>;
  createdAt?: Date;
}

export function createChatStore(db: Executor, userId: string) {
  return {
    async createThread(ctx: ThreadContext): Promise<ThreadRow> {
      return insertThread({
        db,
        row: {
          id: ctx.id ?? newId("thr"),
          userId,
          courseId: ctx.courseId,
          stageId: ctx.stageId,
          lessonId: ctx.lessonId,
          createdAt: ctx.createdAt,
          updatedAt: ctx.createdAt,
        },
      });
    },
    loadThread: (threadId: string) => findThread({ db, userId, threadId }),
    claimTurn: (threadId: string, ms: number) => claimTurn({ db, userId, threadId, ms }),
    releaseTurn: (threadId: string) => releaseTurn({ db, userId, threadId }),
    async listThreads(params: { limit?: number | null; order: "asc" | "desc"; after?: string | null }) {
      const { rows, hasMore } = known(
        await listThreads({ db, userId, limit: clampLimit(params.limit), order: params.order, after: params.after }),
      );
      return page(
        rows,
        hasMore,
        (r) => threadToWire(r),
        (r) => r.id,
      );
    },
    updateThread: (threadId: string, set: { title?: string; status?: ThreadStatus }) =>
      updateThread({ db, userId, threadId, set }),
    deleteThread: (threadId: string) => deleteThread({ db, userId, threadId }),
    /** Stores an item; with `title`, titles its thread in the same statement (and returns it). */
    addItem: (threadId: string, item: NewItem, title?: string) =>
      insertItem({ db, row: { ...item, threadId, userId }, title }),
    /** A thread announced to the client before it was stored, with its first message. */
    createThreadWithItem: (ctx: ThreadContext & { id: string; createdAt: Date }, item: NewItem) =>
      insertThreadWithItem({
        db,
        thread: {
          id: ctx.id,
          userId,
          courseId: ctx.courseId,
          stageId: ctx.stageId,
          lessonId: ctx.lessonId,
          createdAt: ctx.createdAt,
          updatedAt: ctx.createdAt,
        },
        item: { ...item, threadId: ctx.id, userId },
      }),
    loadItem: (threadId: string, itemId: string) => findItem({ db, userId, threadId, itemId }),
    /**
     * The thread and a page of its items for the client (hidden items never leave the server),
     * in one query; null when the thread is not the caller's.
     */
    async threadPage(
      threadId: string,
      params: { limit?: number | null; order: "asc" | "desc"; after?: string | null },
    ): Promise<{ thread: ThreadWire; items: Page<ThreadItemWire> } | null> {
      const found = await getThreadPage({
        db,
        userId,
        threadId,
        limit: clampLimit(params.limit),
        order: params.order,
        after: params.after,
        excludeTypes: [...HIDDEN_ITEM_TYPES],
      });
      if (!found) return null;
      known(found.cursorKnown ? found : null);
      const items = page(found.rows, found.hasMore, itemToWire, (r) => r.id);
      return { thread: threadToWire(found.thread, items), items };
    },
    /** The most recent items, oldest first, hidden ones included: the model's view of the thread. */
    async history(threadId: string, limit = 30): Promise<ItemRow[]> {
      const page = await listItems({ db, userId, threadId, limit, order: "desc" });
      return (page?.rows ?? []).reverse();
    },
    deleteItemsAfter: (threadId: string, seq: number) => deleteItemsAfter({ db, userId, threadId, seq }),
    setFeedback: (threadId: string, itemIds: string[], kind: "positive" | "negative") =>
      setItemFeedback({ db, userId, threadId, itemIds, kind }),
  };
}

export type ChatStore = ReturnType<typeof createChatStore>;
