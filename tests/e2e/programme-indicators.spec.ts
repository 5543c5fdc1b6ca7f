import ExcelJS from "exceljs";
import type { Page } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { expect, test } from "./fixtures";
import { signInAs } from "./helpers";

/*
 * Issue 22: an administrator adds RCO 84 from the starter list and a programme-specific indicator; the
 * project manager of the fictional demo project sets targets and links the pilot's indicators; the project
 * page shows achieved against target, and the progress report's XLSX has the figures of its first two
 * six-month periods. The demo pilot starts with the project and has reported four quarters (two
 * periods): people informed 120, 180, 90, 110; migrants involved 20, 25, 15, 20; volunteers trained 19 of 40.
 */

const PROJECT = "Rural Welcome Network (fictional demo)";
const PILOT = "[Fictional] Valley Welcome Desk";

async function openProject(page: Page) {
  await page.goto("/projects");
  await page.getByRole("link", { name: PROJECT }).click();
  await page.getByRole("heading", { name: "Programme indicators", level: 2 }).waitFor();
}

async function readReport(page: Page, period: string) {
  const section = page.getByRole("group", { name: "Progress report for Jems" });
  await section.getByLabel("Reporting period").selectOption({ label: period });
  const href = await section.getByRole("link", { name: "Download the progress report (XLSX)" }).getAttribute("href");
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await response.body()) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet("Programme indicators")!;
  const figures = new Map<string, unknown[]>();
  sheet.eachRow((row, number) => {
    if (number > 1)
      figures.set(
        String(row.getCell(1).value),
        [6, 7, 8, 9].map((column) => row.getCell(column).value),
      );
  });
  return figures;
}

test("programme indicators: catalogue, targets, links, the project page and the progress report", async ({ page }) => {
  await signInAs(page, "administrator");
  await page.getByRole("link", { name: "Programme indicators" }).click();
  await page.getByRole("heading", { name: "Programme indicators", level: 1 }).waitFor();
  await page.getByRole("button", { name: "Add RCO 84" }).click();
  await expect(page.getByRole("row", { name: /RCO 84.*In the catalogue/ })).toBeVisible();

  const form = page.getByRole("region", { name: "Add a programme-specific indicator" });
  await form.getByRole("button", { name: "Add to the catalogue" }).click();
  await expect(form.getByText("This is required.").first()).toBeVisible();
  await form.getByLabel("Code").fill("PSI 1");
  await form.getByLabel("Name").fill("People reached by pilot actions");
  await form.getByLabel("Measurement unit").fill("people");
  await form.getByLabel("Definition (from the programme manual)").fill("People informed or involved by a pilot action, counted as reported.");
  await form.getByRole("button", { name: "Add to the catalogue" }).click();
  await expect(page.getByRole("row", { name: /PSI 1.*People reached by pilot actions/ })).toBeVisible();
  await expectNoAxeViolations(page, "the programme indicator catalogue");

  await signInAs(page, "manager");
  await openProject(page);
  const section = page.getByRole("region", { name: "Programme indicators" });
  const adopt = async (choice: string, target: string) => {
    await section.getByLabel("Report on a programme indicator").selectOption({ label: choice });
    await section.getByLabel("Project target").fill(target);
    await section.getByRole("button", { name: "Add with this target" }).click();
    await expect(section.getByRole("heading", { name: choice, level: 3 })).toBeVisible();
  };
  await adopt("RCO 84 · Pilot actions developed jointly and implemented in projects", "1");
  await adopt("PSI 1 · People reached by pilot actions", "600");

  const link = async (code: string, indicator: string, rule: string) => {
    await section.getByLabel(`Pilot indicator contributing to ${code}`).selectOption({ label: `${PILOT}: ${indicator}` });
    await section.getByLabel(`How it counts towards ${code}`).selectOption({ label: rule });
    await section
      .getByRole("form", { name: `Link a pilot indicator to ${code}` })
      .getByRole("button", { name: "Link" })
      .click();
    await expect(
      section
        .getByRole("table", { name: `Pilot indicators contributing to ${code}` })
        .getByRole("cell")
        .filter({ hasText: indicator })
        .first(),
    ).toBeVisible();
  };
  await link("RCO 84", "Volunteers trained as welcome buddies", "Counts 1 when achieved");
  await link("PSI 1", "Number of people informed about the pilot action", "Its value");
  await link("PSI 1", "Number of migrants involved in pilot action activities", "Its value");
  await link("PSI 1", "Organisations cooperating with the desk", "Its value");

  // Achieved against target as at today: four quarters reported. The organisations count another unit, flagged.
  await expect(section.getByTestId("target-PSI 1")).toHaveText("600");
  await expect(section.getByTestId("achieved-PSI 1")).toHaveText("591");
  await expect(section.getByText("Different unit: the pilot indicator counts organizations, the programme indicator people.")).toBeVisible();
  await expectNoAxeViolations(page, "the project page with programme indicators", "section.programme-indicators");
  await section.screenshot({ path: "docs/screenshots/en-programme-indicators.png" });
  const unlink = section.getByRole("button", { name: `Unlink ${PILOT}: Organisations cooperating with the desk` });
  await unlink.click();
  await expect(unlink).toHaveCount(0, { timeout: 20_000 });
  await expect(section.getByTestId("achieved-PSI 1")).toHaveText("580");
  await expect(section.getByTestId("due-PSI 1")).toHaveText("20");
  await expect(section.getByTestId("achieved-RCO 84")).toHaveText("0");
  await expect(section.getByTestId("due-RCO 84")).toHaveText("1");

  const periods = await section.getByLabel("Reporting period").locator("option").allTextContents();
  const first = await readReport(page, periods[0]!);
  expect(first.get("PSI 1")).toEqual([600, 0, 345, 345]);
  expect(first.get("RCO 84")).toEqual([1, 0, 0, 0]);
  const second = await readReport(page, periods[1]!);
  expect(second.get("PSI 1")).toEqual([600, 345, 235, 580]);
  expect(second.get("RCO 84")).toEqual([1, 0, 0, 0]);

  // The print view shows the same document.
  await page.getByRole("link", { name: "Print view" }).click();
  await expect(page.getByRole("heading", { name: /^Progress report: Rural Welcome Network/, level: 1 })).toBeVisible();
  await expect(page.getByRole("row", { name: /PSI 1.*People reached by pilot actions.*600.*345.*235.*580/ })).toBeVisible();
  await expectNoAxeViolations(page, "the progress report's print view");
  await page.pdf({ path: "test-results/programme-progress-report.pdf", format: "A4", landscape: true });
});
