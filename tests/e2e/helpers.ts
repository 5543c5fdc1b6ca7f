import type { Page } from "@playwright/test";

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

export const FICTIONAL_PILOT = "[Fictional] Valley Welcome Desk";
export const LUSERNA_PILOT = "HOME - Extra-EU Citizens and Integration through Accessible Services (CASA)";

/** The demo accounts by role, as the sign-in page lists them in demo mode. */
export const DEMO = {
  administrator: "Ada Bianchi (demo administrator)",
  manager: "Paolo Conti (demo project manager)",
  coordinator: "Maria Rossi (fictional)",
  lusernaCoordinator: "Luca Ferri (demo coordinator, Luserna)",
  evaluator: "Eva Novak (demo evaluator)",
} as const;

/** Signs in with a demo account through the sign-in page (whoever was signed in before is forgotten). */
export async function signInAs(page: Page, who: keyof typeof DEMO) {
  await page.context().clearCookies();
  await page.goto("/sign-in");
  await page.getByRole("button", { name: `Use ${DEMO[who]}` }).click();
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  // Coordinators start on their to-do page (with their pilots' links), everyone else on the portfolio.
  await page.getByRole("heading", { name: coordinators.has(who) ? "To do" : "Portfolio", exact: true }).waitFor();
}

const coordinators = new Set<keyof typeof DEMO>(["coordinator", "lusernaCoordinator"]);

/** Opens the form of the fictional pilot's current quarter (the 5th: started, not yet due). */
export async function openCurrentQuarterForm(page: Page) {
  await page.goto("/");
  await page.getByRole("link", { name: FICTIONAL_PILOT }).click();
  await page.getByRole("link", { name: /^(Enter|Edit) results for Quarter 5/ }).click();
  await page.getByRole("heading", { name: /Results for Quarter 5/ }).waitFor();
}
