import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { fixtures } from "../oidc/rp";
import { DESKTOP, PHONE, pageOverflow, shot } from "./layout";
import { ChatPage, LESSON } from "./pages/chat";
import { signIn, signUpAndVerify, uniqueEmail } from "./support";

/**
 * axe over the learner's and the staff's pages at both sizes: no serious or critical violation
 * of WCAG 2.x A/AA. A failure lists each rule with the elements it found.
 */
async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
}

async function checkPages(page: Page, paths: string[]) {
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    for (const path of paths) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      expect(await seriousViolations(page), `${path} at ${size.width} px`).toEqual([]);
    }
  }
}

test("signed-out pages have no serious accessibility violations", async ({ page }) => {
  await checkPages(page, ["/", "/sign-in", "/sign-up", "/forgot-password", "/no-such-page"]);
});

test("learner pages, the tutor panel included, have no serious accessibility violations", async ({ page }) => {
  test.setTimeout(180_000);
  const chat = await new ChatPage(page).withoutChatKit();
  await signUpAndVerify(page, { email: uniqueEmail("axe") });
  await checkPages(page, ["/learn", LESSON, "/learn/chats", "/learn/no-such-stage"]);
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await chat.open();
    if ((await chat.answers().count()) === 0) await chat.askAndWait("What is a coordinate frame?");
    expect(await seriousViolations(page), `tutor panel at ${size.width} px`).toEqual([]);
  }
});

test("staff pages have no serious accessibility violations", async ({ page }, testInfo) => {
  // Nine pages at two sizes plus a conversation: axe takes seconds per page on a busy machine.
  test.setTimeout(240_000);
  const chat = await new ChatPage(page).withoutChatKit();
  await signIn(page, fixtures().admin, fixtures().password);
  await expect(page).toHaveURL(/\/learn/);
  await checkPages(page, [
    "/admin/users",
    "/admin/audit",
    "/admin/usage",
    "/admin/threads",
    "/admin/retention",
    "/admin/oauth",
    "/instructor",
    "/instructor/new",
  ]);
  // A thread under review with maths, a table and code (the list is newest first).
  await chat.open();
  await chat.askAndWait("Typeset review check (wide formula)", "must/wrap/anywhere/to/fit.");
  await page.goto("/admin/threads");
  await page.getByTestId("review-list").locator("a").first().click();
  // Shown as the learner saw it: maths typeset, tables drawn, no markdown or TeX source.
  const review = page.getByTestId("review-items");
  await expect(review.locator(".katex-display").first()).toBeVisible();
  await expect(review.locator("table").first()).toBeVisible();
  await expect(review).not.toContainText("$$");
  await expect(review).not.toContainText("|---|");
  for (const [size, name] of [
    [DESKTOP, "desktop"],
    [PHONE, "phone"],
  ] as const) {
    await page.setViewportSize(size);
    expect(await seriousViolations(page), `thread review at ${size.width} px`).toEqual([]);
    expect(await pageOverflow(page), `thread review at ${size.width} px`).toBeLessThanOrEqual(0);
    await shot(page, testInfo, `thread-review-${name}`);
  }
  await page.getByRole("button", { name: "Menu" }).click();
  expect(await seriousViolations(page), "open staff menu on a phone").toEqual([]);
});

test("the first Tab stop skips the header to the page's content, at both sizes", async ({ page }) => {
  await signUpAndVerify(page, { email: uniqueEmail("skip") });
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    for (const path of [LESSON, "/account"]) {
      await page.goto(path);
      await page.keyboard.press("Tab");
      const skip = page.getByRole("link", { name: "Skip to content" });
      await expect(skip).toBeFocused();
      const box = await skip.boundingBox();
      expect(box && box.width > 40 && box.height > 20, `${path} at ${size.width} px: the focused link is shown`).toBe(
        true,
      );
      await page.keyboard.press("Enter");
      await expect(page.locator("main#main")).toBeFocused();
      // The next stop is inside the page, not the header's links.
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest("main")))).toBe(true);
    }
  }
});
