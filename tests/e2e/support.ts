import fs from "node:fs/promises";
import path from "node:path";
import { expect, type Page, type TestInfo } from "@playwright/test";

export const PASSWORD = "Correct-Horse-Battery-9-Staple";

interface Mail {
  to: string;
  subject: string;
  text: string;
  sentAt: string;
}

/** The app's mail outbox (DATA_DIR/mail), read the way an operator would. */
export async function readOutbox(): Promise<Mail[]> {
  const dir = path.join(process.env.E2E_DATA_DIR as string, "mail");
  const files = await fs.readdir(dir).catch(() => [] as string[]);
  const mails = await Promise.all(
    files.map(async (f) => JSON.parse(await fs.readFile(path.join(dir, f), "utf8")) as Mail),
  );
  return mails.sort((a, b) => a.sentAt.localeCompare(b.sentAt));
}

/** The link in the newest email to `to` whose subject matches. */
export async function mailedLink(to: string, subject: RegExp): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(async () => {
      const mail = (await readOutbox()).filter((m) => m.to === to && subject.test(m.subject)).pop();
      link = mail?.text.match(/https?:\/\/\S+/)?.[0];
      return link;
    })
    .toBeTruthy();
  return link as string;
}

let counter = 0;
export const uniqueEmail = (prefix: string) => `${prefix}-${Date.now()}-${counter++}@example.com`;

/** Signs up through the page, confirms the email from the outbox, and ends signed in. */
export async function signUpAndVerify(
  page: Page,
  { email, name = "Test Learner", password = PASSWORD }: { email: string; name?: string; password?: string },
) {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  // Sign-up hashes the password (scrypt): allow for a busy machine.
  await expect(page).toHaveURL(/\/verify-email\?email=/, { timeout: 20_000 });
  await page.goto(await mailedLink(email, /Confirm your email/));
  await expect(page.getByTestId("email-verified")).toBeVisible();
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Full-page screenshots at a phone and a desktop width, attached to the report. */
export async function shoot(page: Page, testInfo: TestInfo, name: string) {
  for (const [size, viewport] of [
    ["390", { width: 390, height: 844 }],
    ["1440", { width: 1440, height: 900 }],
  ] as const) {
    await page.setViewportSize(viewport);
    const file = path.join(testInfo.outputDir, `${name}-${size}.png`);
    await page.screenshot({ path: file, fullPage: true });
    await testInfo.attach(`${name}-${size}`, { path: file, contentType: "image/png" });
  }
}
