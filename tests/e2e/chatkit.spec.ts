import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { CHATKIT_SCRIPT as CDN } from "../../lib/chatkit/client/cdn";
import { signUpAndVerify, uniqueEmail } from "./support";

/**
 * This checks OUR wiring of the ChatKit component — the options the panel passes, the headers
 * its api.fetch adds, and the methods Ask AI calls — against a stand-in element served in
 * place of OpenAI's CDN script. It does not test OpenAI's UI, which cannot load offline.
 */
const standIn = fs.readFileSync(path.join(import.meta.dirname, "fixtures/chatkit-standin.js"), "utf8");

test("the panel drives ChatKit: api url, domain key, Bearer and lesson headers, start prompts, Ask AI", async ({
  page,
}) => {
  await page.route(CDN, (route) => route.fulfill({ status: 200, contentType: "text/javascript", body: standIn }));
  await signUpAndVerify(page, { email: uniqueEmail("chatkit") });
  await page.goto("/learn/spatial-foundations/coordinate-frames-and-vectors");
  await page.getByTestId("open-tutor").click();
  await expect(page.locator("[data-chat-mode='chatkit']")).toBeVisible();
  await expect
    .poll(() =>
      page.evaluate(() => (window as unknown as { __chatkit: { options: unknown } }).__chatkit.options !== null),
    )
    .toBe(true);

  const options = await page.evaluate(() => {
    const o = (
      window as unknown as {
        __chatkit: {
          options: { api: { url: string; domainKey: string }; startScreen: { prompts: { label: string }[] } };
        };
      }
    ).__chatkit.options;
    return { url: o.api.url, domainKey: o.api.domainKey, prompts: o.startScreen.prompts.map((p) => p.label) };
  });
  expect(options.url).toBe("/api/chatkit");
  expect(options.domainKey).toBe("domain_pk_localhost_dev");
  expect(options.prompts.length).toBeGreaterThan(0);

  // A request made through the panel's api.fetch carries the Bearer JWT and the lesson.
  const seen = page.waitForRequest("**/api/chatkit");
  const result = await page.evaluate(() =>
    (window as unknown as { __chatkitFetch: (b: unknown) => Promise<{ status: number; body: string }> }).__chatkitFetch(
      { type: "threads.list", params: {} },
    ),
  );
  const request = await seen;
  expect(request.headers().authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  expect(request.headers()["x-tutor-lesson-id"]).toBe("coordinate-frames-and-vectors");
  expect(result.status).toBe(200);
  expect(JSON.parse(result.body)).toMatchObject({ data: [], has_more: false });

  // Ask AI hands the selection to ChatKit as a reply and focuses the composer.
  const selected = await page
    .getByTestId("lesson")
    .locator(".lesson-body p")
    .first()
    .evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
      return window.getSelection()?.toString().trim() ?? "";
    });
  await page.getByTestId("ask-ai").click();
  await expect
    .poll(() =>
      page.evaluate(() =>
        (window as unknown as { __chatkit: { calls: { name: string }[] } }).__chatkit.calls.map((c) => c.name),
      ),
    )
    .toEqual(["setComposerValue", "focusComposer"]);
  const composerArg = await page.evaluate(
    () =>
      (window as unknown as { __chatkit: { calls: { args: { reply: string }[] }[] } }).__chatkit.calls[0]?.args[0]
        ?.reply,
  );
  expect(composerArg?.trim()).toBe(selected);
});
