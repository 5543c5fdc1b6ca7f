import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { readFileSync } from "node:fs";
import { FICTIONAL_PILOT, LUSERNA_PILOT, screenshot, signInAs } from "./helpers";
import { signInAnyLanguage } from "./signInAnyLanguage";

const FICTIONAL_PROJECT = "Rural Welcome Network (fictional demo)";

async function download(page: Page, linkName: string) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: linkName }).click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
}

test("an evaluator chooses a table, a format and filters, and downloads XLSX, CSV and the print view", async ({ page }) => {
  await signInAs(page, "evaluator");
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Exports" }).click();
  await expect(page.getByRole("heading", { name: "Exports", level: 1 })).toBeVisible();
  await page.getByLabel("Project", { exact: true }).selectOption({ label: FICTIONAL_PROJECT });
  await expect(page.getByRole("checkbox", { name: FICTIONAL_PILOT })).toBeVisible();
  await screenshot(page, "exports-page");

  // 1. The indicator table as XLSX: real numbers, percentages and dates.
  const xlsx = await download(page, "Download XLSX");
  expect(xlsx.name).toMatch(/^indicators-project-\d+-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
  expect(workbook.worksheets.map((s) => s.name)).toEqual(["About", "Quantitative indicators", "Qualitative indicators", "Reference sheets"]);
  const sheet = workbook.getWorksheet("Quantitative indicators")!;
  let hours: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (row.getCell(1).value === "Hours of language courses delivered") hours = row;
  });
  expect(hours!.getCell(5).value).toBe(250);
  // A count has no 95 % interval (column 6); the % of goal follows it.
  expect(hours!.getCell(7).value).toBeCloseTo(250 / 480, 9);
  expect(hours!.getCell(7).numFmt).toBe("0.00%");
  expect(hours!.getCell(11).value).toBeInstanceOf(Date);

  // As at the end of a chosen reporting period: the second quarter fills the range, and only two quarters count.
  await page.getByLabel("As at the end of a reporting period").selectOption({ index: 2 });
  await expect(page.getByLabel("Periods from", { exact: true })).not.toHaveValue("");
  const periodTo = await page.getByLabel("Periods to", { exact: true }).inputValue();
  const atQuarter2 = new ExcelJS.Workbook();
  await atQuarter2.xlsx.load((await download(page, "Download XLSX")).bytes as unknown as ArrayBuffer);
  let asAt: unknown;
  atQuarter2.getWorksheet("About")!.eachRow((row) => {
    if (row.getCell(1).value === "Results as at") asAt = row.getCell(2).value;
  });
  expect(asAt).toEqual(new Date(`${periodTo}T00:00:00Z`));
  let hoursAtQuarter2: unknown;
  atQuarter2.getWorksheet("Quantitative indicators")!.eachRow((row) => {
    if (row.getCell(1).value === "Hours of language courses delivered") hoursAtQuarter2 = row.getCell(5).value;
  });
  expect(hoursAtQuarter2).toBe(150 + 60); // the fictional pilot's first two quarters of language-course hours
  await page.getByLabel("As at the end of a reporting period").selectOption("");
  await expect(page.getByLabel("Periods to", { exact: true })).toHaveValue("");

  // 2. The tracking table of one pilot as one CSV file.
  await page.getByRole("radio", { name: /Indicator performance tracking table/ }).check();
  await page.getByRole("radio", { name: /^CSV/ }).check();
  const csv = await download(page, "Download CSV");
  expect(csv.name).toMatch(/^tracking-project-\d+-.*\.csv$/);
  expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csvText = csv.bytes.subarray(3).toString("utf8");
  expect(csvText.split("\r\n")[0]).toMatch(/^Code,Indicator,Unit,Quarter 1 \(.+\) – Target to date,/);
  expect(csvText).toContain("LANG-H,Hours of language courses delivered,hours,");

  // 3. The roll-up as a zip of CSV files, one per section: the page says so before the download, and names it .zip.
  await page.getByRole("radio", { name: /Project roll-up across pilots/ }).check();
  await expect(page.getByRole("link", { name: "Download CSV", exact: true })).toHaveCount(0);
  await expect(page.getByText("the download is a ZIP file: one CSV file per section")).toBeVisible();
  await expect(page.getByRole("link", { name: "Download CSV files (ZIP)" })).toHaveAttribute("href", /\/api\/exports\/tables\/rollup\.zip\?/);
  const zipFile = await download(page, "Download CSV files (ZIP)");
  expect(zipFile.name).toMatch(/^rollup-project-\d+-.*-csv\.zip$/);
  const zip = await JSZip.loadAsync(zipFile.bytes);
  expect(Object.keys(zip.files).sort()).toEqual(["1-pilots-indicators.csv", "2-totals-by-shared-code.csv", "about.csv"]);

  // A period range that ends before it starts is refused before anything is downloaded.
  await page.getByLabel("Periods from", { exact: true }).fill("2030-01-01");
  await page.getByLabel("Periods to", { exact: true }).fill("2029-01-01");
  await expect(page.getByText("The end date is before the start date.")).toBeVisible();
  await expect(page.getByRole("link", { name: /^Download CSV/ })).toHaveCount(0);
  await page.getByLabel("Periods from", { exact: true }).fill("");
  await page.getByLabel("Periods to", { exact: true }).fill("");

  // 4. The print view of the tracking table, only underperforming indicators, in a tab without navigation.
  await page.getByRole("radio", { name: /Indicator performance tracking table/ }).check();
  await page.getByRole("checkbox", { name: "Underperforming" }).check();
  await page.getByRole("radio", { name: /^Print view/ }).check();
  const [printPage] = await Promise.all([page.waitForEvent("popup"), page.getByRole("link", { name: "Open the print view" }).click()]);
  await expect(printPage.getByRole("heading", { name: `Indicator performance tracking: ${FICTIONAL_PILOT}`, level: 1 })).toBeVisible();
  await expect(printPage.getByRole("navigation")).toHaveCount(0);
  await expect(printPage.getByText("Underperforming", { exact: true }).first()).toBeVisible();
  // Eight quarters do not fit one A4 width: tables of three quarters (3 + 3 + 2), each with the indicator's name.
  const tables = printPage.getByRole("table");
  await expect(tables).toHaveCount(3);
  const table = tables.first();
  await expect(table.locator("thead tr")).toHaveCount(2);
  await expect(table.locator("thead th[scope=colgroup]")).toHaveText([/^Quarter 1/, /^Quarter 2/, /^Quarter 3/]);
  await expect(tables.last().locator("thead th[scope=colgroup]").first()).toHaveText(/^Quarter 7/);
  const rows = tables.last().locator("tbody tr");
  await expect(rows).not.toHaveCount(0);
  await expect(rows.first().locator("td").nth(1)).toHaveText("Number of migrants involved in pilot action activities");
  // The status column is followed by the goal-revision columns; each row filtered by its status says it.
  for (const row of await rows.all()) await expect(row).toContainText("Underperforming");
  await printPage.setViewportSize({ width: 1400, height: 900 });
  await screenshot(printPage, "exports-print-view");

  // Printed, it has no toolbar, repeats the table headings and is A4 landscape (842 × 595 points).
  await printPage.emulateMedia({ media: "print" });
  // The printable width of A4 landscape with 10 mm margins: 277 mm at 96 dots per inch.
  await printPage.setViewportSize({ width: 1047, height: 750 });
  await expect(printPage.getByRole("button", { name: "Print or save as PDF" })).toBeHidden();
  expect(await table.locator("thead").evaluate((el) => getComputedStyle(el).display)).toBe("table-header-group");
  await screenshot(printPage, "exports-print-media");
  const pdf = await printPage.pdf({ preferCSSPageSize: true });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect(pdf.toString("latin1")).toMatch(/\/MediaBox\s*\[\s*0 0 84[12](\.\d+)? 59[45](\.\d+)?\s*\]/);

  // Back from the print view, the filters are still chosen.
  const projectId = new URL(printPage.url()).searchParams.get("projectId");
  await printPage.emulateMedia({ media: "screen" });
  await printPage.getByRole("link", { name: "← Back to the exports" }).click();
  await expect(printPage.getByRole("checkbox", { name: "Underperforming" })).toBeChecked();
  await expect(printPage.getByRole("radio", { name: /Indicator performance tracking table/ })).toBeChecked();

  // The roll-up's print view from the same address pattern: two sections, each a table.
  await printPage.goto(`/print/exports/rollup?projectId=${projectId}`);
  await expect(printPage.getByRole("heading", { name: `Project roll-up: ${FICTIONAL_PROJECT}`, level: 1 })).toBeVisible();
  await expect(printPage.getByRole("heading", { level: 2 })).toHaveText([/^Every pilot's indicators/, /^Indicators that share a code/]);
  await screenshot(printPage, "exports-print-rollup");
});

test("the pilot page opens the pilot's indicator table in the print view", async ({ page }) => {
  await signInAs(page, "evaluator");
  await page.goto("/");
  await page.getByRole("link", { name: LUSERNA_PILOT }).click();
  const [printPage] = await Promise.all([page.waitForEvent("popup"), page.getByRole("link", { name: "Print view" }).click()]);
  await expect(printPage.getByRole("heading", { name: `Indicator table: ${LUSERNA_PILOT}`, level: 1 })).toBeVisible();
  await expect(printPage.getByRole("heading", { level: 2 })).toHaveText([/^Quantitative indicators/, /^Qualitative indicators/, /^Reference sheets and evidence by indicator/]);
  const quantitative = printPage.getByRole("table").first();
  await expect(quantitative.locator("thead th")).toHaveText([
    "Indicator",
    "Unit",
    "Baseline",
    "Original goal",
    "Current result",
    "% of goal",
    "Status",
    "Comments",
    "Goal as written",
    "Reported up to",
  ]);
  // The 95 % interval and the signals are in the spreadsheets and on the pilot page; paper has no room for them.
  await expect(quantitative.getByRole("row", { name: /Number of tutoring hours for migrants/ })).toContainText("225");
  await screenshot(printPage, "exports-print-luserna");
});

test.describe("in Italian", () => {
  test.use({ locale: "it-IT" });

  test("the Exports page, its CSV and its print view speak Italian: 65,22 %, semicolons, 30/09/2021", async ({ page }) => {
    await signInAnyLanguage(page, "evaluator");
    await page.goto("/exports");
    await expect(page.getByRole("heading", { name: "Esportazioni", level: 1 })).toBeVisible();
    await page.getByLabel("Progetto", { exact: true }).selectOption({ index: 0 });
    await page.getByRole("checkbox", { name: LUSERNA_PILOT }).check();
    await page.getByLabel("Risultati alla data del").fill("2021-10-01");
    await page.getByRole("radio", { name: /^CSV/ }).check();
    await screenshot(page, "exports-page-it");
    const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Scarica i file CSV (ZIP)" }).click()]);
    expect(file.suggestedFilename()).toMatch(/\.zip$/);
    const zip = await JSZip.loadAsync(readFileSync((await file.path())!));
    const qualitative = (await zip.file("2-indicatori-qualitativi.csv")!.async("string")).replace(/^\uFEFF/, "");
    expect(qualitative.split("\r\n")[0]).toBe(
      "Indicatore;Unità;Valore di partenza;Obiettivo originale;Risultato attuale;Intervallo al 95%;% dell'obiettivo;Stato;Commenti;Obiettivo come scritto;Rendicontato fino al;Segnali;Obiettivo attuale;Revisione dell'obiettivo",
    );
    // 15 of 23: the 95 % interval beside the value.
    expect(qualitative).toMatch(/;65,22 %;≈45–81\u00a0%;108,7 %;Raggiunto;/);
    expect(qualitative).toMatch(/;30\/09\/2021;/);

    await page.getByRole("radio", { name: /^Vista di stampa/ }).check();
    const [printPage] = await Promise.all([page.waitForEvent("popup"), page.getByRole("link", { name: "Apri la vista di stampa" }).click()]);
    await expect(printPage.getByRole("heading", { name: `Tabella degli indicatori: ${LUSERNA_PILOT}`, level: 1 })).toBeVisible();
    const qualitativeTable = printPage.getByRole("table").nth(1);
    // Names stay as typed; numbers, percentages and dates follow the page's language.
    await expect(qualitativeTable.getByRole("row", { name: /^Level of/ })).toContainText("65,22\u00a0%");
    await expect(qualitativeTable.getByRole("row", { name: /^Level of/ })).toContainText("30/09/2021");
    await expect(printPage.getByRole("button", { name: "Stampa o salva come PDF" })).toBeVisible();
    await printPage.setViewportSize({ width: 1400, height: 900 });
    await screenshot(printPage, "exports-print-it");
  });
});

test("someone with no project yet finds an empty state on the Exports page, not a refused filter", async ({ page }) => {
  await signInAs(page, "administrator");
  await page.getByRole("link", { name: "Users" }).click();
  await page.getByLabel("Name").fill("Nadia Newcomer");
  await page.getByLabel("Email address").fill("nadia.newcomer@example.org");
  await page.getByRole("button", { name: "Create user" }).click();
  const shown = page.getByRole("status").filter({ hasText: "Password for nadia.newcomer@example.org" });
  const password = (await shown.locator("code").textContent())!;
  await page.context().clearCookies();
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill("nadia.newcomer@example.org");
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByLabel("Current password").fill(password);
  await page.getByLabel("New password").fill("nadia-own-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Exports" }).click();
  await expect(page.getByRole("heading", { name: "Exports", level: 1 })).toBeVisible();
  await expect(page.getByText("There is no project you can export yet.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to the projects" })).toBeVisible();
  await expect(page.getByText("This value is not valid.")).toHaveCount(0);
  await expect(page.getByRole("link", { name: /^Download/ })).toHaveCount(0);
  await screenshot(page, "exports-no-projects");
});
