import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { FICTIONAL_PILOT, screenshot } from "./helpers";
import { COORDINATOR_EMAIL, currentPeriodOfFictionalPilot, demoPassword, entryField, INDICATORS } from "./entry-helpers";

test.use({ viewport: { width: 360, height: 740 } });

/** The page fits the phone's width: nothing makes the whole page scroll sideways. */
async function expectNoSidewaysScroll(page: Page, where: string) {
  const widths = await page.evaluate(() => ({ document: document.documentElement.scrollWidth, body: document.body.scrollWidth, viewport: window.innerWidth }));
  expect(widths.document, `${where}: page width ${widths.document} px on a ${widths.viewport} px screen`).toBeLessThanOrEqual(360);
  expect(widths.body, `${where}: body width`).toBeLessThanOrEqual(360);
}

test("on a 360 px phone, the coordinator enters and saves a period without sideways scrolling", async ({ page }) => {
  await page.context().clearCookies();
  await page.goto("/sign-in");
  await page.locator("#email").fill(COORDINATOR_EMAIL);
  await page.locator("#password").fill(await demoPassword(page, COORDINATOR_EMAIL));
  await page.locator("#password").press("Enter");
  await expect(page.getByRole("link", { name: FICTIONAL_PILOT }).first()).toBeVisible();
  const { pilotId, periodId } = await currentPeriodOfFictionalPilot(page);
  await page.goto(`/pilots/${pilotId}`);
  await page.locator(`a[href="/pilots/${pilotId}/periods/${periodId}"]`).first().click();
  await expect(page.getByRole("heading", { level: 1, name: /^Results for / })).toBeVisible();
  await expectNoSidewaysScroll(page, "the empty period form");

  // Inputs take the phone's width, and each is big enough to tap.
  const score = await entryField(page, INDICATORS.satisfaction, "value");
  const box = (await score.boundingBox())!;
  expect(box.width).toBeGreaterThan(250);
  expect(box.height).toBeGreaterThanOrEqual(40);

  await score.fill("8.6");
  await (await entryField(page, INDICATORS.satisfaction, "respondents")).fill("12");
  await (await entryField(page, INDICATORS.completion, "numerator")).fill("20");
  await (await entryField(page, INDICATORS.completion, "denominator")).fill("23");
  await (await entryField(page, INDICATORS.hours, "value")).fill("150");
  const hoursComment = await entryField(page, INDICATORS.hours, "comment");
  await hoursComment.fill("Two teachers from the valley school joined.");
  await page.getByRole("button", { name: "Save results" }).click();
  // Whatever still asks for an explanation gets one, and an unusual figure is confirmed (decision 018), on the phone too.
  const saved = page.getByRole("status").filter({ hasText: /Saved \d+ results?/ });
  const refused = page.getByRole("alert").filter({ hasText: /Nothing was saved|look unusual/ });
  for (let attempt = 0; attempt < 3; attempt++) {
    await expect(saved.or(refused).first()).toBeVisible();
    if (await saved.isVisible()) break;
    await expectNoSidewaysScroll(page, "the period form with errors");
    const missing = page.locator("textarea[aria-invalid='true']");
    while ((await missing.count()) > 0) await missing.first().fill("Explained on the phone.");
    for (const confirmation of await page.getByLabel("Yes, I checked it: save it with my confirmation").all()) await confirmation.check();
    await page.getByRole("button", { name: "Save results" }).click();
  }
  await expect(page.getByRole("status").filter({ hasText: /Saved \d+ results?/ })).toBeVisible();
  await expectNoSidewaysScroll(page, "the saved period form");
  await screenshot(page, "phone-period-form-saved");
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "test-results/screenshots/phone-period-form-top.png" });

  // The stakeholder register of the same pilot fits too: its wide tables scroll inside their own box.
  await page.goto(`/pilots/${pilotId}/stakeholders`);
  await expect(page.getByRole("heading", { level: 1, name: /^Stakeholders: / })).toBeVisible();
  await expectNoSidewaysScroll(page, "the stakeholder register");
  await page.screenshot({ path: "test-results/screenshots/phone-stakeholders.png" });
});
