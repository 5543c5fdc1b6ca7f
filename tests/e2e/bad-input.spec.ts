import { expect, test } from "./fixtures";
import { openCurrentQuarterForm, screenshot, signInAs } from "./helpers";

test("words and out-of-scale scores get a message next to the field, and nothing is saved", async ({ page }) => {
  await signInAs(page, "coordinator");
  await openCurrentQuarterForm(page);
  const hours = "Hours of language courses delivered";
  const satisfaction = "Participants' satisfaction with the language courses";
  const completion = "Participants completing the language course";

  await page.getByLabel(`${hours}: Result this period (hours)`).fill("eight");
  await expect(page.locator("fieldset", { hasText: hours }).getByText('"eight" is not a number.')).toBeVisible();

  await page.getByLabel(`${satisfaction}: Mean score (1–10)`).fill("11");
  await page.getByLabel(`${satisfaction}: Respondents`).fill("5");
  await expect(page.locator("fieldset", { hasText: satisfaction }).getByText("The score must be on the scale from 1 to 10.")).toBeVisible();

  await page.getByLabel(`${completion}: Numerator`).fill("30");
  await page.getByLabel(`${completion}: Denominator`).fill("20");
  await expect(page.locator("fieldset", { hasText: completion }).getByText("The numerator cannot be above the denominator.")).toBeVisible();

  await page.getByRole("button", { name: "Save results" }).click();
  await expect(page.getByText("Nothing was saved: 3 indicators need attention.")).toBeVisible();
  await expect(page.getByLabel(`${hours}: Result this period (hours)`)).toBeFocused();
  await screenshot(page, "period-form-errors");

  // Nothing reached the server: a fresh form has none of these values.
  await page.reload();
  await expect(page.getByLabel(`${completion}: Numerator`)).toHaveValue("");
  await expect(page.getByLabel(`${satisfaction}: Mean score (1–10)`)).not.toHaveValue("11");
});

test("a figure beyond the server's limit, sent past the page's own check, is refused beside its field and never as an internal path", async ({ page }) => {
  await signInAs(page, "coordinator");
  await openCurrentQuarterForm(page);
  const hours = "Hours of language courses delivered";
  const field = page.getByLabel(`${hours}: Result this period (hours)`);
  const limit = "Enter a number of at most a thousand billion (1,000,000,000,000).";
  // The page states the server's inclusive limit before saving: a thousand billion is read, one more is refused.
  await field.fill("1,000,000,000,001");
  await expect(page.locator("fieldset", { hasText: hours }).getByText(limit)).toBeVisible();
  await field.fill("1,000,000,000,000");
  await expect(page.locator("fieldset", { hasText: hours }).getByText(limit)).toHaveCount(0);
  // The field says what it read, as the set-up forms do; an Italian habit on an English page shows at once.
  await expect(page.locator("#" + (await field.getAttribute("id")) + "-read")).toHaveText("Read as 1,000,000,000,000.");
  // What the page sends is changed on its way, as a script or an older page would send it.
  await page.route("**/api/trpc/results.savePeriod**", async (route) => {
    const body = route.request().postData() ?? "";
    await route.continue({ postData: body.replace('"value":1000000000000', '"value":1000000000001') });
  });
  await page.getByRole("button", { name: "Save results" }).click();
  const fieldset = page.locator("fieldset", { hasText: hours });
  await expect(fieldset.locator(".field-error", { hasText: limit })).toBeVisible();
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Nothing was saved: 1 indicator needs attention.")).toBeVisible();
  await expect(page.getByText(/entries\.\d/)).toHaveCount(0);
  await expect(page.locator(".error-box")).toHaveCount(0);
  await screenshot(page, "period-form-server-field-error");
});
