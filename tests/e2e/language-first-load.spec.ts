import { expect, test } from "./fixtures";
import { FICTIONAL_PILOT } from "./helpers";
import { rememberLanguageOnAccount, signInAnyLanguage } from "./signInAnyLanguage";

// An English browser: whatever the page says in Italian came from the account, not from the browser.
test.use({ locale: "en-US" });

const italianPeriod = /Trimestre \d/;
const englishPeriod = /Quarter \d/;

async function signOut(page: import("@playwright/test").Page) {
  await page.getByRole("button", { name: /^(Sign out|Esci)$/ }).click();
  await page.waitForURL((url) => url.pathname.startsWith("/sign-in"));
}

test("the first pages after sign-in are in the account's language, and the next person gets their own", async ({ page }) => {
  // Eleven sign-ins, each opening a page of the demo: more than the default minute on a busy machine.
  test.setTimeout(180_000);
  // The coordinator's account is Italian; the evaluator's English. Both are chosen on the account.
  await signInAnyLanguage(page, "coordinator");
  expect(await rememberLanguageOnAccount(page, "it")).toBe(true);
  await signInAnyLanguage(page, "evaluator");
  expect(await rememberLanguageOnAccount(page, "en")).toBe(true);
  await page.context().clearCookies();

  for (let load = 1; load <= 4; load++) {
    // Signed in through the page (no reload in between): the period names the server writes are Italian at once.
    await signInAnyLanguage(page, "coordinator");
    await expect(page.locator("html"), `load ${load}`).toHaveAttribute("lang", "it");
    await page.getByRole("link", { name: FICTIONAL_PILOT }).first().click();
    await expect(page.getByRole("main")).toContainText(italianPeriod);
    await expect(page.getByRole("main"), `load ${load}: no English period name`).not.toContainText(englishPeriod);
    await signOut(page);
  }

  // A reload with the session still open, in a browser that says English: the account's language again.
  await signInAnyLanguage(page, "coordinator");
  await page.reload();
  await page.getByRole("link", { name: FICTIONAL_PILOT }).first().click();
  await expect(page.getByRole("main")).toContainText(italianPeriod);
  await expect(page.getByRole("main")).not.toContainText(englishPeriod);

  // Signed out, the sign-in page is in the browser's language again, and the next person gets English.
  await signOut(page);
  await expect(page.locator("html")).toHaveAttribute("lang", /^en/);
  await expect(page.getByRole("heading", { name: "Sign in", level: 2 })).toBeVisible();
  await signInAnyLanguage(page, "evaluator");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByRole("link", { name: FICTIONAL_PILOT }).first().click();
  await expect(page.getByRole("main")).toContainText(englishPeriod);
  await expect(page.getByRole("main")).not.toContainText(italianPeriod);
});
