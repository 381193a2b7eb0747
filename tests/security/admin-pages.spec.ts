import { expect, test } from "@playwright/test";
import { signIn } from "../e2e/support";
import { fixtures } from "../oidc/rp";

/**
 * Issues 14, items 9 and 12, on the admin pages and their server actions (production build):
 * a bad query parameter (a huge page, a bad date, a made-up cursor, a NUL) never makes a page
 * fail; the page shows what was wrong above its defaults (a page's 400). Server actions refuse
 * a NUL, an unknown OAuth client and a call that is not their form, with a message, not a 500.
 */
test.beforeEach(async ({ page }) => {
  await signIn(page, fixtures().admin, fixtures().password);
  await expect(page).toHaveURL(/\/learn/);
});

test("bad query parameters are explained on the page, never a 500", async ({ page }) => {
  const cases: [string, RegExp][] = [
    ["/admin/users?page=99999999999999999999", /Invalid page/],
    ["/admin/users?page=-1", /Invalid page/],
    ["/admin/users?q=%00", /not allowed/],
    ["/admin/usage?from=bad", /Invalid from/],
    ["/admin/usage?from=9999-12-31&to=9999-12-31", /Invalid from/],
    ["/admin/audit?cursor=zzzz", /cursor/],
    ["/admin/audit?who=a%00b", /not allowed/],
    ["/admin/threads?who=%00", /not allowed/],
  ];
  for (const [path, message] of cases) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(200);
    await expect(page.getByRole("alert").first(), path).toContainText(message);
  }
});

test("a server action given a NUL, an unknown client or something that is not its form answers with a message", async ({
  page,
}) => {
  // A NUL byte in a user action's hidden field.
  await page.goto("/admin/users");
  const form = page.locator("form[aria-label^='Actions for']").first();
  await form.getByRole("button", { name: "Sign out everywhere", exact: true }).click();
  // Set once the question is on screen (that render would put the real id back).
  await form.locator("input[name=userId]").evaluate((el: HTMLInputElement) => {
    el.value = "user\u0000id";
  });
  await form.getByRole("button", { name: "Yes, sign out everywhere" }).click();
  await expect(form.getByTestId("user-action-result")).toContainText("cannot be stored");

  // Deleting a client that does not exist.
  await page.goto("/admin/oauth");
  const item = page.getByTestId("client-list").locator("li").first();
  await item.getByRole("button", { name: "Delete" }).click();
  // Set once the question is on screen, as above.
  await item.locator("input[name=clientId]").evaluate((el: HTMLInputElement) => {
    el.value = "no-such-client";
  });
  const posted = page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]);
  await item.getByRole("button", { name: "Yes, delete" }).click();
  await expect(item.getByRole("alert")).toContainText("does not exist");
  const action = await posted;

  // The same action called with a plain object instead of its form (what a script can send).
  const replay = await page.request.post(action.url(), {
    headers: {
      "next-action": action.headers()["next-action"] as string,
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      origin: new URL(action.url()).origin,
    },
    data: JSON.stringify(["$undefined", { clientId: "no-such-client" }]),
  });
  expect(replay.status()).toBeLessThan(500);
  expect(await replay.text()).toContain("action:invalid");
});
