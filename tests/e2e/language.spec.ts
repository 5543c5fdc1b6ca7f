import { expect, test } from "./fixtures";
import { expectNoAxeViolations } from "./axe";
import { rememberLanguageOnAccount, signInAnyLanguage } from "./signInAnyLanguage";

test.use({ locale: "it-IT" });

test("the first visit follows the browser, a choice is remembered in the browser, and the account's language follows the person", async ({ page, browser }) => {
  // 1. An Italian browser: the sign-in page is in Italian from the first visit, server messages too.
  await page.goto("/sign-in");
  await expect(page.locator("html")).toHaveAttribute("lang", /^it/);
  await expect(page.getByRole("heading", { name: "Accedi", level: 2 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Account dimostrativi" })).toBeVisible();
  await expect(page).toHaveTitle("Accedi · Pilot Monitor");
  await page.getByLabel("Indirizzo email").fill("nobody@example.org");
  await page.getByLabel("Password", { exact: true }).fill("not-a-password");
  await page.getByRole("button", { name: "Accedi", exact: true }).click();
  await expect(page.getByRole("alert")).toHaveText("L'indirizzo email o la password non sono corretti.");

  // 2. Choosing English before signing in works, and this browser remembers it.
  await page.getByLabel("Lingua").selectOption("en");
  await expect(page.getByRole("heading", { name: "Sign in", level: 2 })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", /^en/);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Sign in", level: 2 })).toBeVisible();
  await expect(page.getByLabel("Language")).toHaveValue("en");

  const other = await browser.newContext({ locale: "en-US" });
  try {
    // 3. Signed in, the person chooses Italian on their account page: it is stored on the account.
    await signInAnyLanguage(page, "administrator");
    await expect(page.getByRole("link", { name: "Portfolio", exact: true })).toBeVisible();
    await page.goto("/account");
    const setting = page.getByRole("region", { name: "Language" });
    await expect(setting).toContainText("remembered on your account");
    const stored = page.waitForResponse((response) => response.url().includes("auth.setLanguage") && response.ok());
    await setting.getByLabel("Language").selectOption("it");
    await stored;
    await expect(page.getByRole("heading", { name: "Il tuo account", level: 1 })).toBeVisible();
    await expect(page.getByRole("region", { name: "Lingua" }).getByLabel("Lingua")).toHaveValue("it");

    // 4. Another browser, in English: before signing in it follows the browser; after, the account wins.
    const elsewhere = await other.newPage();
    await elsewhere.goto("/sign-in");
    await expect(elsewhere.getByRole("heading", { name: "Sign in", level: 2 })).toBeVisible();
    await signInAnyLanguage(elsewhere, "administrator");
    await expect(elsewhere.locator("html")).toHaveAttribute("lang", /^it/);
    await expect(elsewhere.getByRole("link", { name: "Portafoglio", exact: true })).toBeVisible();
    await elsewhere.goto("/account");
    await expect(elsewhere.getByRole("heading", { name: "Il tuo account", level: 1 })).toBeVisible();
    await expect(elsewhere).toHaveTitle("Il tuo account · Pilot Monitor");
    // The server answers in the account's language as well.
    await elsewhere.goto("/pilots/999999");
    await expect(elsewhere.getByRole("alert")).toContainText("Il pilota non è stato trovato.");
  } finally {
    // The other end-to-end tests expect this account in English.
    expect(await rememberLanguageOnAccount(page, "en")).toBe(true);
    await other.close();
  }
});

test("in Italian, the sign-in, account, review and user pages have no violation that axe can find", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Account dimostrativi" })).toBeVisible();
  await expectNoAxeViolations(page, "the sign-in page in Italian");

  // The manager has not chosen a language on the account: the browser's Italian is kept.
  await signInAnyLanguage(page, "manager");
  await page.goto("/account");
  await expect(page.getByRole("region", { name: "Lingua" })).toContainText("ricordata nel tuo account");
  await expectNoAxeViolations(page, "the account page in Italian");

  await page.goto("/reviews");
  await expect(page.getByRole("heading", { name: "Rapporti da revisionare", level: 1 })).toBeVisible();
  await expectNoAxeViolations(page, "the review queue in Italian");
  await page
    .getByRole("link", { name: /^Revisiona / })
    .first()
    .click();
  await expect(page.getByRole("heading", { name: /^Revisione: Inviato per revisione/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Approva" })).toBeVisible();
  // A refusal from the server arrives in Italian too.
  await page.getByRole("button", { name: "Restituisci per correzione" }).click();
  await expect(page.getByRole("alert")).toContainText("Indica che cosa va corretto.");

  await signInAnyLanguage(page, "administrator");
  await page.goto("/admin/users");
  await expect(page.getByRole("button", { name: /^(Create user|Crea utente)$/ })).toBeVisible();
  await expectNoAxeViolations(page, "the users page");
});
