import type { Locator, Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { readFileSync } from "node:fs";
import { addDays, addMonths } from "../../shared/dates";
import { testDay } from "../support/testDay";
import { entryField } from "./entry-helpers";
import { expect, test } from "./fixtures";
import { screenshot } from "./helpers";
import { signInAnyLanguage } from "./signInAnyLanguage";

/*
 * Issue 23, "done means": a project set up through the UI from a real report's figures, with one indicator
 * of each kind, results entered for a few periods, every view and the XLSX exports read back. Once in
 * Italian (numbers typed the Italian way) and once in English, each on its own project.
 *
 * The figures follow the Luserna San Giovanni pilot final report (Arrival Regions, D.T2.5.2, 2021): 53
 * migrants involved against a goal of 50, 400 hours of tutoring for help-desk operators, 579 people informed.
 * Split into months and years, and the MIPEX-R score and the share of women, they are illustrative.
 */

type Language = "en" | "it";

/** What a person reads on the screen, in each language: the app's words, never looked up in its catalogues. */
const UI = {
  en: {
    locale: "en-GB",
    newProject: "New project",
    createProject: "Create project",
    newPilot: "New pilot",
    createPilot: "Create pilot",
    newIndicator: "New indicator",
    addIndicator: "Add indicator",
    addMilestone: "Add a milestone",
    pilotPage: "Pilot page",
    saveResults: "Save results",
    saved: /Saved \d+ results?/,
    charts: { mean: "Result (mean of the periods to date)", latest: "Result (latest period)", weighted: "Result (weighted to date)", periodValue: "Period value" },
    indicatorTables: "All pilots' indicator tables (XLSX)",
    status: { achieved: "Achieved", on_track: "On track", at_risk: "At risk", due_at_end: "Due at the end" },
    // "2,500" is two thousand five hundred in English; "8.6" eight point six.
    numbers: { goal2500: "2,500", goal400: "400", share: "48.5", index: "57.5", pace: "51.5 visitors a month" },
  },
  it: {
    locale: "it-IT",
    newProject: "Nuovo progetto",
    createProject: "Crea il progetto",
    newPilot: "Nuovo pilota",
    createPilot: "Crea il pilota",
    newIndicator: "Nuovo indicatore",
    addIndicator: "Aggiungi l'indicatore",
    addMilestone: "Aggiungi una tappa",
    pilotPage: "Pagina del pilota",
    saveResults: "Salva i risultati",
    saved: /Salvat[oi] \d+ risultat[oi]/,
    charts: { mean: "Risultato (media dei periodi finora)", latest: "Risultato (ultimo periodo)", weighted: "Risultato (ponderato a oggi)", periodValue: "Valore del periodo" },
    indicatorTables: "Tabelle degli indicatori di tutti i piloti (XLSX)",
    status: { achieved: "Raggiunto", on_track: "In linea", at_risk: "A rischio", due_at_end: "Dovuto alla fine" },
    // In Italian "2.500" is two thousand five hundred and "48,5" forty-eight and a half.
    numbers: { goal2500: "2.500", goal400: "400", share: "48,5", index: "57,5", pace: "51,5 visitors" },
  },
} as const;

const NAMES = {
  visitors: "Migrants visiting the help desk per month",
  tutoring: "Tutoring hours for help-desk operators",
  strategy: "Joint welcome strategy adopted by the municipalities",
  women: "Share of women among participants",
  mipex: "MIPEX-R score: access to services (illustrative)",
  informed: "People informed about the pilot action",
} as const;

/** The days the project lives on, by whole months from the test day (decision 012): the same story on any day. */
function calendar() {
  const today = testDay();
  const year = Number(today.slice(0, 4));
  const monthlyStart = addMonths(`${today.slice(0, 7)}-01`, -4);
  const endOfMonth = (n: number) => addDays(addMonths(monthlyStart, n), -1);
  return {
    project: { start: `${year - 2}-01-01`, end: `${year + 1}-12-31` },
    // Twelve months, of which four have ended by the test day and the fifth is running.
    monthly: { start: monthlyStart, end: endOfMonth(12), milestone3: endOfMonth(3), milestone9: endOfMonth(9) },
    // Four years, of which two have ended.
    yearly: { start: `${year - 2}-01-01`, end: `${year + 1}-12-31` },
  };
}

interface PilotPeriods {
  pilotId: number;
  periods: { id: number; sequence: number; hasStarted: boolean }[];
}

async function pilotPeriods(page: Page, pilotId: number): Promise<PilotPeriods> {
  const response = await page.request.get(`/api/trpc/pilots.page?input=${encodeURIComponent(JSON.stringify({ id: pilotId }))}`);
  const data = ((await response.json()) as { result: { data: { periods: { id: number; sequence: number; hasStarted: boolean }[] } } }).result.data;
  return { pilotId, periods: data.periods };
}

/** Fills the new-indicator form field by field, as a person does, and waits for the indicator in the list. */
async function addIndicator(
  page: Page,
  language: Language,
  fields: {
    name: string;
    kind?: "quantitative" | "qualitative";
    measure?: "count" | "score" | "percentage";
    cumulation?: "increments" | "to_date" | "level";
    levelAggregation?: "latest" | "mean";
    entryForm?: "standard" | "direct_percentage" | "index";
    wholeNumbers?: boolean;
    scale?: [string, string];
    unit?: string;
    goal: string;
    delivery?: "linear" | "milestones" | "at_end";
    milestoneShape?: "interpolated" | "stepped";
    milestones?: { date: string; target: string }[];
  },
) {
  const ui = UI[language];
  await page.getByRole("button", { name: ui.newIndicator }).click();
  const form = (field: string) => page.locator(`#new-indicator-${field}`);
  await form("name").fill(fields.name);
  if (fields.kind) await form("kind").selectOption(fields.kind);
  if (fields.measure) await form("measure").selectOption(fields.measure);
  if (fields.cumulation) await form("cumulation").selectOption(fields.cumulation);
  if (fields.levelAggregation) await form("level-aggregation").selectOption(fields.levelAggregation);
  if (fields.entryForm) await form("entry-form").selectOption(fields.entryForm);
  if (fields.wholeNumbers) await form("whole-numbers").check();
  if (fields.scale) {
    await form("scale-min").fill(fields.scale[0]);
    await form("scale-max").fill(fields.scale[1]);
  }
  if (fields.unit) await form("unit").fill(fields.unit);
  await form("goal").fill(fields.goal);
  if (fields.delivery) await form("delivery").selectOption(fields.delivery);
  if (fields.milestoneShape) await form("milestone-shape").selectOption(fields.milestoneShape);
  for (const [index, milestone] of (fields.milestones ?? []).entries()) {
    await page.getByRole("button", { name: ui.addMilestone }).click();
    await form(`milestone-${index}-date`).fill(milestone.date);
    await form(`milestone-${index}-target`).fill(milestone.target);
  }
  await page.getByRole("button", { name: ui.addIndicator }).click();
  await expect(page.locator("strong", { hasText: fields.name })).toBeVisible();
}

/** Creates a pilot on the project page and returns its id, from the set-up page it leads to. */
async function createPilot(page: Page, language: Language, projectId: number, pilot: { title: string; start: string; end: string; frequency: string }) {
  const ui = UI[language];
  await page.goto(`/projects/${projectId}`);
  await page.getByRole("button", { name: ui.newPilot }).click();
  await page.locator("#new-pilot-title").fill(pilot.title);
  await page.locator("#new-pilot-partner").fill("LAG Escartons and Waldensian Valleys");
  await page.locator("#new-pilot-location").fill("Luserna San Giovanni");
  await page.locator("#new-pilot-country").fill("IT");
  await page.locator("#new-pilot-start").fill(pilot.start);
  await page.locator("#new-pilot-end").fill(pilot.end);
  await page.locator("#new-pilot-frequency").selectOption(pilot.frequency);
  await page.getByRole("button", { name: ui.createPilot }).click();
  await page.waitForURL(/\/pilots\/\d+\/setup$/);
  return Number(/\/pilots\/(\d+)\/setup$/.exec(page.url())![1]);
}

/** Types one period's values (field by indicator: "value", "respondents") and saves, explaining what asks for it. */
async function enterPeriod(page: Page, language: Language, pilotId: number, periodId: number, values: [string, string, string][]) {
  const ui = UI[language];
  await page.goto(`/pilots/${pilotId}/periods/${periodId}`);
  for (const [indicator, field, text] of values) await (await entryField(page, indicator, field)).fill(text);
  await page.getByRole("button", { name: ui.saveResults }).click();
  const saved = page.getByRole("status").filter({ hasText: ui.saved });
  const missing = page.locator("textarea[aria-invalid='true']");
  await expect(saved.or(missing.first())).toBeVisible();
  if (await saved.isVisible()) return;
  while ((await missing.count()) > 0) await missing.first().fill("Fewer visitors than planned: the valley road was closed.");
  await page.getByRole("button", { name: ui.saveResults }).click();
  await expect(saved).toBeVisible();
}

/** A row of the pilot page's status table, by the indicator's name (user data, the same in every language). */
const statusRow = (page: Page, name: string): Locator => page.locator("tr", { has: page.getByRole("rowheader", { name: new RegExp(`^${escapeRegExp(name)}`) }) });
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The first row of a sheet whose column `column` holds `text`. */
function rowWith(sheet: ExcelJS.Worksheet, column: number, text: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (!found && row.getCell(column).value === text) found = row;
  });
  if (!found) throw new Error(`No row "${text}" in sheet ${sheet.name}`);
  return found;
}

async function downloadWorkbook(page: Page, click: () => Promise<void>): Promise<ExcelJS.Workbook> {
  const [file] = await Promise.all([page.waitForEvent("download"), click()]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync((await file.path())!) as unknown as ArrayBuffer);
  return workbook;
}

for (const language of ["it", "en"] as const) {
  test.describe(`in ${language === "it" ? "Italian" : "English"}`, () => {
    test.use({ locale: UI[language].locale });

    test(`a project with each kind of indicator, entered through the UI, shows the right status in every view and in the XLSX read back (${language})`, async ({ page }) => {
      test.setTimeout(240_000);
      const ui = UI[language];
      const n = ui.numbers;
      const days = calendar();
      const projectName = `Pellice Valley welcome services (${language})`;
      const monthlyTitle = `CASA help desk, monthly (${language})`;
      const yearlyTitle = `Pellice Valley information campaign, yearly (${language})`;

      await signInAnyLanguage(page, "administrator");
      await expect(page.locator("html")).toHaveAttribute("lang", new RegExp(`^${language}`));

      // The project, as the administrator sets it up.
      await page.goto("/projects");
      await page.getByRole("button", { name: ui.newProject }).click();
      await page.locator("#new-project-name").fill(projectName);
      await page.locator("#new-project-programme").fill("Interreg CENTRAL EUROPE");
      await page.locator("#new-project-start").fill(days.project.start);
      await page.locator("#new-project-end").fill(days.project.end);
      await page.locator("#new-project-tolerance").fill("15");
      await page.getByRole("button", { name: ui.createProject }).click();
      await page.getByRole("link", { name: projectName }).click();
      await page.waitForURL(/\/projects\/\d+$/);
      const projectId = Number(/\/projects\/(\d+)$/.exec(page.url())![1]);

      // A monthly pilot with a level, milestones, one counted at the end, a share known only as a share and an index on 0–100.
      const monthlyId = await createPilot(page, language, projectId, { title: monthlyTitle, start: days.monthly.start, end: days.monthly.end, frequency: "monthly" });
      await addIndicator(page, language, { name: NAMES.visitors, cumulation: "level", levelAggregation: "mean", wholeNumbers: true, unit: "visitors", goal: "50" });
      await addIndicator(page, language, {
        name: NAMES.tutoring,
        unit: "hours",
        goal: n.goal400,
        delivery: "milestones",
        milestoneShape: "stepped",
        milestones: [
          { date: days.monthly.milestone3, target: "100" },
          { date: days.monthly.milestone9, target: "300" },
        ],
      });
      await addIndicator(page, language, { name: NAMES.strategy, wholeNumbers: true, unit: "strategies", goal: "1", delivery: "at_end" });
      await addIndicator(page, language, { name: NAMES.women, kind: "qualitative", measure: "percentage", entryForm: "direct_percentage", goal: "45" });
      await addIndicator(page, language, { name: NAMES.mipex, kind: "qualitative", measure: "score", entryForm: "index", scale: ["0", "100"], unit: "points", goal: "60" });

      // A yearly pilot: people informed, a count that adds up, with a goal typed with a thousands separator.
      const yearlyId = await createPilot(page, language, projectId, { title: yearlyTitle, start: days.yearly.start, end: days.yearly.end, frequency: "yearly" });
      await addIndicator(page, language, { name: NAMES.informed, wholeNumbers: true, unit: "people", goal: n.goal2500 });

      // Four months reported; the fifth is running. The share of women has a base in two months only.
      const monthly = await pilotPeriods(page, monthlyId);
      expect(monthly.periods).toHaveLength(12);
      const months: [string, string, string][][] = [
        [
          [NAMES.visitors, "value", "48"],
          [NAMES.tutoring, "value", "30"],
          [NAMES.strategy, "value", "0"],
          [NAMES.women, "value", n.share],
          [NAMES.mipex, "value", "52"],
        ],
        [
          [NAMES.visitors, "value", "53"],
          [NAMES.tutoring, "value", "35"],
          [NAMES.strategy, "value", "0"],
          [NAMES.women, "value", "46"],
          [NAMES.women, "respondents", "53"],
          [NAMES.mipex, "value", "55"],
        ],
        [
          [NAMES.visitors, "value", "41"],
          [NAMES.tutoring, "value", "40"],
          [NAMES.strategy, "value", "0"],
          [NAMES.women, "value", "44"],
          [NAMES.mipex, "value", n.index],
        ],
        [
          [NAMES.visitors, "value", "46"],
          [NAMES.tutoring, "value", "25"],
          [NAMES.strategy, "value", "0"],
          [NAMES.women, "value", "51"],
          [NAMES.women, "respondents", "60"],
          [NAMES.mipex, "value", "61"],
        ],
      ];
      for (const [index, values] of months.entries()) await enterPeriod(page, language, monthlyId, monthly.periods[index]!.id, values);
      const yearly = await pilotPeriods(page, yearlyId);
      expect(yearly.periods).toHaveLength(4);
      await enterPeriod(page, language, yearlyId, yearly.periods[0]!.id, [[NAMES.informed, "value", "579"]]);
      await enterPeriod(page, language, yearlyId, yearly.periods[1]!.id, [[NAMES.informed, "value", "700"]]);

      // The pilot page: each kind judged by its own rule.
      await page.goto(`/pilots/${monthlyId}`);
      await expect(page.getByRole("heading", { name: monthlyTitle, level: 1 })).toBeVisible();
      // A level is the mean of its months, (48 + 53 + 41 + 46) / 4 = 47, against 50 itself: 6 % short, at risk.
      await expect(statusRow(page, NAMES.visitors)).toContainText(ui.status.at_risk);
      // The pace still needed lifts the mean of all twelve months to 50: (50 × 12 − 188) / 8 = 51.5 a month.
      await expect(statusRow(page, NAMES.visitors).locator(".signals")).toContainText(ui.numbers.pace);
      // 130 hours by the end of month 4: the milestone of 100 at month 3 holds (stepped); a straight line would expect about 133.
      await expect(statusRow(page, NAMES.tutoring)).toContainText(ui.status.on_track);
      await expect(statusRow(page, NAMES.strategy)).toContainText(ui.status.due_at_end);
      // Shares without a base in every month: the plain mean of 48.5, 46, 44 and 51 is 47.375 ≥ 45.
      await expect(statusRow(page, NAMES.women)).toContainText(ui.status.achieved);
      // An index is its latest value: 61 of 60, on its scale.
      await expect(statusRow(page, NAMES.mipex)).toContainText(ui.status.achieved);
      await expect(statusRow(page, NAMES.mipex)).toContainText("0–100");
      // No line is drawn to the end through a level or an indicator counted at the end (decision 005): no "projected at end", no warning.
      for (const name of [NAMES.visitors, NAMES.strategy]) await expect(statusRow(page, name).locator(".projection-text, .badge-warning")).toHaveCount(0);
      // The charts say how each current result is made: the mean of the months (the level, the shares), the latest value (the index);
      // no share or index here is weighted by respondents. A level's months are drawn one by one, as a score's are.
      await expect(page.getByText(ui.charts.mean, { exact: true }).filter({ visible: true })).toHaveCount(2);
      await expect(page.getByText(ui.charts.latest, { exact: true }).filter({ visible: true })).toHaveCount(1);
      await expect(page.getByText(ui.charts.weighted, { exact: true }).filter({ visible: true })).toHaveCount(0);
      await expect(page.getByText(ui.charts.periodValue, { exact: true }).filter({ visible: true })).toHaveCount(3);
      if (language === "en") {
        await screenshot(page, "pilot-indicator-kinds");
      }
      await page.goto(`/pilots/${yearlyId}`);
      await expect(statusRow(page, NAMES.informed)).toContainText(ui.status.on_track);

      // Needs attention lists the level that is behind, and neither the count due at the end nor the others.
      await page.goto("/attention");
      const main = page.locator("main");
      // Every indicator section (behind, periods missing, likely to miss, above the goal) lists an item with its
      // pilot's link; the overdue reports (periods entered but never submitted) are a list of their own.
      const ours = (title: string) =>
        main
          .getByRole("listitem")
          .and(page.locator(":not(.todo-overdue)"))
          .filter({ has: page.getByRole("link", { name: title, exact: true }) });
      await expect(ours(monthlyTitle)).toHaveCount(1);
      await expect(ours(monthlyTitle).getByRole("heading", { name: NAMES.visitors })).toBeVisible();
      await expect(ours(monthlyTitle)).toContainText(ui.status.at_risk);
      await expect(ours(yearlyTitle)).toHaveCount(0);

      // The portfolio counts each pilot's statuses the same way.
      await page.goto("/");
      const portfolioRow = page.locator("tr", { has: page.getByRole("link", { name: monthlyTitle }) });
      await expect(portfolioRow).toContainText(ui.status.at_risk);
      await expect(portfolioRow).toContainText(NAMES.visitors);

      // The final report shows the index with its scale.
      await page.goto(`/pilots/${monthlyId}/report`);
      await expect(page.locator("tr", { hasText: NAMES.mipex })).toContainText("61 points (0–100)");
      await expect(page.locator("tr", { hasText: NAMES.mipex })).toContainText(`60 points (0–100)`);
      await expect(page.locator("tr", { hasText: NAMES.strategy })).toContainText(ui.status.due_at_end);

      // The indicator tables of the project, downloaded from its page and read back.
      await page.goto(`/projects/${projectId}`);
      const tables = await downloadWorkbook(page, () => page.getByRole("link", { name: ui.indicatorTables }).click());
      const [, quantitative, qualitative] = tables.worksheets;
      // Columns: project, pilot, section, code, indicator, unit, goal as written, goal, current result, interval, % of goal, status, …
      const cells = (row: ExcelJS.Row) => [2, 5, 6, 8, 9, 11, 12].map((c) => row.getCell(c).value);
      expect(cells(rowWith(quantitative!, 5, NAMES.visitors))).toEqual([monthlyTitle, NAMES.visitors, "visitors", 50, 47, expect.closeTo(0.94, 9), ui.status.at_risk]);
      expect(cells(rowWith(quantitative!, 5, NAMES.tutoring))).toEqual([monthlyTitle, NAMES.tutoring, "hours", 400, 130, expect.closeTo(0.325, 9), ui.status.on_track]);
      expect(cells(rowWith(quantitative!, 5, NAMES.strategy))).toEqual([monthlyTitle, NAMES.strategy, "strategies", 1, 0, 0, ui.status.due_at_end]);
      expect(cells(rowWith(quantitative!, 5, NAMES.informed))).toEqual([yearlyTitle, NAMES.informed, "people", 2500, 1279, expect.closeTo(1279 / 2500, 9), ui.status.on_track]);
      const women = cells(rowWith(qualitative!, 5, NAMES.women));
      expect(women.slice(0, 4)).toEqual([monthlyTitle, NAMES.women, "%", 0.45]);
      expect(women[4]).toBeCloseTo(0.47375, 9);
      expect(women[6]).toBe(ui.status.achieved);
      expect(cells(rowWith(qualitative!, 5, NAMES.mipex))).toEqual([monthlyTitle, NAMES.mipex, "points (0–100)", 60, 61, expect.closeTo(61 / 60, 9), ui.status.achieved]);

      // The tracking table, one sheet per pilot, periods as columns: the targets follow each delivery profile.
      const tracking = await downloadWorkbook(page, async () => {
        await page.evaluate((href) => {
          const link = document.createElement("a");
          link.href = href;
          link.download = "";
          document.body.append(link);
          link.click();
        }, `/api/exports/tables/tracking.xlsx?projectId=${projectId}`);
      });
      const monthlySheet = tracking.worksheets.find((s) => s.name.startsWith("CASA help desk"))!;
      // Code, indicator, unit, then per month: target to date, result, result to date, % of goal; then the goal and the status.
      const month = (row: ExcelJS.Row, m: number) => [4, 5, 6].map((offset) => row.getCell(offset + 4 * (m - 1)).value);
      const last = (row: ExcelJS.Row) => [row.getCell(4 + 4 * 12).value, row.getCell(5 + 4 * 12).value];
      const visitors = rowWith(monthlySheet, 2, NAMES.visitors);
      expect([1, 2, 3, 4].map((m) => month(visitors, m))).toEqual([
        [50, 48, 48],
        [50, 53, 50.5],
        [50, 41, expect.closeTo((48 + 53 + 41) / 3, 9)],
        [50, 46, 47],
      ]);
      expect(last(visitors)).toEqual([50, ui.status.at_risk]);
      const tutoring = rowWith(monthlySheet, 2, NAMES.tutoring);
      expect([1, 2, 3, 4, 9, 12].map((m) => month(tutoring, m)[0])).toEqual([0, 0, 100, 100, 300, 400]);
      expect(month(tutoring, 4).slice(1)).toEqual([25, 130]);
      const strategy = rowWith(monthlySheet, 2, NAMES.strategy);
      // Nothing is expected of an indicator counted at the end before its final month.
      expect([1, 4, 11].map((m) => month(strategy, m)[0])).toEqual([null, null, null]);
      expect(month(strategy, 12)[0]).toBe(1);
      expect(last(strategy)).toEqual([1, ui.status.due_at_end]);
      const mipex = rowWith(monthlySheet, 2, NAMES.mipex);
      expect(mipex.getCell(3).value).toBe("points (0–100)");
      expect([1, 2, 3, 4].map((m) => month(mipex, m))).toEqual([
        [60, 52, 52],
        [60, 55, 55],
        [60, 57.5, 57.5],
        [60, 61, 61],
      ]);
      const yearlySheet = tracking.worksheets.find((s) => s.name.startsWith("Pellice Valley"))!;
      const informed = rowWith(yearlySheet, 2, NAMES.informed);
      expect([1, 2].map((y) => month(informed, y).slice(1))).toEqual([
        [579, 579],
        [700, 1279],
      ]);
      expect([informed.getCell(4 + 4 * 4).value, informed.getCell(5 + 4 * 4).value]).toEqual([2500, ui.status.on_track]);
    });
  });
}
