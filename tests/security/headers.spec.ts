import http from "node:http";
import { expect, test } from "@playwright/test";
import { CHATKIT_SCRIPT } from "../../lib/chatkit/client/cdn";
import { signUpAndVerify, uniqueEmail } from "../e2e/support";
import { ownPort } from "./support";

/**
 * Issue 14, item 10, in Chromium against the production build: there were no security headers,
 * /admin/users rendered inside a frame from another port of the same host, and a same-site page
 * could make a signed-in learner's browser post to /api/chatkit (text/plain) and to
 * /api/admin/retention.
 */
const CDN_ORIGIN = new URL(CHATKIT_SCRIPT).origin;

test("every page carries a nonce CSP (no inline scripts without it), frame-ancestors 'none' and the rest", async ({
  request,
}) => {
  const nonces = new Set<string>();
  for (const path of ["/", "/sign-in", "/sign-up"]) {
    const res = await request.get(path);
    const headers = res.headers();
    const csp = headers["content-security-policy"] ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce, path).toBeTruthy();
    nonces.add(nonce as string);
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    // CHAT_UI=auto here, so ChatKit's CDN is allowed.
    expect(csp).toContain(CDN_ORIGIN);
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["strict-transport-security"]).toMatch(/max-age=\d+/);
    // Every script tag in the page carries the nonce.
    const html = await res.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
  }
  expect(nonces.size).toBe(3);
  const api = await request.get("/api/health");
  expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
});

test("pages work under the policy: no CSP violations while signing up and using the tutor panel", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.route(CHATKIT_SCRIPT, (route) => route.abort());
  await signUpAndVerify(page, { email: uniqueEmail("csp") });
  await page.goto("/learn/spatial-foundations/coordinate-frames-and-vectors");
  await page.getByTestId("open-tutor").click();
  await expect(page.getByTestId("builtin-chat")).toBeVisible();
  expect(violations).toEqual([]);
});

/** A page on another port of the same host: same-site, cross-origin. */
function otherOrigin(html: string) {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(html);
  });
  return new Promise<{ url: string; close(): Promise<void> }>((resolve) =>
    server.listen(ownPort(5), "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${ownPort(5)}/`,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}

test("another origin cannot frame the app, nor post to ChatKit with the learner's cookies", async ({
  page,
  baseURL,
}) => {
  await signUpAndVerify(page, { email: uniqueEmail("frame") });
  const list = async () =>
    (await (await page.request.post("/api/chatkit", { data: { type: "threads.list", params: {} } })).json()) as {
      data: unknown[];
    };
  const before = (await list()).data.length;
  const evil = await otherOrigin(`<!doctype html><html><body>
    <iframe id="f" src="${baseURL}/learn" width="800" height="600"></iframe>
    <form id="csrf" method="POST" action="${baseURL}/api/chatkit" enctype="text/plain" target="sink">
      <input name='{"type":"threads.create","params":{"input":{"content":[{"type":"input_text","text":"csrf' value='"}],"attachments":[],"inference_options":{}}}}'>
    </form><iframe name="sink"></iframe>
    <script>
      fetch(${JSON.stringify(`${baseURL}/api/chatkit`)}, { method: "POST", mode: "no-cors", credentials: "include",
        headers: { "content-type": "text/plain" },
        body: JSON.stringify({ type: "threads.create", params: { input: { content: [{ type: "input_text", text: "csrf" }], attachments: [], inference_options: {} } } }) });
      document.getElementById("csrf").submit();
    </script></body></html>`);
  try {
    await page.goto(evil.url);
    await page.waitForTimeout(2_000);
    const framed = page.frames().find((f) => f.url().startsWith(`${baseURL}/learn`));
    const framedText = framed
      ? await framed
          .locator("body")
          .innerText()
          .catch(() => "")
      : "";
    expect(framedText).not.toContain("IntelliStack");
    expect((await list()).data.length).toBe(before);
  } finally {
    await evil.close();
  }
});
