import type { Locator, Page } from "@playwright/test";
import { expect } from "./fixtures";
import { FICTIONAL_PILOT } from "./helpers";

/**
 * Helpers of the data-entry journeys that run in any language (tests/e2e/italian, keyboard and phone
 * specs): they find things by what does not change with the language — field ids, addresses, user data.
 */

export const COORDINATOR_EMAIL = "maria.rossi@example.org";

export const INDICATORS = {
  hours: "Hours of language courses delivered",
  satisfaction: "Participants' satisfaction with the language courses",
  migrants: "Number of migrants involved in pilot action activities",
  completion: "Participants completing the language course",
} as const;

/** The demo password of an account, as the sign-in page lists it in demo mode. */
export async function demoPassword(page: Page, email: string): Promise<string> {
  const response = await page.request.get("/api/trpc/auth.demoAccounts");
  const accounts = ((await response.json()) as { result: { data: { email: string; password: string }[] } }).result.data;
  const account = accounts.find((a) => a.email === email);
  if (!account) throw new Error(`No demo account ${email}`);
  return account.password;
}

/** The fictional pilot (from its link on the portfolio, the page shown) and its current period: the latest that has started. */
export async function currentPeriodOfFictionalPilot(page: Page): Promise<{ pilotId: number; periodId: number }> {
  const href = await page.getByRole("link", { name: FICTIONAL_PILOT }).first().getAttribute("href");
  const pilotId = Number(href!.split("/").pop());
  const response = await page.request.get(`/api/trpc/pilots.page?input=${encodeURIComponent(JSON.stringify({ id: pilotId }))}`);
  const pilotPage = ((await response.json()) as { result: { data: { periods: { id: number; hasStarted: boolean }[] } } }).result.data;
  return { pilotId, periodId: pilotPage.periods.filter((p) => p.hasStarted).at(-1)!.id };
}

/** An input of the period form, by indicator and field ("value", "respondents", "numerator", "denominator", "comment"). */
export async function entryField(page: Page, indicatorName: string, field: string): Promise<Locator> {
  const fieldset = page.locator("fieldset", { has: page.locator("legend", { hasText: indicatorName }) });
  const id = await fieldset.locator("textarea, input").first().getAttribute("id");
  const indicatorId = /^indicator-(\d+)-/.exec(id ?? "")?.[1];
  if (!indicatorId) throw new Error(`No fields for ${indicatorName}`);
  return page.locator(`#indicator-${indicatorId}-${field}`);
}

/** Whether the focused element shows where the focus is: an outline or a shadow ring a sighted keyboard user can see. */
export async function focusIsVisible(page: Page): Promise<{ visible: boolean; what: string }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return { visible: false, what: "nothing focused" };
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const ring = style.boxShadow !== "none" && style.boxShadow !== "";
    const what = `${element.tagName.toLowerCase()}${element.getAttribute("type") ? `[type=${element.getAttribute("type")}]` : ""}${element.id ? `#${element.id}` : ""} (outline ${style.outlineStyle} ${style.outlineWidth}, focus-visible ${element.matches(":focus-visible")}, focus ${element.matches(":focus")}, within ${element.matches(":focus-within")}) "${(element.getAttribute("aria-label") ?? element.textContent ?? "").trim().slice(0, 60)}"`;
    return { visible: outline || ring, what };
  });
}

export async function expectFocusVisible(page: Page) {
  const focus = await focusIsVisible(page);
  expect(focus.visible, `the focus on ${focus.what} is visible`).toBe(true);
}

/** Tabs (forwards or backwards) until `target` has the focus, checking at every stop that the focus shows. */
export async function tabTo(page: Page, target: Locator, { backwards = false, max = 120 } = {}) {
  for (let step = 0; step < max; step++) {
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) {
      await expectFocusVisible(page);
      return step + 1;
    }
    const focus = await focusIsVisible(page);
    if (focus.what !== "nothing focused") expect(focus.visible, `the focus on ${focus.what} is visible`).toBe(true);
  }
  throw new Error(`Tab never reached ${target}`);
}

/** Replaces a field's text with the keyboard alone: select all, then type. */
export async function typeOver(page: Page, text: string) {
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  if (text) await page.keyboard.type(text);
}
