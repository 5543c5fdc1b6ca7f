import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { FICTIONAL_PILOT, LUSERNA_PILOT, openCurrentQuarterForm, signInAs } from "./helpers";

/** WCAG 2.1 A and AA rules (EN 301 549), checked by axe-core on the page as it is now. */
async function expectNoViolations(page: Page, state: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`);
  expect(summary, `axe violations on ${state}`).toEqual([]);
}

test("every page and state has no WCAG 2.1 AA violation that axe can find", async ({ page }) => {
  test.setTimeout(180_000); // many pages, each analysed in full
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  await expectNoViolations(page, "the sign-in page");
  await signInAs(page, "administrator");
  await page.goto("/");
  await expect(page.locator("svg.recharts-surface").first()).toBeVisible();
  await expectNoViolations(page, "the portfolio");

  await page.goto("/attention");
  await expect(page.getByRole("heading", { name: "Needs attention" })).toBeVisible();
  await expectNoViolations(page, "needs attention");

  await page.goto("/projects");
  await expect(page.getByRole("heading", { name: "Projects" })).toBeVisible();
  await expectNoViolations(page, "projects");
  await page.getByRole("button", { name: "New project" }).click();
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByText("This is required.").first()).toBeVisible();
  await expectNoViolations(page, "the new-project form with errors");

  await page.goto("/");
  await page.getByRole("link", { name: FICTIONAL_PILOT }).click();
  await expect(page.locator("svg.recharts-surface").first()).toBeVisible();
  await expectNoViolations(page, "a pilot page with charts");

  await page.getByRole("link", { name: /Set up/ }).first().click();
  await expectNoViolations(page, "pilot set-up");

  await openCurrentQuarterForm(page);
  await expectNoViolations(page, "the period form");
  await page.getByLabel("Hours of language courses delivered: Result this period (hours)").fill("eight");
  await page.getByRole("button", { name: "Save results" }).click();
  await expect(page.getByText(/Nothing was saved/)).toBeVisible();
  await expectNoViolations(page, "the period form with errors");

  await page.goto("/");
  await page.getByRole("link", { name: LUSERNA_PILOT }).click();
  await page.getByRole("link", { name: "Final report" }).click();
  await expect(page.getByRole("textbox", { name: /^1\. Short description/ })).toBeVisible();
  await expectNoViolations(page, "the final report editor");
  await page.getByRole("link", { name: "Print view" }).click();
  await expect(page.getByRole("heading", { name: /Pilot final report:/ })).toBeVisible();
  await expectNoViolations(page, "the final report's print view");

  await page.goto("/no/such/page");
  await expectNoViolations(page, "page not found");
});
