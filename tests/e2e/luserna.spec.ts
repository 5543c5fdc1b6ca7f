import { expect, test } from "./fixtures";
import { LUSERNA_PILOT, screenshot, signInAs } from "./helpers";

test("a manager sees the Luserna pilot's final results with its two flagged indicators", async ({ page }) => {
  await signInAs(page, "manager");
  await expect(page.getByRole("heading", { name: "Portfolio" })).toBeVisible();
  await expect(page.locator("svg.status-chart")).toBeVisible();
  await screenshot(page, "portfolio");

  await page.getByRole("link", { name: LUSERNA_PILOT }).click();
  await expect(page.getByRole("heading", { name: LUSERNA_PILOT })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Status of 11 indicators" })).toBeVisible();
  await expect(page.locator(".status-counts").first()).toContainText(/9\s*✔\s*Achieved/);

  const tutoring = page.locator("tr", { has: page.getByRole("rowheader", { name: /^Number of tutoring hours for migrants/ }) });
  await expect(tutoring).toContainText("225 hours");
  await expect(tutoring).toContainText("97.8%");
  await expect(tutoring).toContainText("At risk");
  await expect(tutoring).toContainText("Explanation missing");

  const rental = page.locator("tr", { has: page.getByRole("rowheader", { name: /^Number of migrants who are informed of a rental guarantee opportunity/ }) });
  await expect(rental).toContainText("Underperforming");
  await expect(rental).toContainText("guarantee funds");

  const involvement = page.locator("tr", { has: page.getByRole("rowheader", { name: /^Level of stakeholders' involvement/ }) });
  await expect(involvement).toContainText("65.22%");
  await expect(involvement).toContainText("Achieved");
  await screenshot(page, "pilot-luserna");

  await page.getByRole("link", { name: "Needs attention" }).click();
  await expect(page.getByRole("heading", { name: "Number of migrants who are informed of a rental guarantee opportunity" })).toBeVisible();
  await expect(page.getByText("No explanation given yet.")).toBeVisible();
  await screenshot(page, "needs-attention");
});
