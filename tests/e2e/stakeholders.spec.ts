import { expect, test } from "./fixtures";
import { LUSERNA_PILOT, screenshot, signInAs } from "./helpers";

const INVOLVEMENT = /^Level of stakeholders' involvement/;
const LEGAL_AID = "Legal aid association (illustrative)";

test("the Luserna involvement indicator is computed from its 23-stakeholder register", async ({ page }) => {
  // The administrator: the sign-in journey changes the Luserna coordinator's password earlier in the run.
  await signInAs(page, "administrator");
  await page.goto("/");
  await page.getByRole("link", { name: LUSERNA_PILOT }).click();
  const row = page.locator("tr", { has: page.getByRole("rowheader", { name: INVOLVEMENT }) });
  await expect(row).toContainText("65.22%");
  await expect(row).toContainText("15 of 23 involved and continuing");
  await row.getByText("From the stakeholder register").click();
  await expect(row).toContainText("Municipal social services (illustrative)");

  // Luserna's report is approved, so locked: it is reopened first (the register writes the period's result).
  const href = await page.getByRole("link", { name: /results for Whole pilot/ }).getAttribute("href");
  const periodId = Number(href!.split("/").pop());
  const form = await (await page.request.get(`/api/trpc/results.periodForm?input=${encodeURIComponent(JSON.stringify({ periodId }))}`)).json();
  const reopened = await page.request.post("/api/trpc/reviews.reopen", {
    data: { periodId, version: form.result.data.report.version, comment: "The register gained a stakeholder after approval." },
  });
  expect(reopened.status()).toBe(200);
  await page.getByRole("link", { name: "Stakeholders", exact: true }).first().click();
  await expect(page.getByRole("heading", { name: /^Stakeholders: HOME/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Register (23 active)" })).toBeVisible();
  const share = page.locator(".register-share");
  await expect(share).toContainText("15 of 23");
  await expect(share).toContainText("65.22%");
  await expect(page.getByText("Illustrative entry").first()).toBeVisible();
  await screenshot(page, "stakeholders-luserna");

  // Ticking a stakeholder updates the share while typing, and saving rewrites the indicator.
  await page.getByRole("checkbox", { name: `${LEGAL_AID} involved` }).check();
  await page.getByRole("checkbox", { name: `${LEGAL_AID} plans to continue` }).check();
  await expect(share).toContainText("16 of 23");
  await expect(share).toContainText("69.57%");
  await page.getByRole("button", { name: /^Save Whole pilot/ }).click();
  await expect(page.getByText("Saved: 16 of 23 stakeholders involved and continuing.")).toBeVisible();
  // Recorded under the signed-in person's name: the page asks for none.
  await expect(page.getByText(/last recorded by Ada Bianchi \(demo administrator\)/)).toBeVisible();

  await page.getByRole("link", { name: "Pilot page" }).click();
  await expect(row).toContainText("69.57%");
  await expect(row).toContainText("16 of 23 involved and continuing");

  // The period form does not let anyone type over it.
  await page.getByRole("link", { name: /^(Edit|View|Enter) results for Whole pilot/ }).click();
  await expect(page.getByText("Computed from the stakeholder register: 16 of 23 (69.57%).")).toBeVisible();

  // Put the demo back as it was.
  await page.goto(page.url().replace(/\/periods\/\d+$/, "/stakeholders"));
  await page.getByRole("checkbox", { name: `${LEGAL_AID} involved` }).uncheck();
  await expect(page.getByRole("checkbox", { name: `${LEGAL_AID} plans to continue` })).not.toBeChecked();
  await expect(share).toContainText("15 of 23");
  await page.getByRole("button", { name: /^Save Whole pilot/ }).click();
  await expect(page.getByText("Saved: 15 of 23 stakeholders involved and continuing.")).toBeVisible();
  await page.getByRole("link", { name: "Pilot page" }).click();
  await expect(row).toContainText("65.22%");
});
