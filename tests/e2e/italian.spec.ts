import { expect, test } from "./fixtures";
import { LUSERNA_PILOT, screenshot } from "./helpers";
import { COORDINATOR_EMAIL, currentPeriodOfFictionalPilot, demoPassword, entryField, INDICATORS } from "./entry-helpers";

// The first visit follows the browser's language: this run is in Italian from the sign-in page on.
test.use({ locale: "it-IT" });

test("in Italian, a coordinator types 8,6 and 1.234,5, sees Italian labels, status and numbers, and an Italian confirmation", async ({ page }) => {
  await page.context().clearCookies();
  await page.goto("/sign-in");
  await page.locator("#email").fill(COORDINATOR_EMAIL);
  await page.locator("#password").fill(await demoPassword(page, COORDINATOR_EMAIL));
  await page.locator("#password").press("Enter");
  // A coordinator starts on their to-do page (docs/decisions/020).
  await expect(page).toHaveURL(/\/todo$/);
  await expect(page.locator("html")).toHaveAttribute("lang", /^it/);

  const { pilotId, periodId } = await currentPeriodOfFictionalPilot(page);
  await page.goto(`/pilots/${pilotId}`);
  await page.locator(`a[href="/pilots/${pilotId}/periods/${periodId}"]`).first().click();
  await expect(page.getByRole("heading", { level: 1, name: /^Risultati di / })).toBeVisible();
  // How to type numbers, said the Italian way.
  await expect(page.getByText("Scrivi i numeri così: 8,6 oppure 12.345,5.")).toBeVisible();

  // Italian labels around the user's own indicator names, which stay as typed.
  const score = page.getByLabel(`${INDICATORS.satisfaction}: Punteggio medio (1–10)`);
  await score.fill("8,6");
  await page.getByLabel(`${INDICATORS.satisfaction}: Rispondenti`).fill("12");
  const satisfactionBlock = page.locator("fieldset", { hasText: INDICATORS.satisfaction });
  await expect(satisfactionBlock.locator(".preview")).toContainText("Con questo valore:");
  await expect(satisfactionBlock.locator(".preview")).toContainText("Raggiunto");

  const hours = page.getByLabel(`${INDICATORS.hours}: Risultato del periodo (hours)`);
  // The field says the number it read, the Italian way: "2.500" is two thousand five hundred, "2,5" two and a half.
  const hoursRead = page.locator("fieldset", { hasText: INDICATORS.hours }).locator(".number-read").first();
  await hours.fill("2.500");
  await expect(hoursRead).toHaveText("Letto come 2.500.");
  await hours.fill("2,5");
  await expect(hoursRead).toHaveText("Letto come 2,5.");
  await hours.fill("1.234,5");
  await expect(page.locator("fieldset", { hasText: INDICATORS.hours }).locator(".field-error").first()).toHaveText("");
  await expect(hoursRead).toHaveText("Letto come 1.234,5.");

  await page.getByLabel(`${INDICATORS.completion}: Numeratore`).fill("15");
  await page.getByLabel(`${INDICATORS.completion}: Denominatore`).fill("23");
  await expect(page.locator("fieldset", { hasText: INDICATORS.completion }).locator(".computed")).toHaveText("= 65,22\u00a0%");

  // An English habit is not a number in Italian: the message says how Italian reads numbers and what was probably meant.
  const migrants = page.getByLabel(`${INDICATORS.migrants}: Risultato del periodo (people)`);
  await migrants.fill("8.6");
  await expect(
    page
      .locator("fieldset", { hasText: INDICATORS.migrants })
      .getByText("«8.6» non è un numero: «.» separa le migliaia a gruppi di tre cifre, «,» i decimali, come in 12.345,5. Intendevi 8,6?"),
  ).toBeVisible();
  await migrants.fill("1");
  const migrantsBlock = page.locator("fieldset", { hasText: INDICATORS.migrants });
  await expect(migrantsBlock.locator(".preview")).toContainText("Sotto le attese");
  const migrantsComment = await entryField(page, INDICATORS.migrants, "comment");
  await migrantsComment.fill("");

  // A value under its goal asks for a comment, in Italian, and nothing is saved without it.
  await page.getByRole("button", { name: "Salva i risultati" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /Non è stato salvato nulla: \d+ indicator[ei] richied/ })).toBeVisible();
  await expect(migrantsBlock.getByText("Questo risultato è sotto l'obiettivo o sotto l'avanzamento atteso: spiega i fattori che lo hanno determinato.")).toBeVisible();
  await expect(migrantsComment).toBeFocused();
  // Each comment filled clears its own error: fill the first one asking until none does.
  const missing = page.locator("textarea[aria-invalid='true']");
  while ((await missing.count()) > 0) await missing.first().fill("La neve ha chiuso la strada della valle per tre settimane.");
  await page.getByRole("button", { name: "Salva i risultati" }).click();
  // 1.234,5 hours after 15 the quarter before is unusual: asked in Italian, confirmed, saved with the confirmation.
  const hoursBlock = page.locator("fieldset", { hasText: INDICATORS.hours });
  await expect(hoursBlock.getByRole("group", { name: /Valore insolito/ })).toContainText(/1\.?234,5 hours è più di cinque volte il periodo precedente \(15\)\./);
  await hoursBlock.getByLabel("Sì, l'ho controllato: salvalo con la mia conferma").check();
  await page.getByRole("button", { name: "Salva i risultati" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Salvat[oi] \d+ risultat[oi]/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "Torna alla pagina del pilota" })).toBeVisible();
  await screenshot(page, "period-form-italian-saved");

  // The saved values come back written the Italian way.
  await page.reload();
  await expect(page.getByLabel(`${INDICATORS.satisfaction}: Punteggio medio (1–10)`)).toHaveValue("8,6");
  await expect(page.getByLabel(`${INDICATORS.hours}: Risultato del periodo (hours)`)).toHaveValue("1234,5");
  await expect(page.locator("fieldset", { hasText: INDICATORS.completion }).locator(".computed")).toHaveText("= 65,22\u00a0%");
  await expect(page.locator("fieldset", { hasText: INDICATORS.completion }).getByText(/ultimo salvataggio di Maria Rossi/)).toBeVisible();
});

test("in Italian, the stakeholder register shows Italian words and numbers, and asks before leaving unsaved ticks", async ({ page }) => {
  const accounts = ((await (await page.request.get("/api/trpc/auth.demoAccounts")).json()) as { result: { data: { email: string; role: string }[] } }).result.data;
  const administrator = accounts.find((a) => a.role === "administrator")!.email;
  await page.context().clearCookies();
  await page.goto("/sign-in");
  await page.locator("#email").fill(administrator);
  await page.locator("#password").fill(await demoPassword(page, administrator));
  await page.locator("#password").press("Enter");
  const luserna = page.getByRole("link", { name: LUSERNA_PILOT }).first();
  await expect(luserna).toBeVisible();
  const pilotId = Number((await luserna.getAttribute("href"))!.split("/").pop());

  await page.goto(`/pilots/${pilotId}/stakeholders`);
  await expect(page.getByRole("heading", { level: 1, name: /^Stakeholder: HOME/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Registro (23 attivi)" })).toBeVisible();
  const share = page.locator(".register-share");
  await expect(share).toHaveText("15 su 23 stakeholder coinvolti e intenzionati a proseguire: 65,22\u00a0%");
  await expect(page.getByRole("columnheader", { name: "Intende proseguire" })).toBeVisible();
  await screenshot(page, "stakeholders-italian");

  const legalAid = "Legal aid association (illustrative)";
  await page.getByRole("checkbox", { name: `${legalAid} coinvolto` }).check();
  await page.getByRole("checkbox", { name: `${legalAid} intende proseguire` }).check();
  await expect(share).toContainText("16 su 23");
  await expect(share).toContainText("69,57\u00a0%");

  // Leaving with ticks not saved asks first, in Italian; staying keeps them.
  await page.getByRole("link", { name: "Pagina del pilota" }).click();
  const dialog = page.getByRole("dialog", { name: "Uscire senza salvare?" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Alcune modifiche in questa pagina non sono ancora salvate.");
  await dialog.getByRole("button", { name: "Resta sulla pagina" }).click();
  await expect(dialog).toBeHidden();
  await expect(share).toContainText("16 su 23");
  await page.getByRole("link", { name: "Pagina del pilota" }).click();
  await dialog.getByRole("button", { name: "Esci senza salvare" }).click();
  await expect(page).toHaveURL(new RegExp(`/pilots/${pilotId}$`));
});
