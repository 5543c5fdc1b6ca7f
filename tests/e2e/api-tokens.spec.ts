import { expect, test } from "./fixtures";
import { FICTIONAL_PILOT, screenshot, signInAs } from "./helpers";

test("a coordinator makes an API token on the account page, a program reads with it, and it stops working once revoked", async ({ page }) => {
  await signInAs(page, "coordinator");
  await page.goto("/account");
  const tokens = page.getByRole("region", { name: "API tokens" });
  await expect(tokens.getByText("No tokens yet.")).toBeVisible();

  // A name is required, said next to the field.
  await tokens.getByRole("button", { name: "Create token" }).click();
  await expect(page.locator("#token-name-error")).toHaveText("This is required.");

  await tokens.getByLabel("Token name").fill("KoboToolbox sync");
  await tokens.getByLabel("Read and enter results (as drafts)").check();
  await tokens.getByLabel("Expires after").selectOption({ label: "30 days" });
  await tokens.getByRole("button", { name: "Create token" }).click();
  const shown = tokens.getByRole("status").filter({ hasText: "Your new token “KoboToolbox sync”" });
  await expect(shown).toContainText("it is shown only this once");
  const secret = (await shown.getByTestId("new-token").textContent())!;
  expect(secret).toMatch(/^pm_[\w-]{43}$/);
  const row = tokens.locator("tr", { has: page.getByRole("rowheader", { name: /KoboToolbox sync/ }) });
  await expect(row).toContainText("Read and enter results (as drafts)");
  await expect(row).toContainText("never");
  await screenshot(page, "account-api-token");

  // A program reads the pilots with the token. /api/v1 takes the token only: the browser's session
  // cookie, sent along here too, opens nothing without it.
  const pilots = await page.request.get("/api/v1/pilots", { headers: { authorization: `Bearer ${secret}` } });
  expect(pilots.status()).toBe(200);
  expect(((await pilots.json()) as { items: { title: string }[] }).items.map((p) => p.title)).toEqual([FICTIONAL_PILOT]);
  expect((await page.request.get("/api/v1/pilots")).status()).toBe(401);

  // The reference page describes the API and its bearer scheme.
  await page.goto("/api/v1/docs");
  await expect(page.getByRole("heading", { name: /Pilot Monitor API/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "PUT /api/v1/periods/{periodId}/results" })).toBeVisible();
  await screenshot(page, "api-reference");

  // Revoked: the secret no longer works, and the list says so.
  await page.goto("/account");
  await row.getByRole("button", { name: "Revoke the token “KoboToolbox sync”" }).click();
  await expect(tokens.getByRole("status").filter({ hasText: "was revoked" })).toBeVisible();
  await expect(row).toContainText("Revoked on");
  await expect(tokens.getByText(secret)).toHaveCount(0);
  expect((await page.request.get("/api/v1/pilots", { headers: { authorization: `Bearer ${secret}` } })).status()).toBe(401);
});
