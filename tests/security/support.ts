/**
 * Helpers for the security specs that talk to production servers over plain HTTP (no browser).
 */

/** Ports for servers of their own: E2E_PORT + 10 … + 19 (the shared server is E2E_PORT). */
export const ownPort = (n: number) => Number(process.env.E2E_PORT ?? 3100) + 10 + n;

/** Signs in with email and password; the session cookie as a Cookie header. */
export async function signInCookie(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** POST /api/chatkit as the holder of `cookie`. */
export function chatkit(url: string, cookie: string, body: unknown, init: RequestInit = {}) {
  return fetch(`${url}/api/chatkit`, {
    method: "POST",
    ...init,
    headers: { "content-type": "application/json", origin: url, cookie, ...(init.headers ?? {}) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export const userInput = (text: string) => ({
  content: [{ type: "input_text", text }],
  attachments: [],
  inference_options: {},
});

/** The `data:` events of a ChatKit stream, as they arrive. */
export async function* events(res: Response): AsyncGenerator<Record<string, unknown>> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (block.startsWith("data: ")) yield JSON.parse(block.slice(6));
      end = buffer.indexOf("\n\n");
    }
  }
}
