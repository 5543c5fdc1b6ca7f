import { expect, test } from "./fixtures";
import { screenshot, signInAs } from "./helpers";

test("an administrator sets up a project, a quarterly pilot and an indicator, and sees the pilot's periods", async ({ page }) => {
  // Creating a project is the administrator's; the project's manager then sets up its pilots.
  await signInAs(page, "administrator");
  await page.goto("/projects");
  await page.getByRole("button", { name: "New project" }).click();
  await page.getByLabel("Name").fill("Alpine Welcome");
  await page.getByLabel("Programme").fill("Interreg Alpine Space");
  await page.getByLabel("Start").fill("2024-01-01");
  await page.getByLabel("End").fill("2023-12-31");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByText("The end date is before the start date.")).toBeVisible();
  await page.getByLabel("End").fill("2026-12-31");
  // The tolerance says the number it reads too, before what it means.
  const tolerance = page.getByLabel(/^Tolerance/);
  await tolerance.fill("12.5");
  await expect(page.locator("[id$='-tolerance-hint']")).toHaveText("Read as 12.5. How far below target is still 'at risk' rather than 'underperforming'.");
  await tolerance.fill("15");
  await page.getByRole("button", { name: "Create project" }).click();
  await page.getByRole("link", { name: "Alpine Welcome" }).click();

  await expect(page.getByRole("heading", { name: "Alpine Welcome" })).toBeVisible();
  await page.getByRole("button", { name: "New pilot" }).click();
  await page.getByLabel("Title").fill("Mountain language café");
  await page.getByLabel("Partner organisation").fill("Comunità montana");
  await page.getByLabel("Country").fill("IT");
  await page.getByLabel("Start").fill("2025-01-01");
  await page.getByLabel("End").fill("2025-12-31");
  await page.getByLabel("Reporting frequency").selectOption("quarterly");
  // The coordinator's e-mail invites a new address: without SMTP (as here) the form shows the link to pass on, under the field.
  await page.getByLabel("Coordinator", { exact: true }).fill("Lea Berger");
  await page.getByLabel("Coordinator's email").fill("lea.berger@example.org");
  await page.getByRole("button", { name: "Create pilot" }).click();
  await expect(page.locator(".coordinator-outcome")).toContainText(/pass this link on to Lea Berger yourself.*\/invitation\/[\w-]{40,}/);
  await screenshot(page, "pilot-coordinator-invited");
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page.getByRole("heading", { name: "Set up: Mountain language café" })).toBeVisible();
  await page.getByRole("button", { name: "New indicator" }).click();
  await page.getByLabel("Indicator name").fill("Language café sessions");
  await page.getByLabel("Unit").fill("sessions");
  await page.getByLabel("Goal", { exact: true }).fill("eight");
  await page.getByRole("button", { name: "Add indicator" }).click();
  await expect(page.getByText("Enter a number.")).toBeVisible();
  // The field says the number it reads, the page's language's way, before anything is saved.
  const goal = page.getByLabel("Goal", { exact: true });
  await goal.fill("2,500");
  await expect(page.locator("[id$='-goal-hint']").first()).toHaveText("Read as 2,500.");
  await goal.fill("2.500");
  await expect(page.locator("[id$='-goal-hint']").first()).toHaveText("Read as 2.5.");
  await goal.fill("2,5");
  await expect(page.locator("[id$='-goal-hint']").first()).toHaveText(
    '"2,5" is not a number here: "," groups thousands in threes, "." marks the decimals, as in 12,345.5. Did you mean 2.5?',
  );
  await goal.fill("48");
  await expect(page.locator("[id$='-goal-hint']").first()).toHaveText("Read as 48.");
  await page.getByRole("button", { name: "Add indicator" }).click();
  await expect(page.locator("strong", { hasText: "Language café sessions" })).toBeVisible();
  await screenshot(page, "pilot-setup");

  await page.getByRole("link", { name: "Pilot page" }).click();
  await expect(page.getByRole("heading", { name: "Mountain language café" })).toBeVisible();
  for (const label of ["Quarter 1 (Jan 2025 – Mar 2025)", "Quarter 2 (Apr 2025 – Jun 2025)", "Quarter 3 (Jul 2025 – Sep 2025)", "Quarter 4 (Oct 2025 – Dec 2025)"]) {
    await expect(page.getByRole("rowheader", { name: label })).toBeVisible();
  }
  await expect(page.locator("tr", { has: page.getByRole("rowheader", { name: /^Language café sessions/ }) })).toContainText("Not reported");
  await screenshot(page, "pilot-new");
});
