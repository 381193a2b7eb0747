import fs from "node:fs/promises";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { secretFromUri, totp } from "../support/totp";
import { mailedLink, PASSWORD, readOutbox, shoot, signIn, signUpAndVerify, uniqueEmail } from "./support";

/** One conversation with the tutor through the API, as the signed-in page's user. */
async function converse(page: Page, text: string) {
  const res = await page.request.post("/api/chatkit", {
    data: {
      type: "threads.create",
      params: { input: { content: [{ type: "input_text", text }], attachments: [], inference_options: {} } },
    },
  });
  expect(res.status()).toBe(200);
  expect(await res.text()).toContain("thread.created");
}

async function newLearner(browser: Browser, prefix: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const email = uniqueEmail(prefix);
  await signUpAndVerify(page, { email });
  return { context, page, email };
}

test("email change goes through the new address, and the old one gets a notice", async ({ browser }, testInfo) => {
  const { context, page, email } = await newLearner(browser, "mover");
  await page.goto("/account");
  await expect(page.getByTestId("current-email")).toHaveText(email);
  await shoot(page, testInfo, "account");

  const next = uniqueEmail("moved");
  await page.getByLabel("New email address").fill(next);
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByTestId("email-result")).toContainText(`Check ${next}`);
  await page.reload();
  await expect(page.getByTestId("current-email")).toHaveText(email);

  await page.goto(await mailedLink(next, /Confirm your new email/));
  await expect(page).toHaveURL(/\/account\?email=changed/);
  await expect(page.getByTestId("email-changed")).toBeVisible();
  await expect(page.getByTestId("current-email")).toHaveText(next);
  await expect
    .poll(async () => (await readOutbox()).some((m) => m.to === email && /was changed/.test(m.subject)))
    .toBe(true);
  await context.close();
});

test("an email-change link that did not work says so, and the email stays", async ({ browser }) => {
  const { context, page, email } = await newLearner(browser, "stale-link");
  // Where better-auth sends an expired (or used, or someone else's) confirmation link.
  await page.goto("/account?email=changed&error=TOKEN_EXPIRED");
  await expect(page.getByTestId("email-change-failed")).toContainText(`Your email is still ${email}`);
  await expect(page.getByTestId("email-changed")).toHaveCount(0);
  await expect(page.getByText("Linking did not work")).toHaveCount(0);
  await expect(page.getByTestId("current-email")).toHaveText(email);
  await context.close();
});

test("the last way to sign in cannot be removed", async ({ browser }) => {
  const { context, page } = await newLearner(browser, "only-password");
  await page.goto("/account");
  const methods = page.getByTestId("sign-in-methods");
  await expect(methods.locator("li")).toHaveCount(1);
  await expect(methods).toContainText("Your only way to sign in");
  // No button that could only be refused (the server's refusal: tests/integration/account-credentials.test.ts).
  await expect(methods.getByRole("button")).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("sign-in-methods").locator("li")).toHaveCount(1);
  await context.close();
});

test("signing out another device from the account page signs it out there", async ({ browser }) => {
  const { context, page, email } = await newLearner(browser, "two-devices");
  const otherContext = await browser.newContext({
    userAgent:
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  });
  const phone = await otherContext.newPage();
  await signIn(phone, email);
  await expect(phone).toHaveURL(/\/learn/);

  await page.goto("/account");
  const sessions = page.getByTestId("sessions");
  await expect(sessions.locator("li")).toHaveCount(2);
  await expect(sessions.locator("li").first()).toContainText("This device");
  await expect(sessions).toContainText("Safari 17 on iOS 17");
  await page.getByRole("button", { name: /^Sign out Safari 17 on iOS 17/ }).click();
  await expect(page.getByTestId("session-result")).toContainText("That device is signed out.");
  await expect(page.getByTestId("sessions").locator("li")).toHaveCount(1);

  await phone.goto("/learn");
  await expect(phone).toHaveURL(/\/sign-in/);
  await otherContext.close();
  await context.close();
});

test("download my data contains the learner's conversation", async ({ browser }) => {
  const { context, page, email } = await newLearner(browser, "exporter");
  await converse(page, "What does a rotation matrix preserve?");
  await page.goto("/account");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download my data" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^intellistack-tutor-data-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(await fs.readFile(await download.path(), "utf8"));
  expect(data.profile.email).toBe(email);
  expect(data.enrolments[0].status).toBe("active");
  expect(data.conversations).toHaveLength(1);
  const texts = data.conversations[0].messages.map((m: { text: string | null }) => m.text);
  expect(texts[0]).toBe("What does a rotation matrix preserve?");
  expect(texts.length).toBeGreaterThanOrEqual(2);
  await context.close();
});

test("deleting the account removes it, and the user cannot sign in again", async ({ browser }) => {
  const { context, page, email } = await newLearner(browser, "leaver");
  await converse(page, "Before I go: what is a frame?");
  await page.goto("/account#delete");
  const danger = page.getByRole("region", { name: "Delete my account" });
  await danger.getByLabel("Your password").fill("Not-The-Right-One-4!");
  await danger.getByRole("checkbox").check();
  await danger.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByTestId("delete-result")).toContainText("That password is not right.");

  await danger.getByLabel("Your password").fill(PASSWORD);
  await danger.getByRole("checkbox").check();
  await danger.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/sign-in\?deleted=1/);
  await expect(page.getByTestId("account-deleted")).toBeVisible();
  await page.goto("/learn");
  await expect(page).toHaveURL(/\/sign-in/);

  await signIn(page, email);
  await expect(page.getByTestId("form-error")).toContainText("Invalid email or password");
  await context.close();
});

test("turning on two-step verification shows it on while the backup codes are shown", async ({ page }, testInfo) => {
  await signUpAndVerify(page, { email: uniqueEmail("twostep") });
  await page.goto("/account/security");
  const status = page.getByTestId("two-factor-status");
  await expect(status).toHaveText("off");
  const start = page.getByRole("form", { name: "Turn on two-step verification" });
  await start.getByLabel("Your password").fill(PASSWORD);
  await start.getByRole("button", { name: "Set up two-step verification" }).click();
  const uri = await page.getByTestId("totp-uri").getAttribute("href");
  expect(uri).toMatch(/^otpauth:\/\//);
  const confirm = page.getByRole("form", { name: "Confirm the authenticator app" });
  await confirm.getByLabel("Code from the app").fill(totp(secretFromUri(uri ?? "")));
  await confirm.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByTestId("two-factor-result")).toBeVisible();
  await expect(status).toHaveText("on");
  await shoot(page, testInfo, "two-factor-codes");
});
