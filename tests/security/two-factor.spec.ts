import { expect, type Page, test } from "@playwright/test";
import { PASSWORD, signUpAndVerify, uniqueEmail } from "../e2e/support";
import { type AppServer, createUserArgs, SERVER_PASSWORD, startAppServer } from "../support/app-server";
import { secretFromUri, totp, wrongCode } from "../support/totp";
import { ownPort } from "./support";

/**
 * Two-step verification end to end in Chromium, with codes computed here from the key the page
 * shows (RFC 6238, as an authenticator app would): set-up, sign-in with a code and with a
 * backup code, lockout on wrong codes, and admins held at the door until they have it.
 */
async function turnOn(page: Page, password: string) {
  await page.goto("/account/security");
  await expect(page.getByTestId("two-factor-status")).toHaveText("off");
  const setup = page.getByRole("form", { name: "Turn on two-step verification" });
  await setup.getByLabel("Your password").fill(password);
  await setup.getByRole("button", { name: "Set up two-step verification" }).click();
  await expect(page.getByTestId("totp-qr")).toBeVisible();
  const key = secretFromUri((await page.getByTestId("totp-uri").getAttribute("href")) as string);
  // The key shown for typing in is the same secret as the QR code's.
  const shown = ((await page.getByTestId("totp-key").textContent()) ?? "").replace(/\s/g, "");
  expect(new URL((await page.getByTestId("totp-uri").getAttribute("href")) as string).searchParams.get("secret")).toBe(
    shown,
  );
  await page.getByLabel("Code from the app").fill(totp(key));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByTestId("two-factor-result")).toBeVisible();
  const codes = (await page.getByTestId("backup-codes").locator("li").allTextContents()).map((c) => c.trim());
  expect(codes.length).toBeGreaterThanOrEqual(10);
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(page.getByTestId("two-factor-status")).toHaveText("on");
  return { key, codes };
}

async function passwordStep(page: Page, email: string, password = PASSWORD) {
  await page.context().clearCookies();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("form", { name: "Two-step verification" })).toBeVisible();
}

test("a learner turns it on, then signs in with a code, with a backup code once, and is locked out by guessing", async ({
  page,
}) => {
  const email = uniqueEmail("totp");
  await signUpAndVerify(page, { email });
  const { key, codes } = await turnOn(page, PASSWORD);

  await passwordStep(page, email);
  await page.getByLabel("Authentication code").fill(totp(key));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/learn$/);

  await passwordStep(page, email);
  await page.getByRole("button", { name: "Use a backup code instead" }).click();
  await page.getByLabel("Backup code").fill(codes[0] as string);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/learn$/);

  await passwordStep(page, email);
  await page.getByRole("button", { name: "Use a backup code instead" }).click();
  await page.getByLabel("Backup code").fill(codes[0] as string);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("form-error")).toContainText("already used");

  // Only failures count: the right password is not one (nor does it clear them while a code is
  // outstanding), the used backup code is the first, and four wrong codes make five.
  await page.getByRole("button", { name: "Use the authenticator app" }).click();
  for (let i = 0; i < 4; i++) {
    await page.getByLabel("Authentication code").fill(wrongCode(key));
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page.getByTestId("form-error")).toBeVisible();
  }
  await expect(page.getByTestId("form-error")).toContainText(/locked/i);
  // Locked means locked: the right code and the right password are refused too.
  await page.getByLabel("Authentication code").fill(totp(key));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByTestId("form-error")).toContainText(/locked/i);
  await page.context().clearCookies();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("form-error")).toContainText(/locked/i);
});

test.describe("admins must have it (ADMIN_REQUIRE_2FA, on by default in production)", () => {
  let server: AppServer;
  test.beforeAll(async () => {
    server = await startAppServer({ port: ownPort(6), prepare: [createUserArgs("boss@sec.test", "admin")] });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  test("an admin without it is sent to set it up; with it, the admin area and APIs open", async ({ page }) => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel("Email").fill("boss@sec.test");
    await page.getByLabel("Password").fill(SERVER_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/learn$/);
    await page.goto(`${server.url}/admin/users`);
    await expect(page).toHaveURL(/\/account\/security\?required=admin$/);
    await expect(page.getByTestId("two-factor-required")).toBeVisible();
    const denied = await page.request.get(`${server.url}/api/admin/ai-usage`);
    expect(denied.status()).toBe(403);
    expect((await denied.json()).error.code).toBe("auth:two_factor_required");

    await page.goto(`${server.url}/account/security`);
    const setup = page.getByRole("form", { name: "Turn on two-step verification" });
    await setup.getByLabel("Your password").fill(SERVER_PASSWORD);
    await setup.getByRole("button", { name: "Set up two-step verification" }).click();
    const key = secretFromUri((await page.getByTestId("totp-uri").getAttribute("href")) as string);
    await page.getByLabel("Code from the app").fill(totp(key));
    await page.getByRole("button", { name: "Turn on" }).click();
    await page.getByRole("button", { name: "I have saved them" }).click();

    await page.goto(`${server.url}/admin/users`);
    await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
    expect((await page.request.get(`${server.url}/api/admin/ai-usage`)).status()).toBe(200);
  });
});
