import { type APIRequestContext, expect, test } from "@playwright/test";
import { ChatPage, LESSON } from "./pages/chat";
import { PASSWORD, signIn } from "./support";

// Staff (tests/support/e2e-server.ts): no daily quota, so this spec can fill the lists. Its own
// account, so no other spec's conversations are counted.
const EMAIL = "long-talker@e2e.test";
const LESSON_ID = "coordinate-frames-and-vectors";
// One more than a page of the built-in client's conversation list (50), and a conversation
// longer than its page of messages (100 items: 50 questions and their answers).
const THREADS = 52;
const FOLLOW_UPS = 56;

/** A learner's message as listed (after the "You:" its screen-reader label adds). */
const said = (text: string) => new RegExp(`${text.replace(/[?.]/g, "\\$&")}$`);
const input = (text: string) => ({ content: [{ type: "input_text", text }], attachments: [], inference_options: {} });

/** One ChatKit streaming request, read to its end; the thread it named. */
async function turn(request: APIRequestContext, body: unknown): Promise<string> {
  const response = await request.post("/api/chatkit", {
    headers: { "X-Tutor-Lesson-Id": LESSON_ID },
    data: body,
    timeout: 30_000,
  });
  expect(response.status()).toBe(200);
  const text = await response.text();
  expect(text).not.toContain('"type":"error"');
  return /"thread":\{[^}]*"id":"(thr_[^"]+)"/.exec(text)?.[1] ?? "";
}

/** Deletes the account's conversations, so the spec starts from none when run again on one server. */
async function deleteAll(request: APIRequestContext) {
  for (;;) {
    const response = await request.post("/api/chatkit", { data: { type: "threads.list", params: { limit: 100 } } });
    expect(response.status()).toBe(200);
    const { data } = (await response.json()) as { data: { id: string }[] };
    if (data.length === 0) return;
    for (const { id } of data) {
      const deleted = await request.post("/api/chatkit", {
        data: { type: "threads.delete", params: { thread_id: id } },
      });
      expect(deleted.status()).toBe(200);
    }
  }
}

test("the built-in chat pages back through older conversations and a long conversation's earlier messages", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const chat = await new ChatPage(page).withoutChatKit();
  await signIn(page, EMAIL, PASSWORD);
  // Sign-in hashes the password (scrypt): allow for a busy machine.
  await expect(page).not.toHaveURL(/\/sign-in/, { timeout: 20_000 });
  // The page's own cookies, so these turns are the learner's.
  await deleteAll(page.request);
  let newest = "";
  for (let i = 0; i < THREADS; i++) {
    newest = await turn(page.request, {
      type: "threads.create",
      params: { input: input(`Opening question ${i} about frames?`) },
    });
  }
  for (let i = 0; i < FOLLOW_UPS; i++) {
    await turn(page.request, {
      type: "threads.add_user_message",
      params: { thread_id: newest, input: input(`Follow-up ${i} about vectors?`) },
    });
  }

  await chat.open(LESSON);
  const list = await chat.conversations();
  const rows = list.locator("li");
  // Each conversation's title, newest first, as its rename button names it.
  const titles = () =>
    list
      .getByRole("button", { name: /^Rename/ })
      .evaluateAll((buttons) =>
        buttons.map((b) => Number(/question (\d+)/.exec(b.getAttribute("aria-label") ?? "")?.[1])),
      );
  // The model titles each conversation after its question (the stand-in keeps the number).
  const asked = Array.from({ length: THREADS }, (_, i) => THREADS - 1 - i);
  await expect(rows).toHaveCount(50);
  expect(await titles()).toEqual(asked.slice(0, 50));
  const older = chat.panel.getByRole("button", { name: "Show older conversations" });
  await older.click();
  await expect(rows).toHaveCount(THREADS);
  expect(await titles()).toEqual(asked);
  await expect(older).toHaveCount(0);

  // The oldest conversation, last in the list, is the first one asked.
  await rows.last().locator("button").first().click();
  await expect(chat.userMessages()).toHaveText([said("Opening question 0 about frames?")]);

  // The newest opens at its latest 100 items; the rest come in order, without gaps or repeats.
  await (await chat.conversations()).locator("li").first().locator("button").first().click();
  const questions = [`Opening question ${THREADS - 1} about frames?`].concat(
    Array.from({ length: FOLLOW_UPS }, (_, i) => `Follow-up ${i} about vectors?`),
  );
  await expect(chat.userMessages()).toHaveText(questions.slice(-50).map(said));
  await chat.panel.getByRole("button", { name: "Show earlier messages" }).click();
  await expect(chat.userMessages()).toHaveText(questions.map(said));
  await expect(chat.answers()).toHaveCount(questions.length);
  await expect(chat.panel.getByRole("button", { name: "Show earlier messages" })).toHaveCount(0);
});
