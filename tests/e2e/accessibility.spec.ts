import { expectNoAxeViolations } from "./axe";
import { expect, test } from "./fixtures";
import { FICTIONAL_PILOT, LUSERNA_PILOT, openCurrentQuarterForm, signInAs } from "./helpers";

test("every page and state has no WCAG 2.1 AA violation that axe can find", async ({ page }) => {
  test.setTimeout(180_000); // many pages, each analysed in full
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  await expectNoAxeViolations(page, "the sign-in page");
  await signInAs(page, "administrator");
  await page.goto("/");
  await expect(page.locator("svg.status-chart")).toBeVisible();
  await expectNoAxeViolations(page, "the portfolio");

  await page.goto("/attention");
  await expect(page.getByRole("heading", { name: "Needs attention" })).toBeVisible();
  await expectNoAxeViolations(page, "needs attention");

  await page.goto("/projects");
  await expect(page.getByRole("heading", { name: "Projects" })).toBeVisible();
  await expectNoAxeViolations(page, "projects");
  await page.getByRole("button", { name: "New project" }).click();
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByText("This is required.").first()).toBeVisible();
  await expectNoAxeViolations(page, "the new-project form with errors");

  await page.goto("/");
  await page.getByRole("link", { name: FICTIONAL_PILOT }).click();
  await expect(page.locator("svg.recharts-surface").first()).toBeVisible();
  await expectNoAxeViolations(page, "a pilot page with charts");

  await page
    .getByRole("link", { name: /Set up/ })
    .first()
    .click();
  await expectNoAxeViolations(page, "pilot set-up");

  await openCurrentQuarterForm(page);
  await expectNoAxeViolations(page, "the period form");
  await page.getByLabel("Hours of language courses delivered: Result this period (hours)").fill("eight");
  await page.getByRole("button", { name: "Save results" }).click();
  await expect(page.getByText(/Nothing was saved/)).toBeVisible();
  await expectNoAxeViolations(page, "the period form with errors");

  await page.goto("/");
  await page.getByRole("link", { name: LUSERNA_PILOT }).click();
  await page.getByRole("link", { name: "Final report" }).click();
  await expect(page.getByRole("textbox", { name: /^1\. Short description/ })).toBeVisible();
  await expectNoAxeViolations(page, "the final report editor");
  await page.getByRole("link", { name: "Print view" }).click();
  await expect(page.getByRole("heading", { name: /Pilot final report:/ })).toBeVisible();
  await expectNoAxeViolations(page, "the final report's print view");

  await page.goto("/no/such/page");
  await expectNoAxeViolations(page, "page not found");
});
