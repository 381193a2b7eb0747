import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { CHATKIT_FALLBACK_LOG } from "../../lib/chatkit/client/wording";
import { RETRIEVAL_ONLY_TITLE } from "../../lib/tutor/notices";
import { ChatPage, LESSON } from "./pages/chat";
import { signUpAndVerify, uniqueEmail } from "./support";

/** Selects the lesson's first paragraph; its text and where it is on screen. */
async function selectFirstParagraph(page: Page) {
  const paragraph = page.getByTestId("lesson").locator(".lesson-body p").first();
  return paragraph.evaluate((el) => {
    el.scrollIntoView({ block: "center" });
    const range = document.createRange();
    range.selectNodeContents(el);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    const rect = range.getBoundingClientRect();
    return { selected: selection?.toString().trim() ?? "", top: rect.top, bottom: rect.bottom };
  });
}

test.describe("the tutor panel (built-in client)", () => {
  let chat: ChatPage;
  test.beforeEach(async ({ page }) => {
    chat = await new ChatPage(page).withoutChatKit();
    await signUpAndVerify(page, { email: uniqueEmail("chat") });
  });

  test("answers with a streamed, cited reply; the conversation is there after a reload", async ({ page }) => {
    const logged: string[] = [];
    page.on("console", (message) => logged.push(message.text()));
    await chat.open();
    // Falling back from ChatKit is logged for developers; learners see no note about it.
    await expect.poll(() => logged).toContain(CHATKIT_FALLBACK_LOG);
    await expect(chat.panel).not.toContainText("ChatKit");
    const answer = await chat.askAndWait("What is a coordinate frame?");
    const citation = answer.getByTestId("citation").first();
    await expect(citation).toHaveAttribute("href", /^https?:\/\/[^/]+\/learn\/spatial-foundations\//);

    await page.reload();
    await chat.openPanel();
    const thread = (await chat.conversations()).locator("li").first();
    await expect(thread).not.toContainText("New conversation");
    await thread.locator("button").first().click();
    await expect(chat.userMessages().first()).toContainText("What is a coordinate frame?");
  });

  test("Ask AI on a selection puts it in the composer and sends it as quoted text", async ({ page }) => {
    await page.goto(LESSON);
    const { selected, top } = await selectFirstParagraph(page);
    // With a mouse, the button floats above the selection.
    const button = page.getByTestId("ask-ai");
    const box = await button.boundingBox();
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(top);
    await button.click();
    await expect(chat.panel.getByTestId("composer-quote")).toContainText(selected.slice(0, 40));
    await expect(chat.composer).toBeFocused();
    await chat.askAndWait("Can you explain this?");
    await expect(chat.panel.getByTestId("quoted-text").first()).toContainText(selected.slice(0, 40));
  });

  test.describe("on a touch screen", () => {
    test.use({ hasTouch: true, viewport: { width: 390, height: 844 } });
    test("the Ask AI button sits below the selection, clear of the phone's own menu above it", async ({ page }) => {
      await page.goto(LESSON);
      const { bottom } = await selectFirstParagraph(page);
      const box = await page.getByTestId("ask-ai").boundingBox();
      expect(box?.y).toBeGreaterThanOrEqual(bottom);
      expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(844);
      await page.getByTestId("ask-ai").tap();
      await expect(chat.panel.getByTestId("composer-quote")).toBeVisible();
    });
  });

  test("Ask AI on a selection with formulas sends their TeX source and shows them drawn, not KaTeX's doubled glyphs", async ({
    page,
  }) => {
    await page.goto("/learn/spatial-foundations/rotation-matrices");
    const paragraph = page.getByTestId("lesson").locator(".lesson-body p", { hasText: "direction cosine" });
    await paragraph.evaluate((el) => {
      const range = document.createRange();
      // From the middle of the first formula to the end of the paragraph: the whole formula is taken.
      range.setStart(el.querySelector(".katex-html") as Element, 0);
      range.setEnd(el, el.childNodes.length);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
    });
    await page.getByTestId("ask-ai").click();
    // The quote shows each formula once, drawn by KaTeX, with the words between them.
    const quote = chat.panel.getByTestId("composer-quote");
    await expect(quote.locator(".katex")).toHaveCount(7);
    await expect(quote).toContainText("is the dot product of axis");
    await expect(quote).not.toContainText("$");
    const sent = page.waitForRequest(
      (r) => r.url().endsWith("/api/chatkit") && (r.postData() ?? "").includes("Why is that a cosine?"),
    );
    await chat.askAndWait("Why is that a cosine?");
    // The tutor receives the TeX source.
    expect((await sent).postData()).toContain(
      JSON.stringify("$(i, j)$ is the dot product of axis $i$ of $\\{A\\}$ with axis $j$ of $\\{B\\}$").slice(1, -1),
    );
    const shown = chat.panel.getByTestId("quoted-text").first();
    await expect(shown.locator(".katex")).toHaveCount(7);
    await expect(shown).toContainText("is the dot product of axis");
  });

  test("stops an answer mid-stream and keeps what was written", async ({ page }) => {
    await chat.open();
    const answer = await chat.askAndWait("Tell me everything (slowly)", "Sentence 2");
    await chat.stop();
    const text = await answer.innerText();
    await page.waitForTimeout(1_000);
    expect(await answer.innerText()).toBe(text);
    expect(text).not.toContain("Sentence 40");
  });

  test("deletes a conversation", async ({ page }) => {
    await chat.open();
    await chat.askAndWait("What is a vector?");
    const list = await chat.conversations();
    await expect(list.locator("li")).toHaveCount(1);
    page.once("dialog", (dialog) => dialog.accept());
    await list.getByRole("button", { name: /^Delete/ }).click();
    await expect(list.locator("li")).toHaveCount(0);
  });

  test("says when the next message of the rolling 24 hours frees up", async () => {
    await chat.open();
    for (let i = 1; i <= 5; i++) {
      await chat.ask(`Question number ${i} about frames`);
      await expect(chat.answers()).toHaveCount(i);
      if (i < 5) await expect(chat.panel.getByTestId("quota-remaining")).toContainText(`${5 - i} of 5 messages left`);
    }
    await expect(chat.panel.getByTestId("quota-remaining")).toContainText(/next frees up (tomorrow )?at \d\d:\d\d/);
    await expect(chat.panel.getByTestId("quota-remaining")).not.toContainText("today");
    await chat.ask("One more question");
    await expect(chat.problem()).toContainText(
      /You've used your 5 tutor messages for the last 24 hours\. The next one frees up (tomorrow )?at \d\d:\d\d(\s*[AP]M)? \(in \d+h \d+m\)\./,
    );
  });

  test("explains an outage with a retry, and the retrieval-only mode with a badge", async ({ page }) => {
    await chat.open();
    let calls = 0;
    await page.route("**/api/chatkit", async (route) => {
      const body = JSON.parse(route.request().postData() ?? "{}");
      if (body.type !== "threads.create") return route.continue();
      calls++;
      if (calls === 1) return route.fulfill({ status: 502, body: "Bad gateway" });
      const events = [
        { type: "notice", level: "info", title: RETRIEVAL_ONLY_TITLE, message: "No language model is configured." },
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
    await chat.ask("Hello?");
    await expect(chat.problem()).toContainText("The tutor is temporarily unavailable.");
    await chat.ask("Hello again?");
    await expect(chat.panel.getByTestId("retrieval-only-badge")).toBeVisible();
  });
});

test("another learner cannot open someone else's conversation", async ({ page, browser }) => {
  const chat = await new ChatPage(page).withoutChatKit();
  await signUpAndVerify(page, { email: uniqueEmail("owner") });
  await chat.open();
  await chat.askAndWait("A private question about frames");
  await page.goto("/learn/chats");
  const href = await page.getByTestId("history-list").locator("a").first().getAttribute("href");
  const threadId = new URL(href as string, "http://x").searchParams.get("thread") as string;

  const other = await browser.newContext();
  const intruder = await other.newPage();
  await new ChatPage(intruder).withoutChatKit();
  await signUpAndVerify(intruder, { email: uniqueEmail("intruder") });
  await intruder.goto(`/learn/chats?thread=${threadId}`);
  await expect(intruder.getByText("A private question about frames")).toHaveCount(0);
  const api = await intruder.request.post("/api/chatkit", {
    data: { type: "threads.get_by_id", params: { thread_id: threadId } },
  });
  expect(api.status()).toBe(404);
  await other.close();
});

test("screenshots of a lesson with the tutor closed and open (desktop and mobile)", async ({ page }, testInfo) => {
  const chat = await new ChatPage(page).withoutChatKit();
  await signUpAndVerify(page, { email: uniqueEmail("shots") });
  await page.goto(LESSON);
  for (const [name, size] of [
    ["desktop", { width: 1440, height: 900 }],
    ["mobile", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(size);
    // The floating button stays inside the window, clear of its edges.
    const box = await page.getByTestId("open-tutor").boundingBox();
    expect(box && box.x + box.width <= size.width - 8 && box.y + box.height <= size.height - 8).toBe(true);
    const file = path.join(testInfo.outputDir, `lesson-tutor-closed-${name}.png`);
    await page.screenshot({ path: file });
    await testInfo.attach(`lesson-tutor-closed-${name}`, { path: file, contentType: "image/png" });
  }
  await chat.openPanel();
  await chat.askAndWait("What is a coordinate frame?");
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

test("on a phone: the tutor button clears the lesson's last link; the open panel keeps Tab, closes on Escape and on a citation to this page", async ({
  page,
}, testInfo) => {
  const chat = await new ChatPage(page).withoutChatKit();
  const snap = async (name: string) => {
    const file = testInfo.outputPath(`${name}.png`);
    await page.screenshot({ path: file });
    await testInfo.attach(name, { path: file, contentType: "image/png" });
  };
  await signUpAndVerify(page, { email: uniqueEmail("phone") });
  await page.goto(LESSON);
  const nav = page.getByRole("navigation", { name: "Lesson navigation" });
  for (const [name, size] of [
    ["desktop", { width: 1440, height: 900 }],
    ["mobile", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(size);
    await nav.scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 10_000);
    const last = nav.getByRole("link").last();
    const [link, button] = await Promise.all([last.boundingBox(), page.getByTestId("open-tutor").boundingBox()]);
    expect(link && button).toBeTruthy();
    if (link && button) expect(link.y + link.height <= button.y || link.x + link.width <= button.x).toBe(true);
    await snap(`lesson-bottom-${name}`);
  }

  await chat.openPanel();
  await chat.askAndWait("What is a coordinate frame?");
  // Full screen, the lesson behind the panel is inert: Tab never leaves the panel.
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest("[data-testid='tutor-panel']")))).toBe(
      true,
    );
  }
  await page.keyboard.press("Escape");
  await expect(chat.panel).toBeHidden();
  await expect(page.getByTestId("open-tutor")).toBeFocused();

  await chat.openPanel();
  const citation = chat.lastAnswer().getByTestId("citation").first();
  await expect(citation).toHaveAttribute("href", new RegExp(`^https?://[^/]+${LESSON}#`));
  await citation.click();
  await expect(chat.panel).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`${LESSON}#`));
  await snap("lesson-after-citation-mobile");
});

test("once ChatKit's script has failed, a panel opened on the next lesson falls back without waiting", async ({
  page,
}) => {
  const chat = await new ChatPage(page).withoutChatKit();
  await signUpAndVerify(page, { email: uniqueEmail("fallback") });
  await page.clock.install();
  await chat.open();
  // Time stops: a fallback that waited for the 4 s timer would never come.
  await page.clock.pauseAt(Date.now() + 60_000);
  await page.getByTestId("tutor-panel").getByRole("button", { name: "Close the tutor" }).click();
  await page.getByRole("navigation", { name: "Lesson navigation" }).getByRole("link").last().click();
  await expect(page).not.toHaveURL(new RegExp(`${LESSON}$`));
  await chat.openPanel();
});
