import type { Page } from "@playwright/test";

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

export const FICTIONAL_PILOT = "[Fictional] Valley Welcome Desk";
export const LUSERNA_PILOT = "HOME - Extra-EU Citizens and Integration through Accessible Services (CASA)";

/** Opens the form of the fictional pilot's current quarter (the 5th: started, not yet due). */
export async function openCurrentQuarterForm(page: Page) {
  await page.goto("/");
  await page.getByRole("link", { name: FICTIONAL_PILOT }).click();
  await page.getByRole("link", { name: /^(Enter|Edit) results for Quarter 5/ }).click();
  await page.getByRole("heading", { name: /Results for Quarter 5/ }).waitFor();
}
