import { expect, test } from "./fixtures";
import { FICTIONAL_PILOT, openCurrentQuarterForm, screenshot, signInAs } from "./helpers";

test("a coordinator enters a period with 8.6 (told that 8,6 is not an English number) and a below-goal value, explains it, and sees the result", async ({ page }) => {
  await signInAs(page, "coordinator");
  await openCurrentQuarterForm(page);

  const satisfaction = "Participants' satisfaction with the language courses";
  // An Italian habit on an English page: refused, with how English writes numbers and the number probably meant.
  await page.getByLabel(`${satisfaction}: Mean score (1–10)`).fill("8,6");
  await expect(
    page
      .locator("fieldset", { hasText: satisfaction })
      .getByText('"8,6" is not a number here: "," groups thousands in threes, "." marks the decimals, as in 12,345.5. Did you mean 8.6?'),
  ).toBeVisible();
  await page.getByLabel(`${satisfaction}: Mean score (1–10)`).fill("8.6");
  await page.getByLabel(`${satisfaction}: Respondents`).fill("12");
  await expect(page.locator("fieldset", { hasText: satisfaction }).locator(".preview")).toContainText("Achieved");

  const migrants = "Number of migrants involved in pilot action activities";
  await page.getByLabel(`${migrants}: Result this period (people)`).fill("1");
  const migrantsBlock = page.locator("fieldset", { hasText: migrants });
  await expect(migrantsBlock.locator(".preview")).toContainText("Underperforming");

  await page.getByRole("button", { name: "Save results" }).click();
  await expect(migrantsBlock.getByText("This result is below its goal or expected progress: explain the factors behind it.")).toBeVisible();
  await expect(page.getByText("Nothing was saved: 1 indicator needs attention.")).toBeVisible();
  await expect(page.getByLabel(`${migrants}: comment`)).toBeFocused();
  await screenshot(page, "period-form-comment-required");

  await page.getByLabel(`${migrants}: comment`).fill("Snow closed the valley road for three weeks in November.");
  await page.getByRole("button", { name: "Save results" }).click();
  await expect(page.getByText("Saved 2 results.")).toBeVisible();
  await screenshot(page, "period-form-saved");

  await page.getByRole("link", { name: "Back to the pilot page" }).click();
  await expect(page.getByRole("heading", { name: FICTIONAL_PILOT })).toBeVisible();
  const row = page.locator("tr", { has: page.getByRole("rowheader", { name: new RegExp(`^${migrants}`) }) });
  await expect(row).toContainText("81 people");
  await expect(row).toContainText("Underperforming");
  await expect(row).toContainText("Snow closed the valley road");
  const satisfactionRow = page.locator("tr", { has: page.getByRole("rowheader", { name: new RegExp(`^${satisfaction}`) }) });
  await expect(satisfactionRow).toContainText("Achieved");
  const chart = page.locator("article", { has: page.getByRole("heading", { name: new RegExp(migrants) }) }).getByRole("application");
  await expect(chart).toBeVisible();
  await expect(page.getByRole("link", { name: /^Edit results for Quarter 5/ })).toBeVisible();
  await screenshot(page, "pilot-fictional-after-save");
});
