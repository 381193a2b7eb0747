import { AppError, type ErrorCode } from "@/lib/errors";

/**
 * Reads a request body but never more than `maxBytes` of it: a declared Content-Length over the
 * limit is refused before reading, and a chunked (or lying) body is read chunk by chunk and
 * abandoned as soon as it passes the limit. Either way the answer is 413 `code`, and memory
 * stays bounded by the limit whatever the client sends.
 */
export async function readBodyCapped(
  request: Request,
  maxBytes: number,
  code: ErrorCode = "http:body_too_large",
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) throw new AppError(code);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new AppError(code);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The capped body as UTF-8 text; bytes that are not UTF-8 are `invalidCode` (400). */
export async function readTextCapped(
  request: Request,
  maxBytes: number,
  codes: { tooLarge: ErrorCode; invalid: ErrorCode },
): Promise<string> {
  const bytes = await readBodyCapped(request, maxBytes, codes.tooLarge);
  try {
    return utf8.decode(bytes);
  } catch {
    throw new AppError(codes.invalid, "The request body is not valid UTF-8.");
  }
}
