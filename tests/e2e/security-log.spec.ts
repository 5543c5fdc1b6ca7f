import { expectNoAxeViolations } from "./axe";
import { expect, test } from "./fixtures";
import { DEMO, screenshot, signInAs } from "./helpers";

test("an administrator reads the security log: a failed sign-in and sign-ins, newest first, filtered by event, in Italian too", async ({ page }) => {
  // A wrong password for Maria's account, from this browser.
  await page.goto("/sign-in");
  await page.getByRole("button", { name: `Use ${DEMO.coordinator}` }).click();
  await page.getByLabel("Password").fill("not her password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert")).toHaveText("The email address or the password is not right.");

  await signInAs(page, "administrator");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Security log" }).click();
  await expect(page.getByRole("heading", { name: "Security log" })).toBeVisible();
  const rows = page.getByRole("table").getByRole("row");
  // Newest first: Ada's sign-in, then the failure on Maria's account with the address as typed.
  await expect(rows.nth(1)).toContainText("Signed in");
  await expect(rows.nth(1)).toContainText(DEMO.administrator);
  // Other specs share this database: the newest failure is this one.
  const failure = rows.filter({ hasText: "Sign-in failed" }).first();
  await expect(failure).toContainText("maria.rossi@example.org");
  await expect(failure).toContainText(DEMO.coordinator);
  await expect(page.getByRole("table")).not.toContainText("not her password");
  await expectNoAxeViolations(page, "the security log");
  await screenshot(page, "security-log");

  await page.getByLabel("Show").selectOption({ label: "Sign-in failed" });
  await expect(page).toHaveURL(/\/admin\/security-log\?event=sign_in_failed$/);
  await expect(rows.nth(1)).toContainText("maria.rossi@example.org");
  await expect(page.getByRole("table")).not.toContainText("Signed in");

  // In Italian, the events and headings follow; switched back so that the account is as it was.
  await page.getByLabel("Language").selectOption("it");
  await expect(page.getByRole("heading", { name: "Registro di sicurezza" })).toBeVisible();
  await expect(rows.nth(1)).toContainText("Accesso non riuscito");
  await expect(page.getByRole("columnheader", { name: "Indirizzo email digitato" })).toBeVisible();
  await page.getByLabel("Lingua").selectOption("en");
  await expect(page.getByRole("heading", { name: "Security log" })).toBeVisible();
});

test("the security log is not for other roles", async ({ page }) => {
  await signInAs(page, "manager");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Security log" })).toHaveCount(0);
  await page.goto("/admin/security-log");
  await expect(page.getByRole("alert")).toContainText("Your account does not allow this here.");
});
