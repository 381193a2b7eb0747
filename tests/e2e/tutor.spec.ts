import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { signUpAndVerify, uniqueEmail } from "./support";

const CDN = "https://cdn.platform.openai.com/deployments/chatkit/chatkit.js";
const LESSON = "/learn/spatial-foundations/coordinate-frames-and-vectors";

/** The CDN is unreachable here anyway; abort it explicitly so `auto` falls back at once. */
async function withoutChatKit(page: Page) {
  await page.route(CDN, (route) => route.abort());
}

async function openTutor(page: Page) {
  await page.goto(LESSON);
  await page.getByTestId("open-tutor").click();
  const panel = page.getByTestId("tutor-panel");
  await expect(panel.getByTestId("builtin-chat")).toBeVisible();
  return panel;
}

async function ask(page: Page, text: string) {
  const box = page.getByLabel("Message to the tutor");
  await box.fill(text);
  await box.press("Enter");
}

test.describe("the tutor panel (built-in client)", () => {
  test.beforeEach(async ({ page }) => {
    await withoutChatKit(page);
    await signUpAndVerify(page, { email: uniqueEmail("chat") });
  });

  test("answers with a streamed, cited reply; the conversation is there after a reload", async ({ page }) => {
    const panel = await openTutor(page);
    await expect(panel.getByTestId("chatkit-fallback-note")).toBeVisible();
    await ask(page, "What is a coordinate frame?");
    const answer = panel.locator("li[data-role='assistant']").last();
    await expect(answer).toContainText("From the lesson");
    const citation = answer.getByTestId("citation").first();
    await expect(citation).toHaveAttribute("href", /^\/learn\/spatial-foundations\//);

    await page.reload();
    await page.getByTestId("open-tutor").click();
    await page.getByRole("button", { name: "Conversations" }).click();
    const thread = page.getByTestId("thread-list").locator("li").first();
    await expect(thread).not.toContainText("New conversation");
    await thread.locator("button").first().click();
    await expect(panel.locator("li[data-role='user']").first()).toContainText("What is a coordinate frame?");
  });

  test("Ask AI on a selection puts it in the composer and sends it as quoted text", async ({ page }) => {
    await page.goto(LESSON);
    const paragraph = page.getByTestId("lesson").locator(".lesson-body p").first();
    const selected = await paragraph.evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      return selection?.toString().trim() ?? "";
    });
    await page.getByTestId("ask-ai").click();
    const panel = page.getByTestId("tutor-panel");
    await expect(panel.getByTestId("composer-quote")).toContainText(selected.slice(0, 40));
    await expect(page.getByLabel("Message to the tutor")).toBeFocused();
    await ask(page, "Can you explain this?");
    await expect(panel.getByTestId("quoted-text").first()).toContainText(selected.slice(0, 40));
    await expect(panel.locator("li[data-role='assistant']").last()).toContainText("From the lesson");
  });

  test("stops an answer mid-stream and keeps what was written", async ({ page }) => {
    const panel = await openTutor(page);
    await ask(page, "Tell me everything (slowly)");
    const answer = panel.locator("li[data-role='assistant']").last();
    await expect(answer).toContainText("Sentence 2");
    await page.getByRole("button", { name: "Stop the answer" }).click();
    await expect(page.getByRole("button", { name: "Send" })).toBeVisible();
    const text = await answer.innerText();
    await page.waitForTimeout(1_000);
    expect(await answer.innerText()).toBe(text);
    expect(text).not.toContain("Sentence 40");
  });

  test("deletes a conversation", async ({ page }) => {
    const panel = await openTutor(page);
    await ask(page, "What is a vector?");
    await expect(panel.locator("li[data-role='assistant']").last()).toContainText("From the lesson");
    await page.getByRole("button", { name: "Conversations" }).click();
    const list = page.getByTestId("thread-list");
    await expect(list.locator("li")).toHaveCount(1);
    page.once("dialog", (dialog) => dialog.accept());
    await list.getByRole("button", { name: /^Delete/ }).click();
    await expect(list.locator("li")).toHaveCount(0);
  });

  test("shows the reset time when the daily quota is used up", async ({ page }) => {
    const panel = await openTutor(page);
    for (let i = 1; i <= 5; i++) {
      await ask(page, `Question number ${i} about frames`);
      await expect(panel.locator("li[data-role='assistant']")).toHaveCount(i);
    }
    await ask(page, "One more question");
    await expect(panel.getByTestId("tutor-problem")).toContainText(
      /You've used today's 5 messages\. Resets in \d+h \d+m\./,
    );
  });

  test("explains an outage with a retry, and the retrieval-only mode with a badge", async ({ page }) => {
    const panel = await openTutor(page);
    let calls = 0;
    await page.route("**/api/chatkit", async (route) => {
      const body = JSON.parse(route.request().postData() ?? "{}");
      if (body.type !== "threads.create") return route.continue();
      calls++;
      if (calls === 1) return route.fulfill({ status: 502, body: "Bad gateway" });
      const events = [
        { type: "notice", level: "info", title: "Retrieval-only mode", message: "No language model is configured." },
        {
          type: "thread.item.added",
          item: {
            id: "msg_x",
            thread_id: "thr_x",
            created_at: new Date().toISOString(),
            type: "assistant_message",
            content: [],
          },
        },
        {
          type: "thread.item.updated",
          item_id: "msg_x",
          update: {
            type: "assistant_message.content_part.text_delta",
            content_index: 0,
            delta: "Passages from your lessons.",
          },
        },
      ];
      return route.fulfill({
        status: 200,
        contentType: "text/event-stream",
        body: events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join(""),
      });
    });
    await ask(page, "Hello?");
    await expect(panel.getByTestId("tutor-problem")).toContainText("The tutor is temporarily unavailable.");
    await ask(page, "Hello again?");
    await expect(panel.getByTestId("retrieval-only-badge")).toBeVisible();
  });
});

test("another learner cannot open someone else's conversation", async ({ page, browser }) => {
  await withoutChatKit(page);
  await signUpAndVerify(page, { email: uniqueEmail("owner") });
  await openTutor(page);
  await ask(page, "A private question about frames");
  await expect(page.getByTestId("tutor-panel").locator("li[data-role='assistant']").last()).toContainText(
    "From the lesson",
  );
  await page.goto("/learn/chats");
  const href = await page.getByTestId("history-list").locator("a").first().getAttribute("href");
  const threadId = new URL(href as string, "http://x").searchParams.get("thread") as string;

  const other = await browser.newContext();
  const intruder = await other.newPage();
  await withoutChatKit(intruder);
  await signUpAndVerify(intruder, { email: uniqueEmail("intruder") });
  await intruder.goto(`/learn/chats?thread=${threadId}`);
  await expect(intruder.getByText("A private question about frames")).toHaveCount(0);
  const api = await intruder.request.post("/api/chatkit", {
    data: { type: "threads.get_by_id", params: { thread_id: threadId } },
  });
  expect(api.status()).toBe(404);
  await other.close();
});

test("screenshots of a lesson with the tutor open (desktop and mobile)", async ({ page }, testInfo) => {
  await withoutChatKit(page);
  await signUpAndVerify(page, { email: uniqueEmail("shots") });
  await openTutor(page);
  await ask(page, "What is a coordinate frame?");
  await expect(page.getByTestId("tutor-panel").locator("li[data-role='assistant']").last()).toContainText(
    "From the lesson",
  );
  for (const [name, size] of [
    ["desktop", { width: 1440, height: 900 }],
    ["mobile", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(size);
    const file = path.join(testInfo.outputDir, `lesson-with-tutor-${name}.png`);
    await page.screenshot({ path: file });
    await testInfo.attach(`lesson-with-tutor-${name}`, { path: file, contentType: "image/png" });
  }
});
