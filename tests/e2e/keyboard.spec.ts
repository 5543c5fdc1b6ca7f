import { expect, test } from "./fixtures";
import { FICTIONAL_PILOT, screenshot } from "./helpers";
import { COORDINATOR_EMAIL, currentPeriodOfFictionalPilot, demoPassword, entryField, expectFocusVisible, INDICATORS, tabTo, typeOver } from "./entry-helpers";

/**
 * The coordinator's whole journey with the keyboard alone: Tab, Shift+Tab, Enter, Space and typing, never
 * the mouse. At every stop the focus must be visible; the refused save must be announced and its
 * message tied to the field.
 */
test("the coordinator journey works with the keyboard alone, with visible focus and announced, linked errors", async ({ page }) => {
  await page.context().clearCookies();
  await page.goto("/sign-in");
  const password = await demoPassword(page, COORDINATOR_EMAIL);

  // Sign in.
  await tabTo(page, page.locator("#email"));
  await page.keyboard.type(COORDINATOR_EMAIL);
  await tabTo(page, page.locator("#password"));
  await page.keyboard.type(password);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("link", { name: FICTIONAL_PILOT }).first()).toBeVisible();

  // Open the pilot, then its current period.
  const { pilotId, periodId } = await currentPeriodOfFictionalPilot(page);
  await tabTo(page, page.getByRole("link", { name: FICTIONAL_PILOT }).first());
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/pilots/${pilotId}$`));
  const periodLink = page.locator(`a[href="/pilots/${pilotId}/periods/${periodId}"]`).first();
  await expect(periodLink).toBeAttached();
  await tabTo(page, periodLink);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/periods/${periodId}$`));
  await expect(page.getByRole("heading", { level: 1, name: /^Results for / })).toBeVisible();

  // A count below its goal, a score typed with a decimal comma, a percentage from numerator and denominator.
  const migrants = await entryField(page, INDICATORS.migrants, "value");
  const migrantsComment = await entryField(page, INDICATORS.migrants, "comment");
  const score = await entryField(page, INDICATORS.satisfaction, "value");
  const respondents = await entryField(page, INDICATORS.satisfaction, "respondents");
  const numerator = await entryField(page, INDICATORS.completion, "numerator");
  const denominator = await entryField(page, INDICATORS.completion, "denominator");
  const save = page.getByRole("button", { name: "Save results" });

  await tabTo(page, migrants);
  await typeOver(page, "1");
  await page.keyboard.press("Tab");
  await expect(migrantsComment).toBeFocused();
  await typeOver(page, ""); // whatever an earlier run explained, this value must be explained again
  await tabTo(page, score);
  await typeOver(page, "8.6");
  await page.keyboard.press("Tab");
  await expect(respondents).toBeFocused();
  await typeOver(page, "12");
  await tabTo(page, numerator);
  await typeOver(page, "20");
  await page.keyboard.press("Tab");
  await expect(denominator).toBeFocused();
  await typeOver(page, "23");
  await expect(page.locator("fieldset", { hasText: INDICATORS.completion }).locator(".computed")).toHaveText("= 86.96%");
  // Back up with Shift+Tab to check the score before saving.
  await tabTo(page, score, { backwards: true });
  await expect(score).toHaveValue("8.6");

  // Saving without the comment: nothing is saved, the refusal is announced and the focus goes to the field.
  await tabTo(page, save);
  await page.keyboard.press("Enter");
  const alert = page.getByRole("alert").filter({ hasText: /Nothing was saved/ });
  await expect(alert).toContainText("This result is below its goal or expected progress: explain the factors behind it.");
  await expect(migrantsComment).toBeFocused();
  await expectFocusVisible(page);
  await expect(migrantsComment).toHaveAttribute("aria-invalid", "true");
  const describedBy = (await migrantsComment.getAttribute("aria-describedby"))!.split(/\s+/);
  const errorTexts = await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).textContent()));
  expect(errorTexts).toContain("This result is below its goal or expected progress: explain the factors behind it.");
  await screenshot(page, "keyboard-error");

  // The summary's links lead back to each field with the keyboard too.
  await tabTo(page, alert.getByRole("link").first());
  await page.keyboard.press("Enter");
  await expect(migrantsComment).toBeFocused();

  await page.keyboard.type("Snow closed the valley road for three weeks.");
  // Should the percentage also ask for a comment (it depends on what earlier runs saved), it gets one by keyboard too.
  const completionComment = await entryField(page, INDICATORS.completion, "comment");
  if ((await completionComment.getAttribute("aria-required")) === "true" && (await completionComment.inputValue()) === "") {
    await tabTo(page, completionComment);
    await page.keyboard.type("Two participants moved away.");
  }
  await tabTo(page, save);
  await page.keyboard.press("Enter");
  const confirmation = page.getByRole("status").filter({ hasText: /Saved \d+ results?/ });
  await expect(confirmation).toBeVisible();
  // The confirmation takes the focus, so that a keyboard or screen reader user learns the outcome.
  await expect(confirmation).toBeFocused();
  await expectFocusVisible(page);
  await screenshot(page, "keyboard-saved");

  // On to the pilot page through the confirmation's link (a link takes Enter, not Space).
  await tabTo(page, confirmation.getByRole("link"));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/pilots/${pilotId}$`));
});

test("leaving the period form with unsaved changes asks first, and the dialog works with the keyboard", async ({ page }) => {
  await page.context().clearCookies();
  await page.goto("/sign-in");
  await tabTo(page, page.locator("#email"));
  await page.keyboard.type(COORDINATOR_EMAIL);
  await tabTo(page, page.locator("#password"));
  await page.keyboard.type(await demoPassword(page, COORDINATOR_EMAIL));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("link", { name: FICTIONAL_PILOT }).first()).toBeVisible();
  const { pilotId, periodId } = await currentPeriodOfFictionalPilot(page);
  await page.goto(`/pilots/${pilotId}/periods/${periodId}`);

  const hours = await entryField(page, INDICATORS.hours, "value");
  await tabTo(page, hours);
  await typeOver(page, "41");
  const breadcrumb = page.locator(".breadcrumb").getByRole("link", { name: FICTIONAL_PILOT });
  await tabTo(page, breadcrumb, { backwards: true });
  await page.keyboard.press("Enter");

  const dialog = page.getByRole("dialog", { name: "Leave without saving?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Stay on this page" })).toBeFocused();
  await expectFocusVisible(page);
  await screenshot(page, "unsaved-changes-dialog");
  // Escape, like "Stay", keeps the page and what was typed.
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`/periods/${periodId}$`));
  await expect(hours).toHaveValue("41");

  await tabTo(page, breadcrumb, { backwards: true });
  await page.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Leave without saving" })).toBeFocused();
  await page.keyboard.press("Space");
  await expect(page).toHaveURL(new RegExp(`/pilots/${pilotId}$`));
});
