import { expect, test } from "./fixtures";
import { expectedLanguageHoursProjection } from "../support/demoExpectations";
import { testDay } from "../support/testDay";
import { FICTIONAL_PILOT, screenshot, signInAs } from "./helpers";

const HOURS = "Hours of language courses delivered";
// The server runs on the same day (playwright.config.ts): 390 on the default day, 389 to 391 on others.
const expected = expectedLanguageHoursProjection(testDay());

test("a manager sees an indicator on track today but likely to miss, with its dashed projection", async ({ page }) => {
  await signInAs(page, "manager");
  await page.goto("/");
  await page.getByRole("link", { name: FICTIONAL_PILOT }).click();
  await expect(page.getByRole("heading", { name: FICTIONAL_PILOT })).toBeVisible();

  const row = page.locator("tr", { has: page.getByRole("rowheader", { name: new RegExp(`^${HOURS}`) }) });
  await expect(row).toContainText("On track");
  await expect(row).toContainText("Likely to miss");
  await expect(row).toContainText(expected.text);

  const chart = page.locator("article.chart-card", { hasText: HOURS });
  await chart.scrollIntoViewIfNeeded();
  await expect(chart).toContainText("Likely to miss");
  const dashed = chart.locator(".projection-line path.recharts-curve");
  await expect(dashed).toHaveAttribute("stroke-dasharray", "4 4");
  // A real line with two or more points, not an empty path.
  await expect(dashed).toHaveAttribute("d", /^M[\d.]+,[\d.]+L/);
  await expect(chart.locator(".projection-range path.recharts-area-area")).toHaveCount(1);
  await expect(chart.getByRole("figure")).toHaveAttribute("aria-label", new RegExp(`Projected at the end: ${expected.projected} \\(range ${expected.low}–${expected.high}\\)`));
  await chart.screenshot({ path: "test-results/screenshots/early-warning-chart.png" });
  await screenshot(page, "early-warning-pilot");

  await page.getByRole("link", { name: "Needs attention" }).click();
  await page.getByRole("link", { name: "1 more indicator is likely to miss the goal by the end of the pilot" }).click();
  const section = page.locator("section", { has: page.getByRole("heading", { name: "Likely to miss" }) });
  const item = section.locator("li", { hasText: HOURS });
  await expect(item).toContainText("On track");
  await expect(item).toContainText(`projected at end: ${expected.projected} of 480 hours (81%)`);
  await expect(item).toContainText("one evening course a week");
  await expect(section.locator("li")).toHaveCount(1);
  await screenshot(page, "early-warning-attention");
});
