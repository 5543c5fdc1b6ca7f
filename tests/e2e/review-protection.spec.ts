import { expect, test } from "./fixtures";
import type { Page } from "@playwright/test";
import { FICTIONAL_PILOT, openCurrentQuarterForm, screenshot, signInAs } from "./helpers";

const ORGANISATIONS = "Organisations cooperating with the desk";
const HOURS = "Hours of language courses delivered";
const EMPLOYERS = "Employers contacted about internships";

/** The current quarter's page once submitted: it is then offered for viewing, not editing. */
async function openSubmittedQuarter5(page: Page) {
  await page.goto("/");
  await page.getByRole("link", { name: FICTIONAL_PILOT }).click();
  await page.getByRole("link", { name: /^View results for Quarter 5/ }).click();
  await page.getByRole("heading", { name: /Results for Quarter 5/ }).waitFor();
}

test("a manager corrects the goal of an indicator that has results; a coordinator submits an incomplete period after seeing what is missing, then withdraws it", async ({
  page,
}) => {
  // The manager corrects a goal after the first reports: measure and period values are shown as fixed, with the reason.
  await signInAs(page, "manager");
  await page.getByRole("link", { name: FICTIONAL_PILOT }).click();
  await page.getByRole("link", { name: "Set up pilot and indicators" }).click();
  await page.getByRole("button", { name: `Edit ${ORGANISATIONS}` }).click();
  await expect(page.getByLabel("Measure")).toHaveValue("Count or amount");
  await expect(page.getByLabel("Measure")).toHaveAttribute("readonly", "");
  await expect(page.getByText(/^Fixed: its \d+ results were entered and checked as this measure/)).toBeVisible();
  await expect(page.getByText(/^Fixed: its \d+ results are added up this way/)).toBeVisible();
  await page.getByLabel("Goal", { exact: true }).fill("18");
  await page.getByLabel("Goal as written in the application (optional)").fill("At least 18 organisations cooperating by the end");
  await screenshot(page, "indicator-correction");
  // The indicator has results: a new goal needs its reason (docs/decisions/022), asked next to the reason's fields.
  await page.getByRole("button", { name: "Save indicator" }).click();
  await expect(page.getByText("Choose one of the reasons.")).toBeVisible();
  await page.getByLabel("Reason", { exact: true }).selectOption("programme_modification");
  await page.getByLabel("Why, in a sentence").fill("The monitoring committee approved more partner organisations.");
  await page.getByRole("button", { name: "Save indicator" }).click();
  await expect(page.getByText(`“${ORGANISATIONS}” is saved.`)).toBeVisible();
  await expect(page.locator(".indicator-summary", { hasText: ORGANISATIONS })).toContainText(/goal .*18/);
  await expect(page.getByText("This value is not valid.")).toHaveCount(0);
  // The pilot page shows the current goal with the contracted one and the reason beside it.
  await page.goto(page.url().replace(/\/setup.*$/, ""));
  await expect(page.locator("tr", { hasText: ORGANISATIONS }).locator(".goal-revision")).toHaveText(/^revised from \d+ — programme modification$/);

  // The coordinator reports one more indicator in the current quarter and submits it, incomplete.
  await signInAs(page, "coordinator");
  await openCurrentQuarterForm(page);
  const panel = page.locator(".review-panel");
  // Other specs may have added indicators or results to the demo pilot: the counts are read, not assumed.
  await expect(panel).toContainText(/Completeness: \d+ of \d+ indicators reported/);
  const [, before, expected] = /(\d+) of (\d+) indicators reported/.exec((await panel.textContent())!)!.map(Number);
  await page.getByLabel(`${HOURS}: Result this period (hours)`).fill("40");
  await page.getByLabel(`${HOURS}: comment`).fill("Two evening courses started in November.");
  await page.getByRole("button", { name: "Save results" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Saved \d+ results?/ })).toBeVisible();
  const reported = before! + 1;
  await expect(panel).toContainText(`Completeness: ${reported} of ${expected} indicators reported`);
  expect(reported).toBeLessThan(expected!);
  await page.getByRole("button", { name: "Submit for review" }).click();
  const confirmation = page.getByRole("alertdialog");
  await expect(confirmation).toContainText(`${expected! - reported} indicator${expected! - reported === 1 ? " has" : "s have"} no result for this period:`);
  await expect(confirmation.getByRole("listitem")).toHaveCount(expected! - reported);
  await expect(confirmation.getByRole("listitem").filter({ hasText: EMPLOYERS })).toBeVisible();
  await expect(confirmation.getByRole("listitem").filter({ hasText: HOURS })).toHaveCount(0);
  await screenshot(page, "submit-incomplete-confirmation");
  await confirmation.getByRole("button", { name: "Submit incomplete report" }).click();
  await expect(panel).toContainText("Submitted for review");

  // The manager's queue says how complete each submitted report is.
  await signInAs(page, "manager");
  await page.getByRole("link", { name: "Reviews", exact: true }).click();
  const quarter5 = page.locator("tr", { has: page.getByRole("link", { name: /Quarter 5/ }) });
  await expect(quarter5).toContainText(`${reported} of ${expected} indicators reported`);
  await expect(page.locator("tr", { has: page.getByRole("link", { name: /Quarter 4/ }) })).toContainText(/\d+ of \d+ indicators reported/);
  await screenshot(page, "review-queue-completeness");

  // Nobody has reviewed it yet: the coordinator withdraws it to correct it, and it leaves the queue.
  await signInAs(page, "coordinator");
  await openSubmittedQuarter5(page);
  await page.getByRole("button", { name: "Withdraw submission" }).click();
  await expect(panel).toContainText("Draft");
  await expect(page.getByLabel(`${HOURS}: Result this period (hours)`)).toBeEnabled();
  await signInAs(page, "manager");
  await page.getByRole("link", { name: "Reviews", exact: true }).click();
  await expect(page.getByRole("link", { name: /Quarter 5/ })).toHaveCount(0);
});
