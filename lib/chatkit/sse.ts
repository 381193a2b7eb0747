import { withUrgency } from "@/db/urgency";
import { shutdownSignal } from "@/lib/http/shutdown";
import type { StreamEvent } from "./protocol";

export const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  // no-transform keeps gzip (next.config `compress`, proxies) off the stream, which would hold
  // events back; X-Accel-Buffering does the same for nginx.
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
  Connection: "keep-alive",
};

export type Emit = (event: StreamEvent) => void;

/**
 * A ChatKit stream: `data: <json>\n\n` per event, nothing else. `run` gets an emitter and a
 * signal that aborts when the client goes away, or when the server is stopping (its reason is
 * then a ShutdownError, and the client, still connected, can be told). Whatever `run` throws
 * becomes an `error` event: once the 200 is sent, failures must never look like a 5xx (ChatKit
 * would resend the message). Its database work is served after other requests' checks before
 * their responses when connections are short (db/urgency.ts: `stream`).
 */
export function sseResponse(
  run: (emit: Emit, signal: AbortSignal) => Promise<void>,
  { headers = {}, requestSignal }: { headers?: Record<string, string>; requestSignal?: AbortSignal } = {},
): Response {
  const clientGone = new AbortController();
  requestSignal?.addEventListener("abort", () => clientGone.abort(), { once: true });
  const signal = AbortSignal.any([clientGone.signal, shutdownSignal()]);
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      // Events emitted in the same tick leave as one chunk (one socket write), at the end of
      // that tick: nothing waits for a later event.
      let pending = "";
      const flush = () => {
        if (!pending) return;
        const chunk = pending;
        pending = "";
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          open = false;
        }
      };
      const emit: Emit = (event) => {
        if (!open || clientGone.signal.aborted) return;
        if (!pending) queueMicrotask(flush);
        pending += `data: ${JSON.stringify(event)}\n\n`;
      };
      try {
        await withUrgency("stream", () => run(emit, signal));
      } catch (err) {
        console.error(`[chatkit] stream failed: ${(err as Error).message}`);
        emit({
          type: "error",
          code: "stream.error",
          message: "The tutor stopped unexpectedly. Please try again.",
          allow_retry: true,
        });
      } finally {
        flush();
        open = false;
        try {
          controller.close();
        } catch {
          // already closed by a disconnect
        }
      }
    },
    cancel() {
      clientGone.abort();
    },
  });
  return new Response(stream, { status: 200, headers: { ...headers, ...SSE_HEADERS } });
}
