import type { Locator, Page } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { expect, test } from "./fixtures";
import { expectedLanguageHoursProjection } from "../support/demoExpectations";
import { testDay } from "../support/testDay";
import { FICTIONAL_PILOT, signInAs } from "./helpers";

/**
 * Every chart can be read as a table: a "Show as table" disclosure under it opens a real table, with a
 * caption and headers, giving the figures the chart draws in the reader's number format.
 */
const HOURS = "Hours of language courses delivered";
// The server runs on the same day (playwright.config.ts): 390 on the default day, 389 to 391 on others.
const expected = expectedLanguageHoursProjection(testDay());
const SATISFACTION = "Participants' satisfaction with the language courses";
const COMPLETING = "Participants completing the language course";

/** Opens the chart's table from its disclosure and returns it; it is hidden until then. */
async function openChartTable(container: Locator, showLabel: string): Promise<Locator> {
  const disclosure = container.locator("details.chart-table");
  const table = disclosure.getByRole("table");
  await expect(table).toBeHidden();
  await disclosure.getByText(showLabel, { exact: true }).click();
  await expect(table).toBeVisible();
  return table;
}

/** The table's header row and body rows, as the text of each cell. */
async function readTable(table: Locator): Promise<{ headers: string[]; rows: string[][] }> {
  const headers = (await table.locator("thead th").allInnerTexts()).map((t) => t.trim());
  const rows: string[][] = [];
  for (const row of await table.locator("tbody tr").all()) rows.push((await row.locator("th, td").allInnerTexts()).map((t) => t.trim()));
  return { headers, rows };
}

async function openFictionalPilot(page: Page) {
  await page.getByRole("link", { name: FICTIONAL_PILOT }).click();
  await expect(page.getByRole("heading", { name: FICTIONAL_PILOT })).toBeVisible();
}

test("the portfolio's status chart opens as a table with the counts the bars show", async ({ page }) => {
  await signInAs(page, "manager");
  const section = page.locator("section", { has: page.getByRole("heading", { name: "Indicators by status", level: 2 }) });
  await expect(section.locator("svg.status-chart")).toBeVisible();
  const table = await openChartTable(section, "Show as table");
  await expect(table.locator("caption")).toHaveText("Indicators by status");
  const { headers, rows } = await readTable(table);
  expect(headers).toEqual(["Status", "Indicators"]);
  expect(rows.map(([status]) => status)).toEqual(["✔ Achieved", "➜ On track", "⚠ At risk", "✖ Underperforming", "? Not reported", "… No report due yet", "◷ Due at the end"]);
  // The same figures as the labels on the bars, and every indicator of the demo pilots (11 + 9, and the kinds
  // project's 5 + 1) counted once.
  const barLabels = (await section.locator("text.bar-count").allTextContents()).map((t) => t.trim());
  // (An empty bar carries no figure; the table still lists that status with 0.)
  expect(rows.map(([, count]) => count).filter((count) => count !== "0")).toEqual(barLabels);
  expect(rows.reduce((sum, [, count]) => sum + Number(count), 0)).toBe(26);
  // Status is named in words and symbols on the chart itself, not only by the bars' colours.
  await expect(section.locator("svg.status-chart")).toContainText("⚠ At risk");
  // The opened table passes the same WCAG 2.1 AA checks as the rest of the app.
  await expectNoAxeViolations(page, "the portfolio with its status table open", "#main");
});

test("an indicator chart opens as a table with its results, goal trajectory and projection", async ({ page }) => {
  await signInAs(page, "manager");
  await openFictionalPilot(page);
  const card = page.locator("article.chart-card", { hasText: HOURS });
  await card.scrollIntoViewIfNeeded();
  const table = await openChartTable(card, "Show as table");
  await expect(table.locator("caption")).toHaveText(`${HOURS}: figures by period, in hours`);
  const { headers, rows } = await readTable(table);
  expect(headers).toEqual(["Period", "Result to date", "Goal trajectory", "Projection", "Projection range"]);
  const reported = rows.filter(([, result]) => result !== "–");
  expect(reported).toHaveLength(4);
  // The latest reported result is where the dashed projection starts; the last period reaches the projected end.
  expect(reported.at(-1)![1]).toBe("250");
  expect(reported.at(-1)![3]).toBe("250");
  expect(rows.at(-1)![3]).toBe(String(expected.projected));
  expect(rows.at(-1)![4]).toBe(`${expected.low}–${expected.high}`);
  await expect(card.getByRole("figure")).toHaveAttribute("aria-label", new RegExp(`Projected at the end: ${expected.projected} \\(range ${expected.low}–${expected.high}\\)`));

  // On a 360 px screen the table scrolls sideways, and a keyboard can reach it to do so.
  await page.setViewportSize({ width: 360, height: 800 });
  await card.scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectNoAxeViolations(page, "an indicator chart with its table open at 360 px", "article.chart-card");
});

test.describe("in Italian", () => {
  test("the tables write decimals with a comma and percentages with a spaced sign", async ({ page }) => {
    await signInAs(page, "manager");
    // The browser's choice, not the account's: other tests sign in as the same manager.
    await page.evaluate(() => localStorage.setItem("pilot-monitor.language", "it"));
    await page.reload();
    await expect(page.getByRole("heading", { name: "Portafoglio", level: 1 })).toBeVisible();

    const section = page.locator("section", { has: page.getByRole("heading", { name: "Indicatori per stato", level: 2 }) });
    const statusTable = await openChartTable(section, "Mostra come tabella");
    expect((await readTable(statusTable)).headers).toEqual(["Stato", "Indicatori"]);

    await openFictionalPilot(page);
    const score = page.locator("article.chart-card", { hasText: SATISFACTION });
    await score.scrollIntoViewIfNeeded();
    const scoreTable = await readTable(await openChartTable(score, "Mostra come tabella"));
    expect(scoreTable.headers).toEqual(["Periodo", "Risultato (ponderato a oggi)", "Valore del periodo", "Obiettivo"]);
    expect(scoreTable.rows.slice(0, 4).map((row) => row[2])).toEqual(["8,2", "7,9", "8,4", "8,1"]);
    expect(scoreTable.rows[0]![3]).toBe("8");

    const share = page.locator("article.chart-card", { hasText: COMPLETING });
    await share.scrollIntoViewIfNeeded();
    const shareTable = await readTable(await openChartTable(share, "Mostra come tabella"));
    // 10 of 14 participants completed by the first period's end: 71,43 % in Italian.
    expect(shareTable.rows[0]![2]).toBe("71,43\u00a0%");
    expect(shareTable.rows[0]![3]).toBe("75\u00a0%");
  });
});
