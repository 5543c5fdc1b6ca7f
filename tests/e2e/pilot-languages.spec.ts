import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { FICTIONAL_PILOT, LUSERNA_PILOT, screenshot, signInAs } from "./helpers";

/** Signs in (the sign-in page in English, as the helpers expect), then reads the app in Italian. */
async function signInInItalian(page: Page) {
  await signInAs(page, "manager");
  await page.evaluate(() => localStorage.setItem("pilot-monitor.language", "it"));
}

test("the pilot page speaks Italian, with Italian numbers, dates and period names; user data stays as typed", async ({ page }) => {
  await signInInItalian(page);
  await page.goto("/");
  await page.getByRole("link", { name: LUSERNA_PILOT }).click();
  await expect(page.getByRole("heading", { name: "Stato di 11 indicatori" })).toBeVisible();
  const tutoring = page.locator("tr", { has: page.getByRole("rowheader", { name: /^Number of tutoring hours for migrants/ }) });
  await expect(tutoring).toContainText("97,8 %");
  await expect(tutoring).toContainText("Manca la spiegazione");
  await expect(page.getByRole("columnheader", { name: "% dell'obiettivo" })).toBeVisible();
  await expect(page.getByRole("rowheader", { name: "Intero pilota (set 2020 – set 2021)", exact: true })).toBeVisible();
  await expect(page.locator("dd", { hasText: "01/09/2020 – 30/09/2021" })).toBeVisible();
  await screenshot(page, "pilot-luserna-it");

  await page
    .getByRole("link", { name: /^Cronologia di / })
    .first()
    .click();
  await expect(page.getByRole("heading", { name: /^Cronologia: / })).toBeVisible();
});

test("set-up at 360 px: the form fits, asks before leaving unsaved changes, and confirms a save", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signInInItalian(page);
  await page.goto("/");
  await page.getByRole("link", { name: FICTIONAL_PILOT }).click();
  await page.getByRole("link", { name: "Configura pilota e indicatori" }).click();
  await expect(page.getByRole("heading", { name: `Configurazione: ${FICTIONAL_PILOT}` })).toBeVisible();

  await page.getByRole("button", { name: "Modifica dati, date e frequenza di rendicontazione del pilota" }).click();
  await page.getByLabel("Luogo").fill("Valle Nuova");
  const form = page.locator("form").first();
  expect((await form.boundingBox())!.width).toBeLessThanOrEqual(360);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await screenshot(page, "pilot-setup-form-360-it");

  // Leaving with unsaved changes asks first; staying keeps what was typed.
  await page.getByRole("link", { name: "Pagina del pilota" }).click();
  const question = page.getByRole("dialog", { name: "Uscire senza salvare?" });
  await expect(question).toBeVisible();
  await question.getByRole("button", { name: "Resta sulla pagina" }).click();
  await expect(question).toHaveCount(0);
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByLabel("Luogo")).toHaveValue("Valle Nuova");

  await page.getByRole("button", { name: "Salva il pilota" }).click();
  await expect(page.getByRole("status").filter({ hasText: "I dati del pilota sono stati salvati." })).toBeVisible();

  // A goal typed the Italian way; the saved indicator is confirmed and listed with Italian numbers.
  await page.getByRole("button", { name: "Nuovo indicatore" }).click();
  await page.getByLabel("Nome dell'indicatore").fill("Sportelli aperti");
  // Long option names (the measures) must not make the page wider than the phone.
  await page.getByLabel("Misura").selectOption("percentage");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.getByLabel("Misura").selectOption("count");
  await page.getByLabel("Obiettivo", { exact: true }).fill("1250,5");
  await page.getByRole("button", { name: "Aggiungi l'indicatore" }).click();
  await expect(page.getByRole("status").filter({ hasText: "L'indicatore è stato aggiunto." })).toBeVisible();
  await expect(page.locator("li", { hasText: "Sportelli aperti" })).toContainText("obiettivo almeno 1.250,5");

  // Nothing unsaved any more: leaving does not ask.
  await page.getByRole("link", { name: "Pagina del pilota" }).click();
  await expect(page.getByRole("heading", { name: FICTIONAL_PILOT })).toBeVisible();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByText("Valle Nuova")).toBeVisible();
  await screenshot(page, "pilot-page-360-it");
});
