import { createParser } from "eventsource-parser";
import { LESSON_HEADER, type Page, type StreamEvent, type ThreadItemWire, type ThreadWire } from "../protocol";

/**
 * The browser's client for POST /api/chatkit, shared by the built-in chat and ChatKit's
 * `api.fetch`. Errors before a stream are TutorHttpError with the server's code and message.
 */
export interface Quota {
  limit: number;
  remaining: number;
  resetAt: Date;
}

export class TutorHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly resetAt?: Date,
  ) {
    super(message);
    this.name = "TutorHttpError";
  }
}

/** The request never got an answer (offline, DNS, connection reset). */
export const networkError = () => new TutorHttpError(0, "network", "The tutor could not be reached.");

export interface RequestContext {
  lessonId?: string;
  /** Called with the quota headers of every response. */
  onQuota?: (quota: Quota) => void;
  fetchImpl?: typeof fetch;
}

export function quotaFrom(headers: Headers): Quota | null {
  const limit = Number(headers.get("x-ratelimit-limit"));
  const remaining = Number(headers.get("x-ratelimit-remaining"));
  const reset = Number(headers.get("x-ratelimit-reset"));
  if (!headers.has("x-ratelimit-limit") || Number.isNaN(limit)) return null;
  return { limit, remaining, resetAt: new Date(reset * 1000) };
}

async function send(body: unknown, ctx: RequestContext, signal?: AbortSignal): Promise<Response> {
  let res: Response;
  try {
    res = await (ctx.fetchImpl ?? fetch)("/api/chatkit", {
      method: "POST",
      headers: { "content-type": "application/json", ...(ctx.lessonId ? { [LESSON_HEADER]: ctx.lessonId } : {}) },
      body: JSON.stringify(body),
      signal,
      credentials: "same-origin",
    });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw networkError();
  }
  const quota = quotaFrom(res.headers);
  if (quota) ctx.onQuota?.(quota);
  if (!res.ok) {
    const json = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new TutorHttpError(
      res.status,
      json?.error?.code ?? `http_${res.status}`,
      json?.error?.message ?? res.statusText,
      quota?.resetAt,
    );
  }
  return res;
}

export async function requestJson<T>(body: { type: string; params: unknown }, ctx: RequestContext = {}): Promise<T> {
  return (await (await send(body, ctx)).json()) as T;
}

/** A streaming request, as the events the server sends (parsed by eventsource-parser). */
export async function* requestStream(
  body: { type: string; params: unknown },
  ctx: RequestContext,
  signal: AbortSignal,
): AsyncGenerator<StreamEvent> {
  const res = await send(body, ctx, signal);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const queue: StreamEvent[] = [];
  const parser = createParser({ onEvent: (e) => queue.push(JSON.parse(e.data) as StreamEvent) });
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
    while (queue.length > 0) yield queue.shift() as StreamEvent;
  }
}

const THREAD_PAGE = 50;
/** The server's largest page. */
const ITEM_PAGE = 100;

/** A page's rows and the cursor for the next one (null on the last page). */
const nextPage = <T>(page: Page<T>) => ({ data: page.data, more: page.has_more ? (page.after ?? null) : null });

export const api = {
  /** A page of conversations, newest first by when each started; `after` is the previous page's cursor. */
  listThreads: (ctx?: RequestContext, after?: string | null) =>
    requestJson<Page<ThreadWire>>(
      { type: "threads.list", params: { limit: THREAD_PAGE, order: "desc", ...(after ? { after } : {}) } },
      ctx,
    ).then(nextPage),
  /**
   * A page of a conversation's messages going back in time: the latest first, then (with the
   * previous page's cursor) the ones before them. Returned oldest first, as they are shown.
   */
  listItems: (threadId: string, ctx?: RequestContext, after?: string | null) =>
    requestJson<Page<ThreadItemWire>>(
      {
        type: "items.list",
        params: { thread_id: threadId, limit: ITEM_PAGE, order: "desc", ...(after ? { after } : {}) },
      },
      ctx,
    ).then((page) => {
      const { data, more } = nextPage(page);
      return { data: data.reverse(), more };
    }),
  rename: (threadId: string, title: string, ctx?: RequestContext) =>
    requestJson<ThreadWire>({ type: "threads.update", params: { thread_id: threadId, title } }, ctx),
  remove: (threadId: string, ctx?: RequestContext) =>
    requestJson<object>({ type: "threads.delete", params: { thread_id: threadId } }, ctx),
  feedback: (threadId: string, itemId: string, kind: "positive" | "negative", ctx?: RequestContext) =>
    requestJson<object>({ type: "items.feedback", params: { thread_id: threadId, item_ids: [itemId], kind } }, ctx),
};
