import { expect, test } from "@playwright/test";
import { fixtures } from "../oidc/rp";
import { DESKTOP, overflowingBlocks, PHONE, pageOverflow, punctuationWrappedAfterFormulas, shot } from "./layout";
import { ChatPage } from "./pages/chat";
import { signIn, signUpAndVerify, uniqueEmail } from "./support";

/** Issue 13, items 1, 5 and 10: what a phone and a desktop show, measured and photographed. */

/** The stub tutor's answer, with or without passages found. */
const ANSWERED = /From the lesson|not in the lessons/;

test("a wide formula, table and code line scroll in their own boxes; the answer's prose wraps inside the panel", async ({
  page,
}, testInfo) => {
  const chat = await new ChatPage(page).withoutChatKit();
  await signUpAndVerify(page, { email: uniqueEmail("wide") });
  await page.setViewportSize(PHONE);
  await chat.open();
  const answer = await chat.askAndWait("Show me Rodrigues' formula (wide formula)", "must/wrap/anywhere/to/fit.");
  const panelMessages = chat.panel.getByTestId("tutor-messages");

  for (const [size, name] of [
    [PHONE, "phone"],
    [DESKTOP, "desktop"],
  ] as const) {
    await page.setViewportSize(size);
    expect(await overflowingBlocks(panelMessages), `lesson panel, ${name}`).toEqual([]);
    expect(await pageOverflow(page), `lesson page, ${name}`).toBeLessThanOrEqual(0);
    await shot(page, testInfo, `wide-answer-lesson-${name}`);
  }
  // The formula is wider than a phone's panel and scrolls inside its own box.
  await page.setViewportSize(PHONE);
  const formula = answer.locator(".katex-display");
  const { scrollWidth, clientWidth } = await formula.evaluate((el) => ({
    scrollWidth: el.scrollWidth,
    clientWidth: el.clientWidth,
  }));
  expect(scrollWidth).toBeGreaterThan(clientWidth);
  // Edge shadows say there is more: two covers that scroll with it over two shadows and the ground that stay.
  expect(await formula.evaluate((el) => getComputedStyle(el).backgroundAttachment)).toBe(
    "local, local, scroll, scroll, scroll",
  );

  // The same conversation on /learn/chats, whose chat does not take the focus as the page loads
  // (screen readers start at its heading; a phone scrolled down to the box).
  await page.goto("/learn/chats");
  await expect(page.locator("form textarea")).toBeVisible();
  expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe("TEXTAREA");
  await page.getByTestId("history-list").locator("a").first().click();
  const again = page.locator("li[data-role='assistant']").last();
  await expect(again).toContainText("must/wrap/anywhere/to/fit.");
  for (const [size, name] of [
    [PHONE, "phone"],
    [DESKTOP, "desktop"],
  ] as const) {
    await page.setViewportSize(size);
    expect(await overflowingBlocks(page.getByTestId("tutor-messages")), `/learn/chats, ${name}`).toEqual([]);
    expect(await pageOverflow(page), `/learn/chats, ${name}`).toBeLessThanOrEqual(0);
    await shot(page, testInfo, `wide-answer-chats-${name}`);
  }
});

test("/learn/chats: one list, newest first by when each started, titles clamped with the whole title kept, an empty state without a lesson", async ({
  page,
}, testInfo) => {
  const chat = await new ChatPage(page).withoutChatKit();
  await signUpAndVerify(page, { email: uniqueEmail("history") });

  await page.goto("/learn/chats");
  await expect(page.getByTestId("history-empty")).toBeVisible();
  await expect(page.getByTestId("chat-empty")).toBeVisible();
  for (const empty of [page.getByTestId("history-empty"), page.getByTestId("chat-empty")]) {
    await expect(empty).not.toContainText(/select/i);
  }

  // Thread A starts on a lesson; B on this page; then A gets a follow-up, which does not move it.
  const longWords = "Supercalifragilistic-homogeneous-transformations Denavit-Hartenberg-parameterisations";
  await chat.open();
  await chat.askAndWait(`${longWords} compared with quaternion interpolation`, ANSWERED);
  await page.goto("/learn/chats");
  await page.getByLabel("Message to the tutor").fill("What is a vector?");
  await page.getByLabel("Message to the tutor").press("Enter");
  await expect(page.locator("li[data-role='assistant']").last()).toContainText(ANSWERED);
  await page.goto("/learn/chats");
  const list = page.getByTestId("history-list");
  await expect(list.locator("li")).toHaveCount(2);
  await expect(list.locator("li").first()).toContainText("What is a vector");
  await list.locator("a", { hasText: "Supercalifragilistic" }).click();
  await expect(page.locator("li[data-role='user']").first()).toContainText(longWords);
  await page.getByLabel("Message to the tutor").fill("And slerp?");
  await page.getByLabel("Message to the tutor").press("Enter");
  await expect(page.locator("li[data-role='assistant']")).toHaveCount(2);

  await page.goto("/learn/chats");
  await expect(list.locator("li")).toHaveCount(2);
  await expect(list.locator("li").first()).toContainText("What is a vector");
  await expect(list.locator("li").nth(1)).toContainText("Supercalifragilistic");
  // One conversation list on the page: the chat beside it has no list (or button) of its own.
  await expect(page.getByTestId("thread-list")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Conversations" })).toHaveCount(0);

  await page.setViewportSize(PHONE);
  const title = list.locator("li").nth(1).locator("span").first();
  const full = await title.getAttribute("title");
  expect(full).toContain("Supercalifragilistic-homogeneous-transformations");
  // At most two lines (line-clamp draws the ellipsis when longer), the whole title on hover.
  expect(await title.evaluate((el) => getComputedStyle(el).webkitLineClamp)).toBe("2");
  expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
  await shot(page, testInfo, "chats-phone");
  await page.setViewportSize(DESKTOP);
  await shot(page, testInfo, "chats-desktop");
});

test("the staff header fits a phone: every admin page as wide as the screen, Sign out reachable", async ({
  page,
}, testInfo) => {
  await signIn(page, fixtures().admin, fixtures().password);
  await expect(page).toHaveURL(/\/learn/);
  await page.setViewportSize(PHONE);
  for (const path of [
    "/admin/users",
    "/admin/audit",
    "/admin/usage",
    "/admin/threads",
    "/admin/oauth",
    "/instructor",
  ]) {
    await page.goto(path);
    expect(await pageOverflow(page), path).toBeLessThanOrEqual(0);
  }
  await page.goto("/admin/users");
  // Every staff page is in sight on a phone (the links wrap), and the current one is marked.
  const nav = page.getByRole("navigation", { name: "Administration" });
  for (const link of await nav.getByRole("link").all()) await expect(link).toBeInViewport({ ratio: 1 });
  await expect(nav.getByRole("link", { name: "Users", exact: true })).toHaveAttribute("aria-current", "page");
  await expect(nav.locator("[aria-current]")).toHaveCount(1);
  await shot(page, testInfo, "admin-users-phone");
  await page.getByRole("button", { name: "Menu" }).click();
  const signOut = page.getByRole("button", { name: "Sign out", exact: true });
  await expect(signOut).toBeInViewport({ ratio: 1 });
  await shot(page, testInfo, "admin-menu-phone");
  // Focus leaving the menu, or a tap beside it, closes it: the open panel covers the page's first
  // links, and Tab past "Sign out" went on behind it, out of sight.
  const menu = page.getByRole("button", { name: "Menu" });
  await signOut.focus();
  await page.keyboard.press("Tab");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await page.mouse.click(4, 600);
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await menu.click();
  await page.setViewportSize(DESKTOP);
  await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
  await expect(signOut).toBeInViewport({ ratio: 1 });
  await shot(page, testInfo, "admin-users-desktop");
  await signOut.click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/);
});

test("on a phone, no line of a lesson starts with the comma or period after a formula", async ({ page }) => {
  // Staff read every lesson, locked or not.
  await signIn(page, fixtures().admin, fixtures().password);
  await expect(page).toHaveURL(/\/learn/);
  await page.setViewportSize(PHONE);
  await page.goto("/learn");
  const lessons = await page
    .locator("[data-testid^='stage-'] a[href^='/learn/']")
    .evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute("href") ?? ""))])
    .then((hrefs) => hrefs.filter((href) => href.split("/").length === 4));
  expect(lessons.length).toBeGreaterThanOrEqual(12);
  const wrapped: string[] = [];
  for (const lesson of lessons) {
    await page.goto(lesson);
    await expect(page.getByTestId("lesson").locator(".lesson-body h2[id]").first()).toBeVisible();
    for (const w of await punctuationWrappedAfterFormulas(page)) wrapped.push(`${lesson}: ${w}`);
  }
  expect(wrapped).toEqual([]);
});
