import { mkdirSync } from "node:fs";
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { FICTIONAL_PILOT, openCurrentQuarterForm, signInAs } from "./helpers";
import { signInAnyLanguage } from "./signInAnyLanguage";

/**
 * The README's screenshots, taken on every run so that they show the app as it is: full pages of the
 * main screens in English, the portfolio and the period form in Italian, and the form at 360 px wide.
 * The files keep their names from run to run (docs/screenshots/*.png) and are committed.
 */
const DIR = new URL("../../docs/screenshots/", import.meta.url).pathname;
const DESKTOP = { width: 1280, height: 800 };

async function capture(page: Page, name: string) {
  // Everything asked for has arrived, and the charts have finished drawing.
  await expect(page.locator("main h1, h1").first()).toBeVisible();
  await expect(page.getByRole("status").filter({ has: page.locator(".loading") })).toHaveCount(0);
  await expect(page.locator(".loading")).toHaveCount(0);
  // No chart tooltip under the pointer left where the last click was.
  await page.mouse.move(0, 0);
  await page.waitForTimeout(800);
  mkdirSync(DIR, { recursive: true });
  // A full-page picture has no screen bottom for the form's save bar to stick to: show it where the form
  // ends (set through the DOM: the app's Content-Security-Policy refuses added style sheets).
  await page.evaluate(() => document.querySelectorAll<HTMLElement>(".form-footer").forEach((footer) => (footer.style.position = "static")));
  await page.screenshot({ path: `${DIR}${name}.png`, fullPage: true, animations: "disabled" });
}

/** Where the fictional pilot, its current quarter's form and its project are, read from the pages once. */
let addresses: { pilot: string; form: string; projectId: string } | null = null;

async function findAddresses(browser: Browser) {
  if (addresses) return addresses;
  const context = await browser.newContext({ locale: "en-GB" });
  const page = await context.newPage();
  await signInAs(page, "coordinator");
  await openCurrentQuarterForm(page);
  const form = new URL(page.url()).pathname;
  const pilot = /^\/pilots\/\d+/.exec(form)![0];
  await page.goto(pilot);
  const projectHref = await page.locator('main a[href^="/projects/"]').first().getAttribute("href");
  await context.close();
  addresses = { pilot, form, projectId: /\/projects\/(\d+)/.exec(projectHref!)![1]! };
  return addresses;
}

test.describe("in English", () => {
  test.use({ locale: "en-GB", viewport: DESKTOP });

  test("the sign-in page, portfolio, needs attention, a pilot, exports and a print view", async ({ page, browser }) => {
    const { pilot, projectId } = await findAddresses(browser);
    await page.goto("/sign-in");
    await expect(page.getByRole("heading", { name: "Demo accounts" })).toBeVisible();
    await capture(page, "en-sign-in");

    await signInAs(page, "manager");
    await expect(page.getByRole("link", { name: FICTIONAL_PILOT })).toBeVisible();
    await capture(page, "en-portfolio");

    await page.goto("/attention");
    await capture(page, "en-needs-attention");

    await page.goto(pilot);
    await expect(page.getByRole("heading", { name: FICTIONAL_PILOT, level: 1 })).toBeVisible();
    await capture(page, "en-pilot");

    await page.goto("/exports");
    await capture(page, "en-exports");

    await page.goto(`/print/exports/rollup?projectId=${projectId}`);
    await expect(page.getByRole("table").first()).toBeVisible();
    await capture(page, "en-print-rollup");
  });

  test("the period entry form, on a desktop and at 360 px wide", async ({ page, browser }) => {
    const { form } = await findAddresses(browser);
    await signInAs(page, "coordinator");
    await page.goto(form);
    await expect(page.getByLabel(/Result this period/).first()).toBeVisible();
    await capture(page, "en-period-form");

    await page.setViewportSize({ width: 360, height: 780 });
    await capture(page, "en-period-form-360");
  });
});

test.describe("in Italian", () => {
  // The first visit follows the browser's language; these accounts have not chosen one.
  test.use({ locale: "it-IT", viewport: DESKTOP });

  test("the portfolio and the period entry form", async ({ page, browser }) => {
    const { form } = await findAddresses(browser);
    await signInAnyLanguage(page, "manager");
    await expect(page.locator("html")).toHaveAttribute("lang", /^it/);
    await expect(page.getByRole("link", { name: FICTIONAL_PILOT })).toBeVisible();
    await capture(page, "it-portfolio");

    await signInAnyLanguage(page, "coordinator");
    await expect(page.locator("html")).toHaveAttribute("lang", /^it/);
    await page.goto(form);
    await expect(page.locator("form input").first()).toBeVisible();
    await capture(page, "it-period-form");
  });
});
