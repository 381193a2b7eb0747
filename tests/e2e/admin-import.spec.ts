import { hash } from "@node-rs/bcrypt";
import { expect, test } from "@playwright/test";
import { fixtures } from "../oidc/rp";
import { signIn } from "./support";

/**
 * The operator's path on /admin/import in Chromium: a file with problems is reported by line
 * and cannot be imported; a clean one (more than one batch, so the bar moves) is imported with
 * progress; imported learners sign in with their old passwords (one is asked for a new one);
 * the run is rolled back, with force once it names who has signed in.
 */
const RUN = Date.now().toString(36);
const STRONG = "Quiet-Harbor-7731-lantern-Ovq!";
const WEAK = "sunshine";

async function legacyFile(n: number): Promise<string> {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(
      JSON.stringify({
        id: `e2e-${RUN}-${i}`,
        email: `legacy-${RUN}-${i}@old.example`,
        name: `Legacy Learner ${i}`,
        email_verified: true,
        // Only the two who sign in need their own hash; the rest share one (hashing 600 takes a while).
        password_hash: "",
        role: "student",
        created_at: "2019-03-04T05:06:07.000Z",
        accounts: [],
      }),
    );
  }
  const strongHash = await hash(STRONG, 4);
  const weakHash = `$2y$${(await hash(WEAK, 4)).slice(4)}`;
  const filler = await hash("Filler-Password-77!x", 4);
  return lines
    .map((line, i) =>
      line.replace('"password_hash":""', `"password_hash":"${i === 0 ? strongHash : i === 1 ? weakHash : filler}"`),
    )
    .join("\n");
}

test("an admin checks, imports and rolls back a legacy user file; imported learners sign in with their old passwords", async ({
  browser,
}) => {
  // A 600-user import, first sign-ins that rehash, and a rollback: longer than the default minute.
  test.setTimeout(180_000);
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, fixtures().admin, fixtures().password);
  await expect(admin).toHaveURL(/\/learn/);
  await admin.goto("/admin/import");
  await expect(admin.getByRole("heading", { name: "Import users" })).toBeVisible();
  const fileInput = admin.getByLabel("Export file (JSON Lines or CSV)");

  // A file with problems: reported by line, no import button.
  const clean = await legacyFile(600);
  const [first] = clean.split("\n");
  const broken = `${clean}\n${first?.replace(`e2e-${RUN}-0"`, `e2e-${RUN}-dup"`)}\n{"id":"cut`;
  await fileInput.setInputFiles({ name: "broken.jsonl", mimeType: "application/json", buffer: Buffer.from(broken) });
  await admin.getByRole("button", { name: "Check file" }).click();
  const problems = admin.getByTestId("report-problems");
  await expect(problems).toContainText("2 problems in 2 rows");
  await expect(problems.locator('[data-problem="email_duplicate"]')).toContainText("line 601:");
  await expect(problems.locator('[data-problem="json"]')).toContainText("line 602: the object is cut off");
  await expect(admin.getByRole("button", { name: /^Import \d+ users$/ })).toHaveCount(0);

  // A clean file: the report, then the run with progress, then the run in the list.
  await fileInput.setInputFiles({ name: "legacy.jsonl", mimeType: "application/json", buffer: Buffer.from(clean) });
  await admin.getByRole("button", { name: "Check file" }).click();
  await expect(admin.getByTestId("report-clean")).toBeVisible();
  await expect(admin.getByTestId("import-report")).toContainText("600 (bcrypt 600");
  await admin.getByRole("button", { name: "Import 600 users" }).click();
  await expect(admin.getByTestId("import-result")).toContainText("imported 600 users");
  await expect(admin.getByTestId("import-progress")).toContainText("600 / 600 users");
  await expect(admin.getByRole("progressbar", { name: "Import progress" })).toHaveAttribute("aria-valuenow", "100");
  const row = admin.getByTestId("import-runs").locator("li", { hasText: "legacy.jsonl" }).first();
  await expect(row).toContainText("600 created");

  // Imported learners: the old password works; the weak one must be replaced before going on.
  const learnerContext = await browser.newContext();
  const learner = await learnerContext.newPage();
  await signIn(learner, `legacy-${RUN}-0@old.example`, STRONG);
  // A first sign-in verifies bcrypt (its rehash follows in the background): allow a busy machine its time.
  await expect(learner).toHaveURL(/\/learn$/, { timeout: 30_000 });
  await learnerContext.clearCookies();
  await signIn(learner, `legacy-${RUN}-1@old.example`, WEAK);
  await expect(learner).toHaveURL(/\/new-password/, { timeout: 30_000 });
  await expect(learner.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await learner.goto("/learn/chats");
  await expect(learner).toHaveURL(/\/new-password\?next=%2Flearn%2Fchats/);
  await learner.getByLabel("Current password").fill(WEAK);
  await learner.getByLabel("New password").fill("Sunshine-Orchard-Kettle-42!");
  await learner.getByRole("button", { name: "Save new password" }).click();
  await expect(learner).toHaveURL(/\/learn\/chats/, { timeout: 30_000 });
  await learnerContext.close();

  // Rollback: refused with names while they have signed in; forced, it removes the run.
  await admin.reload();
  const rollback = admin.getByTestId("import-runs").locator("li", { hasText: "legacy.jsonl" }).first();
  await rollback.getByRole("button", { name: "Roll back" }).click();
  await expect(rollback.getByTestId("rollback-result")).toContainText(`legacy-${RUN}-0@old.example (signed in)`);
  await rollback.getByLabel("Remove them anyway").check();
  await rollback.getByRole("button", { name: "Roll back" }).click();
  await expect(rollback.getByTestId("rollback-result")).toContainText("removed 600 users, 2 of them active");
  await admin.reload();
  await expect(admin.getByTestId("import-runs").locator("li", { hasText: "legacy.jsonl" }).first()).toContainText(
    "rolled back",
  );
  await adminContext.close();
});
