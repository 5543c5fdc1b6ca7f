import { addDays } from "../../shared/dates";
import { testDay } from "../support/testDay";
import { expectNoAxeViolations } from "./axe";
import { expect, test } from "./fixtures";
import { DEMO, FICTIONAL_PILOT, screenshot, signInAs } from "./helpers";

test("with the administrator's leave a manager creates a project, sends their coordinator a reset link, and the coordinator lands on the to-do page", async ({ page }) => {
  // Off on a new server: the manager has no "New project".
  await signInAs(page, "manager");
  await page.goto("/projects");
  await expect(page.getByRole("heading", { name: "Projects", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "New project" })).toHaveCount(0);

  // The administrator allows it on the settings page.
  await signInAs(page, "administrator");
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Project managers may create projects of their own").check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toContainText("Settings saved.");
  await screenshot(page, "admin-settings");
  await expectNoAxeViolations(page, "the settings page");

  // The manager creates a project and manages it at once.
  await signInAs(page, "manager");
  await page.goto("/projects");
  await page.getByRole("button", { name: "New project" }).click();
  const today = testDay();
  await page.getByLabel("Name").fill("Mountain libraries");
  await page.getByLabel("Start").fill(today);
  await page.getByLabel("End").fill(addDays(today, 365));
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByRole("status")).toContainText("Project created.");
  await page.getByRole("link", { name: "Open it to add its pilots" }).click();
  await expect(page.getByRole("heading", { name: "Mountain libraries" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Your account: .*Project manager/ })).toBeVisible();

  // On the fictional pilot's set-up page, a reset link for its coordinator (no SMTP here: shown to pass on).
  await page.goto("/");
  await page.getByRole("link", { name: FICTIONAL_PILOT }).click();
  await page.waitForURL(/\/pilots\/\d+$/);
  await page.goto(`${new URL(page.url()).pathname}/setup`);
  const people = page.getByRole("region", { name: "People of this pilot" });
  await people.getByRole("button", { name: `Send a password-reset link to ${DEMO.coordinator}` }).click();
  const status = people.getByRole("status", { name: "Password-reset link" });
  await expect(status).toContainText(`pass this link on to ${DEMO.coordinator}`);
  const link = (await status.locator(".reset-link").textContent()) ?? "";
  expect(link).toMatch(/\/reset-password\/[\w-]{40,}$/);
  await screenshot(page, "people-reset-link");

  // Maria opens it where nobody is signed in, sets a new password, and starts on her to-do page.
  await page.context().clearCookies();
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await page.getByLabel("New password").fill("short");
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page.locator("#reset-password-error")).not.toBeEmpty();
  await screenshot(page, "reset-password-error");
  await expectNoAxeViolations(page, "the reset page with an error");
  await page.getByLabel("New password").fill("maria-new-password");
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page.getByRole("heading", { name: "To do", exact: true })).toBeVisible();
  await expect(page).toHaveURL(/\/todo$/);
  await expect(page.getByRole("region", { name: "Your pilots" }).getByRole("link", { name: FICTIONAL_PILOT })).toBeVisible();
  await expect(page.getByRole("link", { name: /^To do \(\d+\)$/ })).toBeVisible();

  // The URL keeps the to-do page's filter.
  await page.getByLabel("Pilot", { exact: true }).selectOption({ label: FICTIONAL_PILOT });
  await expect(page).toHaveURL(/[?&]pilot=\d+/);
  await page.reload();
  await expect(page.getByLabel("Pilot", { exact: true })).toHaveValue(/\d+/);
  await screenshot(page, "todo-coordinator-landing");

  // The link worked once; the new password signs her in.
  await page.context().clearCookies();
  await page.goto(link);
  await expect(page.getByRole("alert")).toContainText("This link no longer works");
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("maria.rossi@example.org");
  await page.getByLabel("Password").fill("maria-new-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "To do", exact: true })).toBeVisible();
});

test("needs attention keeps its project filter in the address (its overdue reports: tests/integration/people-accounts.test.ts)", async ({ page }) => {
  await signInAs(page, "manager");
  await page.getByRole("link", { name: "Needs attention", exact: true }).click();
  await page.getByLabel("Project", { exact: true }).selectOption({ index: 1 });
  await expect(page).toHaveURL(/[?&]project=\d+/);
  await page.reload();
  await expect(page.getByLabel("Project", { exact: true })).not.toHaveValue("");
  await screenshot(page, "attention-filtered");
  await expectNoAxeViolations(page, "needs attention, filtered");
});
