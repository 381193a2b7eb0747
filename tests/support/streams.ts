/**
 * A request body of `totalBytes` produced chunk by chunk as the reader pulls (what a chunked
 * upload looks like to the server), counting how much was actually pulled.
 */
export function pulledBody(totalBytes: number, chunkBytes = 64 * 1024) {
  let pulled = 0;
  const chunk = new Uint8Array(chunkBytes).fill(0x61);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= totalBytes) {
        controller.close();
        return;
      }
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => pulled };
}

/** A POST whose body streams (no Content-Length), as a chunked upload would arrive. */
export function streamingPost(url: string, body: ReadableStream<Uint8Array>, headers: Record<string, string>) {
  return new Request(url, { method: "POST", headers, body, duplex: "half" } as RequestInit);
}
