import { expect, type Page, test } from "@playwright/test";
import { signUpAndVerify, uniqueEmail } from "./support";

async function stageLessonLinks(page: Page, stageId: string) {
  await page.goto("/learn");
  return page
    .getByTestId(`stage-${stageId}`)
    .getByRole("link")
    .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).getAttribute("href") ?? ""));
}

test("a learner reads lessons, is refused a locked stage, and unlocks it by completing stage 1", async ({ page }) => {
  await signUpAndVerify(page, { email: uniqueEmail("learner") });
  await page.goto("/learn");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Foundations of Robotics");
  const stages = page.locator("[data-testid^='stage-']");
  await expect(stages).toHaveCount(4);
  await expect(page.getByTestId("stage-spatial-foundations")).toHaveAttribute("data-locked", "false");
  await expect(page.getByTestId("stage-manipulator-kinematics")).toHaveAttribute("data-locked", "true");

  // A lesson renders its markdown: anchored headings, highlighted code, maths, a hidden solution.
  const stage1 = await stageLessonLinks(page, "spatial-foundations");
  expect(stage1.length).toBeGreaterThanOrEqual(3);
  await page.goto(stage1[0] as string);
  const lesson = page.getByTestId("lesson");
  await expect(lesson.locator("h2[id]").first()).toBeVisible();
  await expect(lesson.locator("a.heading-anchor").first()).toHaveAttribute("href", /^#/);
  await expect(lesson.locator("code.hljs").first()).toBeAttached();
  await expect(lesson.locator(".katex").first()).toBeAttached();
  const solution = lesson.locator("details.solution").first();
  await expect(solution).not.toHaveAttribute("open");
  await solution.locator("summary").click();
  await expect(solution).toHaveAttribute("open");

  // A locked lesson is refused: redirected to the dashboard with a notice, never the content.
  await page.goto("/learn/manipulator-kinematics/forward-kinematics");
  await expect(page).toHaveURL(/\/learn\?locked=manipulator-kinematics$/);
  await expect(page.getByTestId("locked-notice")).toContainText("still locked");
  // A new learner: the first stage, with all three of its lessons left, stands in the way.
  await expect(page.getByTestId("locked-notice")).toContainText(
    /Complete every lesson of “[^”]+” \(3 left\) to unlock it/,
  );
  await expect(page.getByTestId("lesson")).toHaveCount(0);

  // An unknown lesson is a 404 page.
  const missing = await page.goto("/learn/spatial-foundations/no-such-lesson");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();

  // Completing every lesson of stage 1 unlocks stage 2.
  for (const [i, href] of stage1.entries()) {
    await page.goto(href);
    await page.getByRole("button", { name: "Mark lesson complete" }).click();
    await expect(page.getByTestId("lesson-completed")).toBeVisible();
    if (i === stage1.length - 1)
      await expect(page.getByTestId("stage-unlocked")).toContainText("Kinematics of robot arms");
  }
  await page.goto("/learn");
  await expect(page.getByTestId("stage-spatial-foundations")).toContainText("Complete");
  await expect(page.getByTestId("stage-manipulator-kinematics")).toHaveAttribute("data-locked", "false");
  await page.goto("/learn/manipulator-kinematics/forward-kinematics");
  await expect(page.getByTestId("lesson")).toBeVisible();

  // Progress survives a reload.
  await page.reload();
  await expect(page.getByTestId("lesson")).toBeVisible();
});

test("moving to the next lesson asks for its text before the page, and going back asks for nothing", async ({
  page,
}) => {
  await signUpAndVerify(page, { email: uniqueEmail("navigate") });
  const stage1 = await stageLessonLinks(page, "spatial-foundations");
  const [first, second] = stage1 as [string, string];
  await page.goto(first);
  // In the order they start: each request for a lesson's text, and Next's request for the next
  // page (not a prefetch). Fetched once the page had arrived, the text would come after it.
  const events: string[] = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    const headers = r.headers();
    if (path.startsWith("/api/lessons/")) events.push(path);
    else if (path === second && headers.rsc === "1" && !headers["next-router-prefetch"]) events.push("page");
  });
  await page.getByRole("navigation", { name: "Lesson navigation" }).getByRole("link").last().click();
  await expect(page).toHaveURL(new RegExp(`${second}$`));
  const body = page.getByTestId("lesson").locator(".lesson-body");
  await expect(body.locator("h2[id]").first()).toBeVisible();
  await expect(body.locator(".katex").first()).toBeAttached();
  const secondId = second.split("/").pop();
  await expect.poll(() => events.length).toBeGreaterThanOrEqual(2);
  expect(events).toEqual([`/api/lessons/${secondId}/html`, "page"]);

  // Back again: the browser still has the first lesson.
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`${first}$`));
  await expect(body.locator("h2[id]").first()).toBeVisible();
  expect(events.filter((e) => e !== "page")).toHaveLength(1);
});

test("a lesson link the mouse rests on fetches its text then, and the click that follows asks for it no more", async ({
  page,
}) => {
  await signUpAndVerify(page, { email: uniqueEmail("hover") });
  const [first, second] = (await stageLessonLinks(page, "spatial-foundations")) as [string, string];
  await page.goto(first);
  const secondId = second.split("/").pop();
  const fetches: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname.startsWith("/api/lessons/")) fetches.push(r.url());
  });
  const next = page.getByRole("navigation", { name: "Lesson navigation" }).getByRole("link").last();
  const answered = page.waitForResponse((r) => r.url().includes(`/api/lessons/${secondId}/html`));
  await next.hover();
  expect((await answered).status()).toBe(200);
  await next.click();
  await expect(page).toHaveURL(new RegExp(`${second}$`));
  await expect(page.getByTestId("lesson").locator(".lesson-body h2[id]").first()).toBeVisible();
  expect(fetches).toHaveLength(1);
});

test("a lesson's HTML on its own: for a reader who may see it, kept by the browser only for its version", async ({
  page,
  request,
}) => {
  expect((await request.get("/api/lessons/coordinate-frames-and-vectors/html")).status()).toBe(401);
  await signUpAndVerify(page, { email: uniqueEmail("lesson-html") });
  const first = await page.request.get("/api/lessons/coordinate-frames-and-vectors/html");
  expect(first.status()).toBe(200);
  expect(first.headers()["cache-control"]).toBe("no-store");
  const { version, html } = (await first.json()) as { version: string; html: string };
  expect(html).toContain('class="katex"');
  const kept = await page.request.get(`/api/lessons/coordinate-frames-and-vectors/html?v=${version}`);
  expect(kept.headers()["cache-control"]).toContain("immutable");
  expect(((await kept.json()) as { html: string }).html).toBe(html);
  const locked = await page.request.get("/api/lessons/forward-kinematics/html");
  expect(locked.status()).toBe(403);
  expect(await locked.json()).toMatchObject({ error: { code: "learn:locked" } });
  expect((await page.request.get("/api/lessons/no-such-lesson/html")).status()).toBe(404);
});

test("progress is per learner: another learner still sees stage 2 locked", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signUpAndVerify(page, { email: uniqueEmail("second") });
  await page.goto("/learn");
  await expect(page.getByTestId("stage-manipulator-kinematics")).toHaveAttribute("data-locked", "true");
  await context.close();
});

test("health reports the database and retriever", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ status: "ok", db: "ok", retriever: { kind: "postgres", status: "ok" } });
});
