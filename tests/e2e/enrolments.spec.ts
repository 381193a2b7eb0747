import { type Browser, expect, type Page, test } from "@playwright/test";
import { fixtures } from "../oidc/rp";
import { shoot, signIn, signUpAndVerify, uniqueEmail } from "./support";

// Each test signs up two or three people and an admin: more than the default minute on a busy machine.
test.describe.configure({ timeout: 240_000 });

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

async function learner(browser: Browser, prefix: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = uniqueEmail(prefix);
  await signUpAndVerify(page, { email });
  return { context, page, email };
}

async function admin(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, fixtures().admin, fixtures().password);
  await expect(page).toHaveURL(/\/learn/);
  return { context, page };
}

const ask = (page: Page, text: string) =>
  page.request.post("/api/chatkit", {
    data: {
      type: "threads.create",
      params: { input: { content: [{ type: "input_text", text }], attachments: [], inference_options: {} } },
    },
  });

async function endEnrolment(page: Page, email: string, how: "completed" | "withdrawn", day: string) {
  await page.goto(`/admin/enrolments?q=${encodeURIComponent(email)}`);
  const row = page.getByRole("form", { name: `Enrolment of ${email}` });
  await row.getByLabel(`How ${email}'s enrolment ends`).selectOption(how);
  await row.getByLabel(`Day ${email}'s enrolment ended`).fill(day);
  await row.getByRole("button", { name: "End" }).click();
  await expect(row.getByTestId("enrolment-action-result")).toContainText(`Ended (${how}): 1 enrolment.`);
}

test("an ended enrolment's conversations go 30 days after it ended, and not before", async ({ browser }, testInfo) => {
  const long = await learner(browser, "ended-long-ago");
  const recent = await learner(browser, "ended-recently");
  expect((await ask(long.page, "Long ago: what is a frame?")).status()).toBe(200);
  expect((await ask(recent.page, "Recently: what is a frame?")).status()).toBe(200);

  const boss = await admin(browser);
  await endEnrolment(boss.page, long.email, "completed", daysAgo(31));
  await endEnrolment(boss.page, recent.email, "withdrawn", daysAgo(29));
  await boss.page.goto(`/admin/enrolments?q=${encodeURIComponent(recent.email)}`);
  await shoot(boss.page, testInfo, "admin-enrolments");

  // The learner sees what happened and what is left; the tutor no longer answers.
  await recent.page.goto("/learn");
  const notice = recent.page.getByTestId("enrolment-ended-notice");
  await expect(notice).toContainText("Your enrolment in this course ended");
  await expect(notice).toContainText("will be deleted after");
  await shoot(recent.page, testInfo, "dashboard-enrolment-ended");
  const refused = await ask(recent.page, "One more question?");
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe("tutor:enrolment_ended");
  // Lessons stay readable as they are: no tutor, nothing to mark complete.
  await recent.page.goto("/learn/spatial-foundations/coordinate-frames-and-vectors");
  await expect(recent.page.getByTestId("lesson")).toBeVisible();
  await expect(recent.page.getByTestId("lesson-read-only")).toContainText("Your enrolment has ended");
  await expect(recent.page.getByTestId("open-tutor")).toHaveCount(0);
  await expect(recent.page.getByRole("button", { name: /complete/i })).toHaveCount(0);

  await boss.page.goto("/admin/retention");
  await expect(boss.page.getByTestId("retention-due-threads")).toContainText("conversation");
  await expect(boss.page.getByTestId("retention-due").locator(`tr[data-email="${long.email}"]`)).toContainText(
    "at the next run",
  );
  await expect(boss.page.getByTestId("retention-waiting").locator(`tr[data-email="${recent.email}"]`)).toContainText(
    "after",
  );
  await shoot(boss.page, testInfo, "admin-retention");
  await boss.page.getByRole("button", { name: "Run now" }).click();
  await expect(boss.page.getByTestId("retention-result")).toContainText(/Deleted [1-9]\d* conversations?/);
  await boss.page.reload();
  await expect(boss.page.getByTestId("retention-due").locator(`tr[data-email="${long.email}"]`)).toHaveCount(0);

  await long.page.goto("/learn/chats");
  await expect(long.page.getByText("No conversations yet.")).toBeVisible();
  await recent.page.goto("/learn/chats");
  await expect(recent.page.getByTestId("history-list").locator("li")).toHaveCount(1);
  for (const c of [long.context, recent.context, boss.context]) await c.close();
});

test("an admin ends many enrolments from a list (with a preview) and by selection", async ({ browser }) => {
  const listed = await learner(browser, "listed");
  const ticked = await learner(browser, "ticked");
  const boss = await admin(browser);
  const page = boss.page;
  await page.goto("/admin/enrolments");
  await page.getByLabel("Emails, one per line").fill(`${listed.email}\nghost-${Date.now()}@example.com\nbroken@\n`);
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByTestId("list-preview");
  await expect(preview.getByTestId("list-matched")).toContainText(`${listed.email} — active`);
  await expect(preview.getByTestId("list-unknown")).toContainText("ghost-");
  await expect(preview.getByTestId("list-invalid")).toContainText("broken@");
  await preview.getByRole("button", { name: "End 1 active enrolment" }).click();
  await expect(preview.getByTestId("list-result")).toContainText("Ended (completed): 1 enrolment.");

  await page.goto(`/admin/enrolments?q=${encodeURIComponent(ticked.email)}`);
  await page.getByLabel(`Select ${ticked.email}`).check();
  await page
    .getByRole("form", { name: "End the selected enrolments" })
    .getByRole("button", { name: "End selected" })
    .click();
  await expect(page.getByTestId("bulk-result")).toContainText("Ended (completed): 1 enrolment.");
  await page.goto("/admin/enrolments?status=completed");
  for (const email of [listed.email, ticked.email]) {
    await expect(page.getByTestId("enrolments-table").locator(`tr[data-email="${email}"]`)).toContainText("completed");
  }
  await page.goto("/admin/audit?type=enrolment_change");
  await expect(page.getByTestId("audit-table")).toContainText(ticked.email);
  for (const c of [listed.context, ticked.context, boss.context]) await c.close();
});

test("an admin sets a learner's own tutor limit and resets today's count", async ({ browser }, testInfo) => {
  const limited = await learner(browser, "limited");
  const boss = await admin(browser);
  const page = boss.page;
  await page.goto(`/admin/users?q=${encodeURIComponent(limited.email)}`);
  await page.locator(`tr[data-email="${limited.email}"]`).getByRole("link").first().click();
  await expect(page.getByTestId("tutor-allowance")).toContainText("Default limit");
  await page.getByLabel("Messages per 24 hours").fill("1");
  await page.getByRole("button", { name: "Save limit" }).click();
  await expect(page.getByTestId("tutor-limit-result")).toContainText("may now send 1 tutor message per 24 hours");

  expect((await ask(limited.page, "First question")).status()).toBe(200);
  const over = await ask(limited.page, "Second question");
  expect(over.status()).toBe(429);
  expect(over.headers()["x-ratelimit-limit"]).toBe("1");

  await page.getByRole("button", { name: "Reset today's count" }).click();
  await expect(page.getByTestId("tutor-limit-result")).toContainText("full daily allowance again");
  expect((await ask(limited.page, "Second question, again")).status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId("tutor-allowance")).toContainText("Own limit: 1");
  await shoot(page, testInfo, "admin-user");
  for (const c of [limited.context, boss.context]) await c.close();
});

test("staff see the learner's thumbs on the answer and per day on the usage page", async ({ browser }, testInfo) => {
  const rater = await learner(browser, "rater");
  const created = await (await ask(rater.page, "Rate this: what is a frame?")).text();
  const threadId = /"thread":\{"id":"([^"]+)"/.exec(created)?.[1] as string;
  const items = await (
    await rater.page.request.post("/api/chatkit", { data: { type: "items.list", params: { thread_id: threadId } } })
  ).json();
  const answer = items.data.find((i: { type: string }) => i.type === "assistant_message");
  const rated = await rater.page.request.post("/api/chatkit", {
    data: { type: "items.feedback", params: { thread_id: threadId, item_ids: [answer.id], kind: "negative" } },
  });
  expect(rated.status()).toBe(200);

  const boss = await admin(browser);
  await boss.page.goto(`/admin/threads/${threadId}`);
  await expect(boss.page.getByTestId("learner-feedback")).toContainText("Rated not helpful by the learner");
  await expect(boss.page.getByTestId("review-feedback-summary")).toContainText("1 not helpful");
  await shoot(boss.page, testInfo, "admin-thread-feedback");
  await boss.page.goto("/admin/usage");
  const today = new Date().toISOString().slice(0, 10);
  await expect(boss.page.getByTestId("feedback-table").locator(`tr[data-day="${today}"]`)).toBeVisible();
  await shoot(boss.page, testInfo, "admin-usage");
  for (const c of [rater.context, boss.context]) await c.close();
});
