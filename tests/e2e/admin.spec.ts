import { type APIRequestContext, type Browser, expect, test } from "@playwright/test";
import { fixtures } from "../oidc/rp";
import { ChatPage } from "./pages/chat";
import { readOutbox, signIn, signUpAndVerify, uniqueEmail } from "./support";

const pages = [
  "/admin/users",
  "/admin/enrolments",
  "/admin/audit",
  "/admin/usage",
  "/admin/threads",
  "/admin/retention",
  "/admin/oauth",
  "/admin/import",
  "/instructor",
];
const apis: [string, "GET" | "POST"][] = [
  ["/api/admin/auth-events", "GET"],
  ["/api/admin/ai-usage", "GET"],
  ["/api/admin/retention", "POST"],
  ["/api/admin/import", "GET"],
];

/** A browser context signed in with the given role (students sign up; staff are promoted by the admin). */
async function contextAs(browser: Browser, role: "anonymous" | "student" | "instructor" | "admin") {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (role === "admin") {
    await signIn(page, fixtures().admin, fixtures().password);
    await expect(page).toHaveURL(/\/learn/);
  } else if (role !== "anonymous") {
    const email = uniqueEmail(role);
    await signUpAndVerify(page, { email });
    if (role === "instructor") await promote(browser, email, "instructor");
  }
  return { context, page };
}

async function promote(browser: Browser, email: string, role: string) {
  const { context, page } = await contextAs(browser, "admin");
  await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  const row = page.locator(`tr[data-email="${email}"]`);
  await row.getByLabel(`Role of ${email}`).selectOption(role);
  await row.getByRole("button", { name: "Set role" }).click();
  await expect(row.getByTestId("user-action-result")).toContainText(`is now ${role}`);
  await context.close();
}

const status = async (request: APIRequestContext, path: string, method: "GET" | "POST" = "GET") => {
  const res =
    method === "GET" ? await request.get(path, { maxRedirects: 0 }) : await request.post(path, { maxRedirects: 0 });
  return `${res.status()} ${res.headers().location ?? ""}`.trim();
};

test("role matrix: every admin and instructor route and API, as anonymous, student, instructor and admin", async ({
  browser,
}) => {
  const expected: Record<string, (path: string) => RegExp> = {
    anonymous: (p) => (p.startsWith("/api") ? /^401$/ : /^307 \/sign-in\?next=/),
    student: (p) => (p.startsWith("/api") ? /^403$/ : /^307 \/learn\?denied=1$/),
    instructor: (p) =>
      p.startsWith("/api")
        ? /^403$/
        : p === "/admin/threads" || p === "/instructor"
          ? /^200$/
          : /^307 \/learn\?denied=1$/,
    admin: () => /^200$/,
  };
  for (const role of ["anonymous", "student", "instructor", "admin"] as const) {
    const { context, page } = await contextAs(browser, role);
    for (const path of pages)
      expect(await status(page.request, path), `${role} ${path}`).toMatch(expected[role]?.(path) as RegExp);
    for (const [path, method] of apis)
      expect(await status(page.request, path, method), `${role} ${method} ${path}`).toMatch(
        expected[role]?.(path) as RegExp,
      );
    await context.close();
  }
});

test("an admin promotes a student to instructor, who publishes an edit without signing in again; the tutor uses it", async ({
  browser,
}) => {
  const learnerContext = await browser.newContext();
  const learner = await learnerContext.newPage();
  const chat = await new ChatPage(learner).withoutChatKit();
  const email = uniqueEmail("future-instructor");
  await signUpAndVerify(learner, { email });
  await learner.goto("/instructor");
  await expect(learner).toHaveURL(/\/learn\?denied=1/);

  await promote(browser, email, "instructor");

  // Same session, no new sign-in: the role applies on the next request.
  await learner.goto("/instructor");
  await expect(learner.getByRole("heading", { name: "Lessons" })).toBeVisible();
  await learner.goto("/instructor/lessons/homogeneous-transforms");
  const editor = learner.getByTestId("lesson-source");
  const source = await editor.inputValue();
  await editor.fill(
    `${source.trimEnd()}\n\n## Study aid\n\nThe quaternionic zebra reminds you to chain transforms right to left.\n`,
  );
  await expect(learner.getByTestId("frontmatter-ok")).toBeVisible();
  await learner.getByRole("button", { name: "Publish" }).click();
  await expect(learner.getByTestId("publish-result")).toContainText("Published and re-indexed.");

  await learner.goto("/learn/spatial-foundations/homogeneous-transforms");
  await expect(learner.getByTestId("lesson")).toContainText("quaternionic zebra");
  await chat.openPanel();
  await chat.askAndWait("What does the quaternionic zebra remind me of?", "quaternionic zebra");
  await learnerContext.close();
});

test("two editors of one lesson: the later publish is refused, keeps its text, and names the earlier one", async ({
  browser,
}) => {
  const { context, page: first } = await contextAs(browser, "admin");
  const second = await context.newPage();
  const lessonPath = "/instructor/lessons/rotation-matrices";
  await first.goto(lessonPath);
  await second.goto(lessonPath);
  const append = async (page: typeof first, line: string) => {
    const editor = page.getByTestId("lesson-source");
    await editor.fill(`${(await editor.inputValue()).trimEnd()}\n\n${line}\n`);
    await expect(page.getByTestId("frontmatter-ok")).toBeVisible();
    await page.getByRole("button", { name: "Publish" }).click();
  };
  await append(first, "A note from the first editor.");
  await expect(first.getByTestId("publish-result")).toContainText("Published and re-indexed.");
  await append(second, "A note from the second editor.");
  await expect(second.getByTestId("publish-result")).toContainText("since you opened it");
  await expect(second.getByTestId("publish-result")).toContainText("admin@e2e.test");
  // Nothing is lost: the refused text is still in the second editor, the first is published.
  await expect(second.getByTestId("lesson-source")).toHaveValue(/A note from the second editor\./);
  await second.goto("/learn/spatial-foundations/rotation-matrices");
  await expect(second.getByTestId("lesson")).toContainText("A note from the first editor.");
  await expect(second.getByTestId("lesson")).not.toContainText("A note from the second editor.");
  await context.close();
});

test("staff reviewing a learner's thread is shown read-only and written to the audit log", async ({ browser }) => {
  const { context, page } = await contextAs(browser, "admin");
  await page.goto("/admin/threads");
  const first = page.getByTestId("review-list").locator("a").first();
  await expect(first).toBeVisible();
  await first.click();
  await expect(page.getByTestId("review-items").locator("li").first()).toBeVisible();
  await page.goto("/admin/audit?type=thread_view");
  const row = page.getByTestId("audit-table").locator("tbody tr").first();
  await expect(row).toContainText("thread_view");
  // Filed under the learner whose conversation it is; the admin who read it is named as who acted.
  await expect(row.getByTestId("audit-by")).toHaveText("admin@e2e.test");
  await context.close();
});

test("AI usage draws each day's answers as points joined by straight lines, so a single day shows", async ({
  browser,
}) => {
  const { context, page } = await contextAs(browser, "admin");
  await page.goto("/admin/usage");
  await expect(page.getByTestId("usage-totals")).toHaveText(/^[1-9]\d* tutor turns?, \d+ errors?, /);
  const chart = (title: string) => page.locator("figure").filter({ hasText: title });
  // Today's percentiles are the only ones in the range (no answers on the days around them).
  await expect(chart("Time to first token").locator(".recharts-line-dot, .recharts-dot").first()).toBeVisible();
  const line = chart("Messages per day").locator("path.recharts-line-curve");
  await expect(line).toHaveAttribute("d", /^[ML\d.,\s-]+$/);
  // Whole messages only: no tick between 0 and 1.
  const ticks = await chart("Messages per day").locator(".recharts-yAxis-tick-labels text").allTextContents();
  expect(ticks.length).toBeGreaterThan(1);
  expect(ticks.filter((t) => t.includes("."))).toEqual([]);
  await context.close();
});

test("admin user actions work for real: ban and unban, sign out everywhere, resend confirmation; OAuth clients", async ({
  browser,
}) => {
  const learnerContext = await browser.newContext();
  const learner = await learnerContext.newPage();
  const email = uniqueEmail("managed");
  await signUpAndVerify(learner, { email });
  const { context, page } = await contextAs(browser, "admin");
  const row = () => page.locator(`tr[data-email="${email}"]`);
  const act = async (name: string, result: RegExp, confirm?: string) => {
    await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
    await row().getByRole("button", { name, exact: true }).click();
    if (confirm) await row().getByRole("button", { name: confirm, exact: true }).click();
    await expect(row().getByTestId("user-action-result")).toContainText(result);
  };

  // Banning and signing out ask once more; Cancel leaves the learner signed in.
  await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  await row().getByRole("button", { name: "Sign out everywhere", exact: true }).click();
  await expect(row()).toContainText(`Sign ${email} out on every device?`);
  await row().getByRole("button", { name: "Cancel", exact: true }).click();
  await expect(row().getByRole("button", { name: "Sign out everywhere", exact: true })).toBeVisible();
  await learner.goto("/learn");
  await expect(learner).toHaveURL(/\/learn/);

  await act("Sign out everywhere", /signed out everywhere/, "Yes, sign out everywhere");
  await learner.goto("/learn");
  await expect(learner).toHaveURL(/\/sign-in/);

  await act("Ban", /is banned/, "Yes, ban");
  await signIn(learner, email);
  await expect(learner.getByTestId("form-error")).toContainText("suspended");
  await act("Unban", /no longer banned/);
  await signIn(learner, email);
  await expect(learner).toHaveURL(/\/learn/);

  // An unverified learner gets a fresh confirmation link on request.
  const pending = uniqueEmail("pending");
  await learner.context().clearCookies();
  await learner.goto("/sign-up");
  await learner.getByLabel("Name").fill("Pending Person");
  await learner.getByLabel("Email").fill(pending);
  await learner.getByLabel("Password").fill("Correct-Horse-Battery-9-Staple");
  await learner.getByRole("button", { name: "Create account" }).click();
  await expect(learner).toHaveURL(/\/verify-email/);
  const before = (await readOutbox()).filter((m) => m.to === pending).length;
  await page.goto(`/admin/users?q=${encodeURIComponent(pending)}`);
  await page.locator(`tr[data-email="${pending}"]`).getByRole("button", { name: "Resend confirmation" }).click();
  await expect.poll(async () => (await readOutbox()).filter((m) => m.to === pending).length).toBe(before + 1);

  // OAuth clients: register (secret shown once), see it listed, delete it.
  await page.goto("/admin/oauth");
  await page.getByLabel("Client name").fill("Grading service");
  await page.getByLabel("Redirect URI").fill("https://grading.example.com/callback");
  await page.getByRole("button", { name: "Register" }).click();
  await expect(page.getByTestId("client-secret")).toContainText("Client secret");
  const item = page.getByTestId("client-list").locator("li", { hasText: "Grading service" });
  await expect(item).toBeVisible();
  // Deleting asks first, and Cancel keeps the client.
  await item.getByRole("button", { name: "Delete Grading service" }).click();
  await item.getByRole("button", { name: "Cancel" }).click();
  await expect(item).toBeVisible();
  await item.getByRole("button", { name: "Delete Grading service" }).click();
  await item.getByRole("button", { name: "Yes, delete" }).click();
  await expect(page.getByTestId("client-list").locator("li", { hasText: "Grading service" })).toHaveCount(0);
  await page.goto("/admin/audit?type=admin_action");
  await expect(page.getByTestId("audit-table")).toContainText("oauth_client_delete");
  await context.close();
  await learnerContext.close();
});
