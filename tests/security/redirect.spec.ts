import { expect, type Page, test } from "@playwright/test";
import { signUpAndVerify, uniqueEmail } from "../e2e/support";

/**
 * Issue 14, item 2, in Chromium against the production build: `/sign-in?next=/\evil.test/`
 * (or a tab between the slashes) sent a learner to http://evil.test/ after signing in.
 */
test("after signing in, next leads only to a page of this site", async ({ page, baseURL }) => {
  const email = uniqueEmail("redirect");
  await signUpAndVerify(page, { email });
  const origin = new URL(baseURL as string).origin;
  for (const next of ["/\\evil.test/", "/\t/evil.test/", "//evil.test/", "/\\/evil.test/", "https://evil.test/"]) {
    await page.context().clearCookies();
    await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
    await signInForm(page, email);
    await expect(page, JSON.stringify(next)).toHaveURL(/\/learn$/);
    expect(new URL(page.url()).origin).toBe(origin);
  }
  // A real path on the site is still honoured.
  await page.context().clearCookies();
  await page.goto(`/sign-in?next=${encodeURIComponent("/learn/chats")}`);
  await signInForm(page, email);
  await expect(page).toHaveURL(/\/learn\/chats$/);
});

async function signInForm(page: Page, email: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("Correct-Horse-Battery-9-Staple");
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("a signed-out visitor sent to sign in comes back to the page they asked for", async ({ page }) => {
  const email = uniqueEmail("back");
  await signUpAndVerify(page, { email });
  await page.context().clearCookies();
  await page.goto("/learn/chats");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Flearn%2Fchats/);
  await signInForm(page, email);
  await expect(page).toHaveURL(/\/learn\/chats$/);
});

test("the new-password page's next leads only to a page of this site", async ({ page, baseURL }) => {
  // Signed in, with no password change asked of them, a learner is sent straight on to `next`.
  await signUpAndVerify(page, { email: uniqueEmail("newpw-next") });
  const origin = new URL(baseURL as string).origin;
  for (const next of ["/\\evil.test/", "/\t/evil.test/", "//evil.test/"]) {
    await page.goto(`/new-password?next=${encodeURIComponent(next)}`);
    await expect(page, JSON.stringify(next)).toHaveURL(/\/learn$/);
    expect(new URL(page.url()).origin).toBe(origin);
  }
  await page.goto(`/new-password?next=${encodeURIComponent("/learn/chats")}`);
  await expect(page).toHaveURL(/\/learn\/chats$/);
});
