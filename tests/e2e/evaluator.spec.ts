import { expect, test } from "./fixtures";
import ExcelJS from "exceljs";
import { readFileSync } from "node:fs";
import { LUSERNA_PILOT, screenshot, signInAs } from "./helpers";

test("an evaluator downloads the Luserna indicator table as XLSX and CSV with the right numbers", async ({ page }) => {
  await signInAs(page, "evaluator");
  await page.getByRole("link", { name: LUSERNA_PILOT }).click();
  await expect(page.getByRole("heading", { name: LUSERNA_PILOT })).toBeVisible();
  await screenshot(page, "pilot-luserna-exports");

  const [xlsxDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download XLSX" }).click()]);
  expect(xlsxDownload.suggestedFilename()).toMatch(/^indicators-pilot-\d+-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync((await xlsxDownload.path())!) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet("Quantitative indicators")!;
  const rows = sheet.getSheetValues().slice(2) as unknown[][];
  const hours = rows.find((r) => r[3] === "Number of tutoring hours for helpdesk operators/organizations")!;
  expect(hours[6]).toBe(400);
  expect(hours[7]).toBe(405);
  // The 95 % interval (decision 018) sits between the result and its % of goal; a count has none.
  expect(hours[8]).toBe("");
  expect(typeof hours[9]).toBe("number");
  expect(hours[9] as number).toBeCloseTo(1.0125, 6);
  expect(sheet.getColumn(9).numFmt).toBe("0.00%");
  const rental = rows.find((r) => String(r[3]).includes("rental guarantee"))!;
  expect(rental[7]).toBe(0);
  expect(rental[10]).toBe("Underperforming");
  const qualitative = workbook.getWorksheet("Qualitative indicators")!.getSheetValues().slice(2) as unknown[][];
  expect(qualitative.find((r) => r[3] === "Helpdesk operators' satisfaction by tutoring")![7]).toBe(8.6);

  const [csvDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  const bytes = readFileSync((await csvDownload.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = bytes.subarray(3).toString("utf8");
  expect(csv).toContain("Level of stakeholders' involvement");
  expect(csv).toContain("60%,65.22%,≈45–81%,108.7%,Achieved"); // a percentage indicator's goal and result are percentages too
  expect(csv).toContain("Number of tutoring hours for migrants,hours,at least 230 hours,230,225,,97.83%,At risk");

  // The evaluator reads but changes nothing: no set-up, no result entry; the audit trail downloads as CSV.
  await expect(page.getByRole("link", { name: "Set up pilot and indicators" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /^View results for/ })).toHaveCount(1);
  const [historyDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download history (CSV)" }).click()]);
  expect(historyDownload.suggestedFilename()).toMatch(/^history-pilot-\d+\.csv$/);
  const history = readFileSync((await historyDownload.path())!);
  expect([...history.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(history.subarray(3).toString("utf8")).toMatch(/^When \(UTC\),Who,Record,Record id,Indicator,Period,Action,Field,Before,After\r\n/);
});
