import { expect, type Page } from "@playwright/test";
import { DEMO } from "./helpers";

/**
 * Signs in with a demo account whatever language the page is in: it finds the account by its name (user
 * data, never translated) and the form's own submit button, not by their words.
 */
export async function signInAnyLanguage(page: Page, who: keyof typeof DEMO) {
  await page.context().clearCookies();
  await page.goto("/sign-in");
  await page.getByRole("row").filter({ hasText: DEMO[who] }).getByRole("button").click();
  await expect(page.locator("#password")).not.toHaveValue("");
  await page.locator(".sign-in-form button[type=submit]").click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  await page.locator("main h1").first().waitFor();
}

/** Sets the account's remembered language through the API, as the language switch does. */
export async function rememberLanguageOnAccount(page: Page, language: string) {
  const response = await page.request.post("/api/trpc/auth.setLanguage", { data: { language } });
  return response.ok();
}
