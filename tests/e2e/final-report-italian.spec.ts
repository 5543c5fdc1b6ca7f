import JSZip from "jszip";
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { testDay } from "../support/testDay";
import { FICTIONAL_PILOT, LUSERNA_PILOT, screenshot, signInAs } from "./helpers";

/**
 * Opens a pilot's final report in English (the pages on the way may be in any language later), then shows
 * it in Italian the way a browser that chose Italian does: through the language kept in this browser,
 * without changing the demo account's language, which other specs sign in with.
 */
async function openReportInItalian(page: Page, pilot: string) {
  await page.goto("/");
  await page.getByRole("link", { name: pilot }).click();
  await page.getByRole("link", { name: "Final report" }).click();
  await page.getByRole("heading", { name: "Pilot final report" }).waitFor();
  await page.evaluate(() => localStorage.setItem("pilot-monitor.language", "it"));
  await page.reload();
}

test("the final report, its tables and its print view in Italian", async ({ page }) => {
  await signInAs(page, "evaluator");
  await openReportInItalian(page, LUSERNA_PILOT);

  await expect(page.getByRole("heading", { level: 1, name: "Relazione finale dell'azione pilota" })).toBeVisible();
  // Section titles are in the reader's language; the narrative stays as the pilot wrote it.
  const section = page.getByRole("textbox", { name: "4. Sviluppo futuro dell'azione pilota nella vostra regione" });
  await expect(section).toContainText("handover from the project to the offices");
  // Figures in the Italian way, names and units as written.
  const qualitative = page.getByRole("table", { name: "4b. Indicatori qualitativi" });
  await expect(qualitative.getByRole("columnheader")).toHaveText(["Indicatore", "Obiettivo iniziale", "Risultato attuale", "Commenti"]);
  await expect(qualitative.getByRole("row", { name: /Level of stakeholders/ }).and(page.locator("tr:not(.chart-row)"))).toContainText(/65,22\s%/);
  await expect(qualitative.getByRole("row", { name: /Helpdesk operators' satisfaction/ }).and(page.locator("tr:not(.chart-row)"))).toContainText("8,6");
  await expect(
    page
      .getByRole("table", { name: "4a. Indicatori quantitativi" })
      .getByRole("row", { name: /Number of tutoring hours for migrants/ })
      .and(page.locator("tr:not(.chart-row)")),
  ).toContainText("almeno 230 hours");
  const log = page.getByRole("table", { name: "4e. Attività di comunicazione" });
  await expect(log.getByRole("row", { name: /Arrival Regions si presenta/ })).toContainText("22/01/2020");
  await expect(log.getByRole("row", { name: /Arrival Regions si presenta/ })).toContainText("(Giornale/Rivista)");
  await screenshot(page, "final-report-it");

  // The Word export follows the page's language.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Scarica DOCX" }).click();
  const zip = await JSZip.loadAsync(readFileSync((await (await downloading).path())!));
  const xml = await zip.file("word/document.xml")!.async("string");
  for (const text of ["4a. Avanzamento degli indicatori quantitativi", "Risultato attuale", "65,22\u00a0%", "22/01/2020"]) expect(xml).toContain(text);

  await page.getByRole("link", { name: "Versione per la stampa" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Relazione finale dell'azione pilota: HOME/ })).toBeVisible();
  await expect(page.getByText("Azione pilota: 01/09/2020 – 30/09/2021")).toBeVisible();
  await expect(page.getByRole("heading", { name: "3b. Coinvolgimento degli attori locali" })).toBeVisible();
  await expect(
    page
      .getByRole("table", { name: "4b. Indicatori qualitativi" })
      .getByRole("row", { name: /Level of stakeholders/ })
      .and(page.locator("tr:not(.chart-row)")),
  ).toContainText(/65,22\s%/);
  await page.emulateMedia({ media: "print" });
  await screenshot(page, "final-report-print-it");
});

test("in Italian, the report asks before leaving unsaved changes and confirms each save", async ({ page }) => {
  await signInAs(page, "coordinator");
  await openReportInItalian(page, FICTIONAL_PILOT);
  await expect(page.getByRole("toolbar", { name: /^Formattazione di 1\./ }).getByRole("button", { name: "Elenco puntato" })).toBeVisible();

  // A half-filled communication form: leaving the page asks first, and staying keeps what was typed.
  await page.getByRole("button", { name: "Aggiungi un'attività di comunicazione" }).click();
  await page.getByLabel("Titolo").fill("Intervista radiofonica sullo sportello");
  await page.getByRole("link", { name: FICTIONAL_PILOT }).first().click();
  const dialog = page.getByRole("dialog", { name: "Uscire senza salvare?" });
  await expect(dialog).toBeVisible();
  await screenshot(page, "final-report-unsaved-it");
  await dialog.getByRole("button", { name: "Resta sulla pagina" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByLabel("Titolo")).toHaveValue("Intervista radiofonica sullo sportello");

  // Saving confirms it, and then leaving does not ask.
  // The test day: the fictional pilot is half-way through on any day, so its project includes it.
  const day = testDay();
  await page.getByLabel("Data").fill(day);
  await page.getByLabel("Tipo di canale").selectOption("radio");
  await page.getByLabel("Giornale, radio, TV o pagina web").fill("Radio Valle");
  await page.getByRole("button", { name: "Aggiungi al registro" }).click();
  await expect(page.getByRole("status").filter({ hasText: "«Intervista radiofonica sullo sportello» è stata aggiunta al registro della comunicazione." })).toBeVisible();
  await expect(page.getByRole("table", { name: "4e. Attività di comunicazione" }).getByRole("row", { name: /Intervista radiofonica/ })).toContainText(
    day.split("-").reverse().join("/"),
  );

  // A section saves itself and says when, in Italian.
  const section = page.getByRole("textbox", { name: /^3a\. Successo dell'azione pilota/ });
  await section.click();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type(" Il comune ha chiesto di proseguire.");
  await expect(page.getByRole("status").filter({ hasText: /^Salvato alle \d\d:\d\d$/ })).toBeVisible();
  await page.getByRole("link", { name: FICTIONAL_PILOT }).first().click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page).not.toHaveURL(/\/report$/);
});
