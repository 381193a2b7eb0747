import http from "node:http";
import { performance } from "node:perf_hooks";
import zlib from "node:zlib";

/** Load generation for the benchmark: a closed loop, a bounded pool and raw HTTP reads. */

export interface LoopResult {
  completed: number;
  failed: number;
  seconds: number;
  latencies: number[];
  perSecond: number;
}

/**
 * `concurrency` workers each send requests back to back for `durationMs` (after a warm-up that is
 * not counted), longer if needed to count `minCompleted` answers (slow pages on a busy machine).
 * `request(i)` resolves true for a success. The rate is over the window actually measured.
 */
export async function closedLoop({
  concurrency,
  durationMs,
  warmupMs = 1000,
  minCompleted = 2 * concurrency,
  request,
}: {
  concurrency: number;
  durationMs: number;
  warmupMs?: number;
  minCompleted?: number;
  request: (worker: number, n: number) => Promise<boolean>;
}): Promise<LoopResult> {
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const softEnd = measureFrom + durationMs;
  const hardEnd = measureFrom + durationMs * 8;
  const latencies: number[] = [];
  let completed = 0;
  let failed = 0;
  let n = 0;
  let stoppedAt = 0;
  const more = () => {
    const now = performance.now();
    const go = now < hardEnd && (now < softEnd || completed < minCompleted);
    if (!go && !stoppedAt) stoppedAt = now;
    return go;
  };
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (more()) {
        const t0 = performance.now();
        const ok = await request(worker, n++).catch(() => false);
        const t1 = performance.now();
        // Throughput counts what completes inside the window, whenever it started.
        if (t1 < measureFrom || (stoppedAt && t1 > stoppedAt)) continue;
        if (ok) {
          completed++;
          latencies.push(t1 - t0);
        } else failed++;
      }
    }),
  );
  const seconds = ((stoppedAt || performance.now()) - measureFrom) / 1000;
  return { completed, failed, seconds, latencies, perSecond: completed / seconds };
}

/** Runs `count` tasks with at most `concurrency` in flight; results in task order. */
export async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Bytes on the wire (after any Content-Encoding). */
  wireBytes: number;
  /** The decoded body. */
  body: Buffer;
}

/** A GET through node:http, so the bytes actually sent can be counted (fetch hides them). */
export function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { "accept-encoding": "gzip, deflate, br", ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        const encoding = res.headers["content-encoding"];
        const body =
          encoding === "gzip"
            ? zlib.gunzipSync(raw)
            : encoding === "br"
              ? zlib.brotliDecompressSync(raw)
              : encoding === "deflate"
                ? zlib.inflateSync(raw)
                : raw;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, wireBytes: raw.length, body });
      });
    });
    req.on("error", reject);
  });
}

/** What gzip at the compression middleware's default level would send for `body`. */
export const gzipSize = (body: Buffer | string) => zlib.gzipSync(body, { level: 6 }).length;

export interface StreamTiming {
  status: number;
  /** Response headers received (what `fetch` resolves on): the first byte. */
  headersMs: number;
  /** The first text delta of the answer, or null if none came. */
  firstDeltaMs: number | null;
  totalMs: number;
  /** An `error` event in the stream, or a non-200 answer. */
  error: string | null;
  threadId: string | null;
}

/**
 * Sends one streaming request and times it: headers, the first text delta (a ChatKit
 * `text_delta` event or, for the bare route, any `data:` line) and the end of the stream.
 */
export async function timeStream(url: string, init: RequestInit, kind: "chatkit" | "bare"): Promise<StreamTiming> {
  const t0 = performance.now();
  const res = await fetch(url, { ...init, method: "POST" });
  const headersMs = performance.now() - t0;
  let firstDeltaMs: number | null = null;
  let error: string | null = res.status === 200 ? null : `HTTP ${res.status}`;
  let threadId: string | null = null;
  const decoder = new TextDecoder();
  let seen = "";
  if (res.body) {
    for await (const chunk of res.body) {
      const text = decoder.decode(chunk as Uint8Array, { stream: true });
      if (firstDeltaMs === null && (kind === "bare" ? text.includes('data: {"delta"') : text.includes('text_delta"'))) {
        firstDeltaMs = performance.now() - t0;
      }
      // The bare, floor and required-work routes end a failed answer with this line.
      if (kind === "bare" && text.includes('data: {"error":true}')) error ??= "error line";
      if (kind === "chatkit" && (threadId === null || error === null)) {
        seen = (seen + text).slice(-4000);
        threadId ??= seen.match(/"thread\.created","thread":\{"id":"(thr_[a-z0-9]+)"/)?.[1] ?? null;
        if (/"type":"error"/.test(text)) error ??= text.match(/"message":"([^"]*)"/)?.[1] ?? "error event";
      }
    }
  }
  return { status: res.status, headersMs, firstDeltaMs, totalMs: performance.now() - t0, error, threadId };
}
