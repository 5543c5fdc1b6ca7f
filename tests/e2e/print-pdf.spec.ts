import type { Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "./fixtures";
import { FICTIONAL_PILOT, LUSERNA_PILOT, signInAs } from "./helpers";

/**
 * Each print view as it comes out of the printer: Chromium prints it to PDF (page.pdf, as "Save as PDF"
 * does), Debian's poppler-utils read the text back (pdftotext) and draw the first page (pdftoppm) into
 * docs/screenshots. What a reader needs must be on the paper: the title, the filters with the as-at date,
 * and every column heading whole, on pages no wider than A4 landscape.
 */

const SCREENSHOTS = new URL("../../docs/screenshots/", import.meta.url).pathname;
const FICTIONAL_PROJECT = "Rural Welcome Network (fictional demo)";

interface Printed {
  text: string;
  /** Each page's width and height in points. */
  pages: { width: number; height: number }[];
}

/** Draws one page of a PDF (pdftoppm) into a PNG. */
function drawPage(pdf: string, pageNumber: number, png: string) {
  const dir = mkdtempSync(join(tmpdir(), "pdf-page-"));
  try {
    execFileSync("pdftoppm", ["-png", "-r", "80", "-f", String(pageNumber), "-l", String(pageNumber), "-singlefile", pdf, join(dir, "page")]);
    writeFileSync(png, readFileSync(join(dir, "page.png")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The first page of a PDF whose text holds these words. */
function pageWith(pdf: string, pageCount: number, words: string): number {
  for (let number = 1; number <= pageCount; number++) {
    const text = execFileSync("pdftotext", ["-raw", "-enc", "UTF-8", "-f", String(number), "-l", String(number), pdf, "-"], { encoding: "utf8" });
    if (squeeze(text).includes(words)) return number;
  }
  throw new Error(`No page of ${pdf} says "${words}"`);
}

async function printToPdf(page: Page, screenshotName: string, options: { drawPageWith?: string } = {}): Promise<Printed> {
  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const dir = mkdtempSync(join(tmpdir(), "print-pdf-"));
  try {
    const file = join(dir, "print.pdf");
    writeFileSync(file, pdf);
    // Kept beside the test results, for a person to open.
    mkdirSync("test-results/pdf", { recursive: true });
    writeFileSync(`test-results/pdf/${screenshotName}.pdf`, pdf);
    // -raw keeps the words in the order they were written, so that a heading split over two lines in a narrow cell still reads whole.
    const text = execFileSync("pdftotext", ["-raw", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
    const info = execFileSync("pdfinfo", ["-f", "1", "-l", "999", file], { encoding: "utf8" });
    const pages = [...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => ({ width: Number(m[1]), height: Number(m[2]) }));
    drawPage(file, 1, join(SCREENSHOTS, `${screenshotName}.png`));
    if (options.drawPageWith) drawPage(file, pageWith(file, pages.length, options.drawPageWith), join(SCREENSHOTS, `${screenshotName}-${options.drawPageWith.slice(0, 2)}.png`));
    return { text, pages };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The words of a heading, wherever the printer broke its lines. */
function squeeze(text: string): string {
  return text.replace(/\s+/g, " ").replace(/- /g, "-");
}

async function projectIdOf(page: Page, project: string): Promise<string> {
  await page.goto("/exports");
  await page.getByLabel("Project", { exact: true }).selectOption({ label: project });
  await page.getByRole("radio", { name: /^Print view/ }).check();
  const href = await page.getByRole("link", { name: "Open the print view" }).getAttribute("href");
  return new URL(href!, "http://x").searchParams.get("projectId")!;
}

/** The headings the screen shows, which must all reach the paper. */
async function columnHeadings(page: Page): Promise<string[]> {
  return (await page.locator(".print-table thead th").allTextContents()).map((h) => h.trim()).filter((h) => h !== "");
}

function expectA4Landscape(printed: Printed) {
  expect(printed.pages.length).toBeGreaterThan(0);
  for (const size of printed.pages) {
    expect(size.width).toBeCloseTo(841.89, 0);
    expect(size.height).toBeCloseTo(595.28, 0);
  }
}

test("every export's print view prints to A4 landscape with its title, its as-at date and every column heading", async ({ page }) => {
  await signInAs(page, "evaluator");
  const fictional = await projectIdOf(page, FICTIONAL_PROJECT);
  const luserna = await projectIdOf(page, "Arrival Regions");
  const views = [
    { table: "indicators", projectId: luserna, title: `Indicator table: ${LUSERNA_PILOT}`, screenshot: "en-print-indicators-pdf" },
    { table: "tracking", projectId: fictional, title: `Indicator performance tracking: ${FICTIONAL_PILOT}`, screenshot: "en-print-tracking-pdf" },
    { table: "rollup", projectId: fictional, title: `Project roll-up: ${FICTIONAL_PROJECT}`, screenshot: "en-print-rollup-pdf" },
  ];
  for (const view of views) {
    await page.emulateMedia({ media: "screen" });
    await page.goto(`/print/exports/${view.table}?projectId=${view.projectId}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(view.title);
    const asAt = (await page.locator(".print-filters dt", { hasText: "Results as at" }).locator("xpath=following-sibling::dd[1]").textContent())!;
    expect(asAt).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    const headings = await columnHeadings(page);
    expect(headings.length).toBeGreaterThan(3);
    // On paper, names keep a readable width and no cell's text runs out of its cell.
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: 1047, height: 750 }); // 277 mm, A4 landscape inside 10 mm margins
    const indicatorWidths = await page.locator(".print-table thead th", { hasText: /^Indicator$/ }).evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().width));
    for (const width of indicatorWidths) expect(width, `${view.table}: the Indicator column`).toBeGreaterThan(150);
    const overflowing = await page
      .locator(".print-table th, .print-table td")
      .evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent));
    expect(overflowing, `${view.table}: cells whose text runs out of them`).toEqual([]);
    const lastCells = await page.locator(".print-table tbody tr td:last-child").allTextContents();

    const printed = await printToPdf(page, view.screenshot);
    expectA4Landscape(printed);
    const paper = squeeze(printed.text);
    expect(paper, `${view.table}: title`).toContain(squeeze(view.title));
    expect(paper, `${view.table}: as-at date`).toContain(`Results as at ${asAt}`);
    expect(paper).toContain("Created");
    for (const heading of headings) expect(paper, `${view.table}: column "${heading}"`).toContain(squeeze(heading));
    // The last column reaches the paper whole: its dates keep their last digit.
    for (const cell of lastCells.filter((c) => /^\d{2}\/\d{2}\/\d{4}$/.test(c))) expect(paper).toContain(cell);
  }
});

test("the final report's print view prints its title, its headings and its indicator tables", async ({ page }) => {
  await signInAs(page, "evaluator");
  await page.goto("/");
  await page.getByRole("link", { name: LUSERNA_PILOT }).click();
  await page.waitForURL(/\/pilots\/\d+$/);
  const pilotId = new URL(page.url()).pathname.split("/")[2];
  await page.goto(`/pilots/${pilotId}/report/print`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Pilot final report");
  // Each indicator's progress chart under its row, named by the chart in words (the DOCX's alt text).
  const indicatorRows = await page.locator(".report-table:has(.chart-row) tbody tr:not(.chart-row)").count();
  expect(indicatorRows).toBeGreaterThan(5);
  await expect(page.locator(".report-table .progress-chart svg[role=img]")).toHaveCount(indicatorRows);
  const firstChart = (await page.locator(".report-table .progress-chart svg").first().getAttribute("aria-label"))!;
  expect(firstChart).toMatch(/^Number of tutoring hours for helpdesk operators\/organizations: .+ 405\. Expected by the end: 400\.$/);
  const printed = await printToPdf(page, "en-print-final-report-pdf", { drawPageWith: "4a. Progress on quantitative indicators" });
  for (const size of printed.pages) expect(size.width).toBeCloseTo(595.28, 0); // A4 portrait
  const paper = squeeze(printed.text);
  expect(paper).toContain(squeeze(`Pilot final report: ${LUSERNA_PILOT}`));
  for (const heading of ["4a. Progress on quantitative indicators", "4b. Progress on qualitative indicators", "4e. Communication activities"]) expect(paper).toContain(heading);
  // Each heading once: the tables' captions, which say the same, are for screen readers only here.
  for (const number of ["4a.", "4b.", "4e."]) expect(paper.split(number)).toHaveLength(2);
  for (const column of ["Indicator", "Original goal", "Current result", "Comments"]) expect(paper).toContain(column);
  expect(paper).toContain("97.83% of goal");
  expect(paper).toContain("As written: Average grade = 8");
  // The charts' words reach the paper with them, as do the axis and legend.
  expect(paper).toContain(squeeze(firstChart));
  expect(paper).toContain("Goal trajectory");
});

test("the final report's DOCX, opened by LibreOffice, shows each indicator's chart under its row", async ({ page }) => {
  // The DOCX as a word processor lays it out: LibreOffice (Debian's libreoffice-writer-nogui) converts it to PDF,
  // poppler reads it back and draws the page with the first chart into docs/screenshots.
  test.skip(!hasSoffice(), "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui");
  await signInAs(page, "evaluator");
  await page.goto("/");
  await page.getByRole("link", { name: FICTIONAL_PILOT }).click();
  await page.waitForURL(/\/pilots\/\d+$/);
  const pilotId = new URL(page.url()).pathname.split("/")[2];
  const response = await page.request.get(`/api/exports/pilots/${pilotId}/final-report.docx`);
  expect(response.status()).toBe(200);
  const dir = mkdtempSync(join(tmpdir(), "docx-pdf-"));
  try {
    writeFileSync(join(dir, "report.docx"), await response.body());
    execFileSync("soffice", ["--headless", `-env:UserInstallation=file://${join(dir, "profile")}`, "--convert-to", "pdf", "--outdir", dir, join(dir, "report.docx")], {
      timeout: 120_000,
    });
    const pdf = join(dir, "report.pdf");
    const text = squeeze(execFileSync("pdftotext", ["-raw", "-enc", "UTF-8", pdf, "-"], { encoding: "utf8" }));
    expect(text).toContain("4a. Progress on quantitative indicators");
    // The caption under each picture: the chart in words.
    expect(text).toMatch(/Hours of language courses delivered: Quarter 1 \(.+?\) \d+; .*Expected by the end: 480\./);
    const pageCount = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf], { encoding: "utf8" }))![1]);
    drawPage(pdf, pageWith(pdf, pageCount, "Hours of language courses delivered:"), join(SCREENSHOTS, "en-final-report-docx.png"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function hasSoffice(): boolean {
  try {
    execFileSync("soffice", ["--version"], { stdio: "ignore", timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}
