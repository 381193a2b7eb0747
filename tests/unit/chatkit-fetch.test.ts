import { describe, expect, it } from "vitest";
import { chatkitFetch } from "@/lib/chatkit/client/chatkit-fetch";

/** Records what ChatKit's api.fetch sends, answering 200. */
function recorder() {
  const sent: { url: string; init: RequestInit; headers: Headers }[] = [];
  const send = (async (input: RequestInfo | URL, init?: RequestInit) => {
    sent.push({ url: String(input), init: init ?? {}, headers: new Headers(init?.headers) });
    return new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
  }) as typeof fetch;
  return { sent, send };
}

describe("ChatKit's api.fetch", () => {
  it("labels a request without a Content-Type as JSON, so the server (JSON only) does not refuse it", async () => {
    const { sent, send } = recorder();
    const f = chatkitFetch({ bearer: async () => "jwt", lessonId: "vectors", fetch: send });
    await f("/api/chatkit", { method: "POST", body: JSON.stringify({ type: "threads.list", params: {} }) });
    expect(sent[0]?.headers.get("content-type")).toBe("application/json");
    expect(sent[0]?.headers.get("authorization")).toBe("Bearer jwt");
    expect(sent[0]?.headers.get("x-tutor-lesson-id")).toBe("vectors");
    expect(sent[0]?.init.credentials).toBe("same-origin");
  });

  it("keeps a Content-Type ChatKit set, and adds none to a request without a text body", async () => {
    const { sent, send } = recorder();
    const f = chatkitFetch({ bearer: async () => null, fetch: send });
    await f("/api/chatkit", { method: "POST", headers: { "Content-Type": "text/plain" }, body: "{}" });
    await f("/api/chatkit", { method: "GET" });
    expect(sent[0]?.headers.get("content-type")).toBe("text/plain");
    expect(sent[1]?.headers.has("content-type")).toBe(false);
    expect(sent[0]?.headers.has("authorization")).toBe(false);
    expect(sent[0]?.headers.has("x-tutor-lesson-id")).toBe(false);
  });
});
