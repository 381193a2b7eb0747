/**
 * A signal that aborts after `ms`, or as soon as `signal` does, and `clear()` for when the work
 * is over. AbortSignal.timeout() (what the AI SDK makes of a `timeout.totalMs`) cannot be
 * cancelled: its timer keeps the signal and its listeners alive for the whole timeout, and
 * through them the finished request, its stream and its buffers (120 s per tutor turn).
 */
export interface Deadline {
  signal: AbortSignal;
  clear(): void;
}

export function deadline(ms: number, signal?: AbortSignal): Deadline {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  const timer = setTimeout(() => controller.abort(new DOMException(`Timed out after ${ms} ms.`, "TimeoutError")), ms);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  return {
    signal: controller.signal,
    clear() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    },
  };
}
