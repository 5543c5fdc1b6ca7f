import { expect, test } from "./fixtures";
import { currentPeriodOfFictionalPilot } from "./entry-helpers";
import { FICTIONAL_PILOT, openCurrentQuarterForm, screenshot, signInAs } from "./helpers";

const ASSOCIATIONS = "Migrant associations involved";

test("a coordinator who types 1,000,000,000,000 against a goal of 50 is asked, confirms, and the confirmation stays with the result", async ({ page }) => {
  // Set-up, as the project manager: an indicator with a goal of 50 (this spec's own data).
  await signInAs(page, "manager");
  const { pilotId } = await currentPeriodOfFictionalPilot(page);
  const created = await page.request.post("/api/trpc/indicators.create", {
    data: { pilotId, code: "ASSOC", name: ASSOCIATIONS, kind: "quantitative", measure: "count", unit: "associations", goal: 50 },
  });
  expect(created.status()).toBe(200);

  await signInAs(page, "coordinator");
  await openCurrentQuarterForm(page);
  const block = page.locator("fieldset", { has: page.locator("legend", { hasText: ASSOCIATIONS }) });
  await page.getByLabel(`${ASSOCIATIONS}: Result this period (associations)`).fill("1,000,000,000,000");
  await page.getByLabel(`${ASSOCIATIONS}: comment`).fill("Counted at the regional fair.");
  await page.getByRole("button", { name: "Save results" }).click();

  // Asked before anything is saved.
  const question = block.getByRole("group", { name: /Unusual figure/ });
  await expect(question).toContainText("1,000,000,000,000 associations is more than ten times the goal of 50.");
  await expect(page.getByRole("alert").filter({ hasText: "Some figures look unusual." })).toBeVisible();
  await expect(page.getByText(/^Saved \d+ result/)).toHaveCount(0);
  const confirm = block.getByLabel("Yes, I checked it: save it with my confirmation");
  await expect(confirm).toBeFocused();
  await screenshot(page, "signals-plausibility-question");

  await confirm.check();
  await page.getByRole("button", { name: "Save results" }).click();
  await expect(page.getByText("Saved 1 result.")).toBeVisible();
  // The form, rebuilt from the stored result, shows who confirmed what.
  await expect(block.locator(".plausibility-confirmed")).toContainText("Confirmed as checked by Maria Rossi (fictional):");
  await expect(block.locator(".plausibility-confirmed")).toContainText("more than ten times the goal of 50");
  await screenshot(page, "signals-plausibility-confirmed-form");

  // The pilot page shows the confirmation beside the result, and the goal that was far exceeded.
  await page.getByRole("link", { name: "Back to the pilot page" }).click();
  await expect(page.getByRole("heading", { name: FICTIONAL_PILOT })).toBeVisible();
  const row = page.locator("tr", { has: page.getByRole("rowheader", { name: new RegExp(`^${ASSOCIATIONS}`) }) });
  await expect(row).toContainText("Confirmed as checked by Maria Rossi (fictional):");
  await expect(row.getByRole("list", { name: `Signals for ${ASSOCIATIONS}` })).toContainText("was the goal set too low?");
  await screenshot(page, "signals-pilot-page");
});

test("the pilot page shows a share's 95 % interval beside its value, and the pace a count behind its goal needs", async ({ page }) => {
  await signInAs(page, "evaluator");
  await page.getByRole("link", { name: FICTIONAL_PILOT }).first().click();
  await expect(page.getByRole("heading", { name: FICTIONAL_PILOT })).toBeVisible();
  // 40 of 55 (72.7 %) against 75 %: the Wilson interval is about 60–83 %, so the gap is not conclusive.
  const completion = page.locator("tr", { has: page.getByRole("rowheader", { name: /^Participants completing the language course/ }) });
  await expect(completion.locator(".interval")).toHaveText("≈60–83%");
  await expect(completion).toContainText("not conclusive");
  // 80 of 200 people after four quarters of eight, well behind: the pace still needed beside the recent one.
  const migrants = page.locator("tr", { has: page.getByRole("rowheader", { name: /^Number of migrants involved/ }) });
  await expect(migrants.getByRole("list", { name: /^Signals for/ })).toContainText(/Needs [\d.,]+ people a quarter to reach the goal; the last 4 averaged 20\./);
  await screenshot(page, "signals-interval-and-pace");
});
