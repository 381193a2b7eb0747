import { expect, test } from "@playwright/test";
import { LESSON } from "./pages/chat";
import { signUpAndVerify, uniqueEmail } from "./support";

// Speeds are measured by `npm run bench`, never here: these check the behaviour the speed rests on.
test.describe("compression", () => {
  test.beforeEach(async ({ page }) => {
    await signUpAndVerify(page, { email: uniqueEmail("perf") });
  });

  test("the lesson page and its scripts are sent gzipped", async ({ page }) => {
    const html = await page.request.get(LESSON, { headers: { "Accept-Encoding": "gzip" } });
    expect(html.status()).toBe(200);
    expect(html.headers()["content-encoding"]).toBe("gzip");

    const src = await page.evaluate(async (url) => {
      const text = await (await fetch(url)).text();
      return text.match(/<script src="([^"]+\.js)"/)?.[1] ?? null;
    }, LESSON);
    expect(src).toBeTruthy();
    const script = await page.request.get(src as string, { headers: { "Accept-Encoding": "gzip" } });
    expect(script.headers()["content-encoding"]).toBe("gzip");
  });

  test("route handlers' answers are gzipped too (Next's own compression skips them without scripts/patch-next.cjs)", async ({
    page,
  }) => {
    const api = await page.request.get("/api/lessons/coordinate-frames-and-vectors/html", {
      headers: { "Accept-Encoding": "gzip" },
    });
    expect(api.status()).toBe(200);
    expect(api.headers()["content-type"]).toBe("application/json");
    expect(api.headers()["content-encoding"]).toBe("gzip");
    expect(api.headers().vary).toContain("Accept-Encoding");
    expect(((await api.json()) as { html: string }).html).toContain('class="katex"');
    // A small JSON answer goes out whole, with its length: compressing it would cost more than it saves.
    const small = await page.request.get("/api/auth/get-session", { headers: { "Accept-Encoding": "gzip" } });
    expect(small.status()).toBe(200);
    expect(small.headers()["content-encoding"]).toBeUndefined();
    expect(Number(small.headers()["content-length"])).toBe((await small.body()).length);
    expect(Number(small.headers()["content-length"])).toBeLessThan(1024);
  });

  test("the tutor's event stream is not compressed and its first events arrive before the answer ends", async ({
    page,
  }) => {
    await page.goto(LESSON);
    const seen = await page.evaluate(async () => {
      const res = await fetch("/api/chatkit", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          type: "threads.create",
          params: {
            input: {
              content: [{ type: "input_text", text: "Tell me everything (slowly)" }],
              attachments: [],
              inference_options: {},
            },
          },
        }),
      });
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let text = "";
      let done = false;
      // The stand-in model writes 40 sentences 250 ms apart: the first must arrive long before the last.
      while (!done && !text.includes("Sentence 1 of")) {
        const next = await reader.read();
        done = next.done;
        if (next.value) text += decoder.decode(next.value, { stream: true });
      }
      await reader.cancel();
      return {
        status: res.status,
        type: res.headers.get("content-type"),
        encoding: res.headers.get("content-encoding"),
        first: text.includes("Sentence 1 of"),
        last: text.includes("Sentence 40"),
      };
    });
    expect(seen.status).toBe(200);
    expect(seen.type).toContain("text/event-stream");
    expect(seen.encoding).toBeNull();
    expect(seen.first).toBe(true);
    expect(seen.last).toBe(false);
  });
});
