import { expect, test } from "./fixtures";
import { FICTIONAL_PILOT, LUSERNA_PILOT, openCurrentQuarterForm, screenshot, signInAs } from "./helpers";

test("a coordinator cannot open another pilot's form, and a direct API call is refused", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in\?next=%2F$/);
  await expect(page.getByRole("heading", { name: "Demo accounts" })).toBeVisible();
  await screenshot(page, "sign-in");

  // Maria coordinates the fictional pilot: note the address of her form.
  await signInAs(page, "coordinator");
  await expect(page.getByRole("link", { name: /Your account: Maria Rossi \(fictional\), Pilot coordinator/ })).toBeVisible();
  await openCurrentQuarterForm(page);
  const formUrl = new URL(page.url()).pathname;
  const [, pilotId, periodId] = /\/pilots\/(\d+)\/periods\/(\d+)/.exec(formUrl)!;

  // Luca coordinates Luserna only: the fictional pilot is not in his portfolio, and its form is refused.
  await signInAs(page, "lusernaCoordinator");
  await expect(page.getByRole("link", { name: LUSERNA_PILOT })).toBeVisible();
  await expect(page.getByRole("link", { name: FICTIONAL_PILOT })).toHaveCount(0);
  await page.goto(formUrl);
  await expect(page.getByRole("alert")).toContainText("Your account does not allow this here.");
  await expect(page.getByLabel(/Result this period/)).toHaveCount(0);
  await screenshot(page, "coordinator-refused-other-pilot");

  // The API refuses the same, whatever the page shows.
  const save = await page.request.post("/api/trpc/results.savePeriod", {
    data: { periodId: Number(periodId), entries: [{ indicatorId: 1, expectedVersion: null, value: 999 }] },
  });
  expect(save.status()).toBe(403);
  const read = await page.request.get(`/api/trpc/pilots.page?input=${encodeURIComponent(JSON.stringify({ id: Number(pilotId) }))}`);
  expect(read.status()).toBe(403);
  const download = await page.request.get(`/api/exports/pilots/${pilotId}/indicator-table.csv`);
  expect(download.status()).toBe(403);

  // Signed out, nothing answers.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  expect((await page.request.get("/api/trpc/portfolio.summary")).status()).toBe(401);
});

test("an administrator creates a user, gives a role in one pilot, and deactivates the account", async ({ page }) => {
  await signInAs(page, "administrator");
  await page.getByRole("link", { name: "Users" }).click();
  await page.getByLabel("Name").fill("Nora Partner");
  await page.getByLabel("Email address").fill("nora.partner@example.org");
  await page.getByRole("button", { name: "Create user" }).click();
  const shown = page.getByRole("status").filter({ hasText: "Password for nora.partner@example.org" });
  await expect(shown).toBeVisible();
  const password = (await shown.locator("code").textContent())!;
  expect(password).toMatch(/^[\w]{5}(-[\w]{5}){3}$/);

  const row = page.locator("tr", { has: page.getByRole("rowheader", { name: /Nora Partner/ }) });
  await row.getByLabel("Role for Nora Partner", { exact: true }).selectOption("pilot_coordinator");
  await row.getByLabel("Where Nora Partner holds the role").selectOption({ label: `Pilot: ${LUSERNA_PILOT}` });
  await row.getByRole("button", { name: "Add" }).click();
  await expect(row).toContainText(`Pilot coordinator · ${LUSERNA_PILOT}`);
  await screenshot(page, "admin-users");

  // Nora signs in with the password she was given: she chooses her own first, then sees only her pilot.
  await page.context().clearCookies();
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill("nora.partner@example.org");
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Choose your own password" })).toBeVisible();
  await expect(page.getByRole("link", { name: LUSERNA_PILOT })).toHaveCount(0);
  await page.getByLabel("Current password").fill(password);
  await page.getByLabel("New password").fill("nora-own-password");
  await screenshot(page, "must-change-password");
  await page.getByRole("button", { name: "Change password" }).click();
  // The rest of the app opens where she was, the portfolio.
  await expect(page.getByRole("link", { name: LUSERNA_PILOT })).toBeVisible();
  await expect(page.getByRole("link", { name: FICTIONAL_PILOT })).toHaveCount(0);

  await signInAs(page, "administrator");
  await page.getByRole("link", { name: "Users" }).click();
  await page
    .locator("tr", { has: page.getByRole("rowheader", { name: /Nora Partner/ }) })
    .getByRole("button", { name: "Deactivate" })
    .click();
  await expect(page.locator("tr", { has: page.getByRole("rowheader", { name: /Nora Partner/ }) })).toContainText("Deactivated");

  await page.context().clearCookies();
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill("nora.partner@example.org");
  await page.getByLabel("Password").fill("nora-own-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert")).toHaveText("The email address or the password is not right.");
});
