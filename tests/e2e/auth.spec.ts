import { expect, test } from "@playwright/test";
import { mailedLink, PASSWORD, readOutbox, signIn, signUpAndVerify, uniqueEmail } from "./support";

test("sign up, confirm from the outbox, stay signed in across a reload, sign out", async ({ page }) => {
  const email = uniqueEmail("ada");
  await page.goto("/sign-up");
  await page.getByLabel("Password").fill("weak");
  await expect(page.getByTestId("password-meter")).toContainText("At least 12 characters");
  await signUpAndVerify(page, { email, name: "Ada Lovelace" });
  const mail = (await readOutbox()).find((m) => m.to === email);
  expect(mail?.text).toMatch(/http:\/\/127\.0\.0\.1:\d+\/api\/auth\/verify-email\?token=/);

  await page.goto("/learn");
  await expect(page.getByTestId("signed-in-as")).toContainText("Ada Lovelace");
  await page.reload();
  await expect(page.getByTestId("signed-in-as")).toContainText("Ada Lovelace");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/learn");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Flearn/);
});

test("an unverified learner sees the dashboard but not lessons, with a resend button", async ({ page }) => {
  const email = uniqueEmail("unverified");
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Not Yet");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/verify-email/);

  await signIn(page, email);
  await expect(page.getByRole("alert").filter({ hasText: "Confirm your email" })).toBeVisible();
  await page.getByRole("button", { name: "Send a new link" }).click();
  await expect(page.getByTestId("verification-sent")).toBeVisible();
});

test("a confirmation link opened again, signed out, says it was used and leads to sign-in", async ({ page }) => {
  const email = uniqueEmail("twice");
  await signUpAndVerify(page, { email });
  const link = await mailedLink(email, /Confirm your email/);
  await page.context().clearCookies();
  await page.goto(link);
  await expect(page.getByTestId("verify-used")).toBeVisible();
  await expect(page.getByText("We sent a confirmation link")).toHaveCount(0);
  await page.getByRole("link", { name: "Sign in" }).last().click();
  await expect(page).toHaveURL(/\/sign-in/);
});

test("an expired confirmation link, signed out, asks for the address and sends a new link", async ({ page }) => {
  const email = uniqueEmail("expired");
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Late Reader");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/verify-email/);
  await page.context().clearCookies();
  const before = (await readOutbox()).filter((m) => m.to === email).length;
  await page.goto("/verify-email?verified=1&error=TOKEN_EXPIRED");
  await expect(page.getByTestId("verify-error")).toBeVisible();
  await page.getByLabel("Your email address").fill(email);
  await page.getByRole("button", { name: "Send a new link" }).click();
  await expect(page.getByTestId("verification-sent")).toContainText(email);
  await expect.poll(async () => (await readOutbox()).filter((m) => m.to === email).length).toBe(before + 1);
});

test("five wrong passwords lock the account with a message that says until when", async ({ page }) => {
  const email = uniqueEmail("locked");
  await signUpAndVerify(page, { email });
  await page.context().clearCookies();
  for (let i = 0; i < 5; i++) {
    await signIn(page, email, "Wrong-password-123!");
    await expect(page.getByTestId("form-error")).toContainText("Invalid email or password");
  }
  await expect(page.getByTestId("form-error")).toContainText(/locked until \d{1,2}:\d{2}/);
  await signIn(page, email, PASSWORD);
  await expect(page.getByTestId("form-error")).toContainText("locked until");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("reset a forgotten password; the link works once", async ({ page }) => {
  const email = uniqueEmail("forgetful");
  await signUpAndVerify(page, { email });
  await page.context().clearCookies();

  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByTestId("reset-requested")).toContainText("If that account exists");

  const link = await mailedLink(email, /Reset your/);
  await page.goto(link);
  await expect(page).toHaveURL(/\/reset-password\?token=/);
  await page.getByLabel("New password").fill("Another-Strong-Passphrase-77");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByTestId("password-reset-done")).toBeVisible();

  await page.goto(link);
  await expect(page.getByTestId("reset-link-invalid")).toBeVisible();

  await signIn(page, email, "Another-Strong-Passphrase-77");
  await expect(page).toHaveURL(/\/learn/);
});

test("the reset form answers the same for an address with no account", async ({ page }) => {
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(uniqueEmail("nobody"));
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByTestId("reset-requested")).toContainText("If that account exists");
});
