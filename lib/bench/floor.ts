import { type LanguageModel, streamText } from "ai";

/**
 * The benchmark's baselines (bench/README.md) stream a model's answer with the least work the
 * AI SDK allows: one call, one `data: {"delta": …}` line per text delta, and a last
 * `data: {"error":true}` if the call failed. The bare route (bench/support/bare-route.ts) writes
 * these lines from plain node:http; the floor route (app/api/bench/floor) answers them from this
 * app's route runtime. Nothing else: no session, database, retrieval or ChatKit events.
 */
export async function* floorLines(model: LanguageModel, prompt: string): AsyncGenerator<string> {
  let failed = false;
  const result = streamText({
    model,
    prompt,
    maxRetries: 0,
    onError: () => {
      failed = true;
    },
  });
  try {
    for await (const delta of result.textStream) yield `data: ${JSON.stringify({ delta })}\n\n`;
  } catch {
    failed = true;
  }
  if (failed) yield 'data: {"error":true}\n\n';
}

/**
 * floorLines as a route handler's streamed Response, one chunk per line. Next sends a streamed
 * Response's headers with its first chunk, so an SSE comment opens the stream at once, as the
 * bare route's flushHeaders does (a burst measures the first byte).
 */
export function floorStream(model: LanguageModel, prompt: string): Response {
  const encoder = new TextEncoder();
  const lines = floorLines(model, prompt);
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(": open\n\n"));
      for await (const line of lines) controller.enqueue(encoder.encode(line));
      controller.close();
    },
  });
  return new Response(body, {
    headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache, no-transform" },
  });
}
