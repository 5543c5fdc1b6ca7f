import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { FICTIONAL_PILOT, screenshot, signInAs } from "./helpers";

const HOURS = "Hours of language courses delivered";

async function openQuarter4(page: Page, verb: string) {
  await page.goto("/");
  await page.getByRole("link", { name: FICTIONAL_PILOT }).click();
  await page.getByRole("link", { name: new RegExp(`^${verb} results for Quarter 4`) }).click();
  await page.getByRole("heading", { name: /Results for Quarter 4/ }).waitFor();
}

test("the manager returns a report, the coordinator corrects and resubmits, the manager approves, the period locks, and the history shows both values", async ({ page }) => {
  // The demo data leaves the fictional pilot's fourth quarter submitted: it is in the manager's queue.
  await signInAs(page, "manager");
  await page.getByRole("link", { name: "Reviews", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Reports to review" })).toBeVisible();
  await screenshot(page, "review-queue");
  await page.getByRole("link", { name: /^Review \[Fictional\] Valley Welcome Desk, Quarter 4/ }).click();
  await expect(page.locator(".review-panel")).toContainText("Submitted for review");
  // A manager reads the results but does not enter them.
  await expect(page.getByLabel(`${HOURS}: Result this period (hours)`)).toBeDisabled();
  await page.getByRole("button", { name: "Return for correction" }).click();
  await expect(page.getByRole("alert")).toContainText("Say what must be corrected.");
  await page.getByLabel(/Comment for the coordinator/).fill("15 hours looks low for Quarter 4: please check the December register.");
  await page.getByRole("button", { name: "Return for correction" }).click();
  await expect(page.locator(".review-panel")).toContainText("Returned for correction");

  // The coordinator sees the state on the pilot page, corrects the value and resubmits.
  await signInAs(page, "coordinator");
  await page.getByRole("link", { name: FICTIONAL_PILOT }).click();
  await expect(page.locator("tr", { has: page.getByRole("rowheader", { name: /^Quarter 4/ }) })).toContainText("Returned for correction");
  await screenshot(page, "pilot-review-states");
  await openQuarter4(page, "Edit");
  await expect(page.locator(".review-panel")).toContainText("15 hours looks low for Quarter 4");
  await page.getByLabel(`${HOURS}: Result this period (hours)`).fill("19");
  await page.getByRole("button", { name: "Save results" }).click();
  await expect(page.getByRole("status").filter({ hasText: /Saved \d+ results?/ })).toBeVisible();
  // The demo's fourth quarter lacks one indicator: submitting asks first, naming it.
  await page.getByRole("button", { name: "Submit for review" }).click();
  await expect(page.getByRole("alertdialog")).toContainText(/\d+ indicators? (has|have) no result for this period:/);
  await expect(page.getByRole("alertdialog")).toContainText("Employers contacted about internships");
  await page.getByRole("button", { name: "Submit incomplete report" }).click();
  await expect(page.locator(".review-panel")).toContainText("Submitted for review");
  await expect(page.getByLabel(`${HOURS}: Result this period (hours)`)).toBeDisabled();

  // The manager approves: the period is locked.
  await signInAs(page, "manager");
  await page.getByRole("link", { name: "Reviews", exact: true }).click();
  await page.getByRole("link", { name: /^Review \[Fictional\] Valley Welcome Desk, Quarter 4/ }).click();
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.locator(".review-panel")).toContainText("Approved (locked)");
  await expect(page.getByRole("button", { name: "Reopen" })).toBeVisible();
  await screenshot(page, "period-approved");
  // The manager asks about the corrected value in the result's thread.
  await page.getByRole("link", { name: `History and comments: ${HOURS}` }).click();
  await page.getByLabel("Add a comment").fill("Thanks. Where did the four extra hours come from?");
  await page.getByRole("button", { name: "Post comment" }).click();
  await expect(page.locator(".thread")).toContainText("Where did the four extra hours come from?");

  // The coordinator can no longer change it, neither in the form nor through the API.
  await signInAs(page, "coordinator");
  await openQuarter4(page, "View");
  await expect(page.getByLabel(`${HOURS}: Result this period (hours)`)).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save results" })).toHaveCount(0);
  const periodId = Number(/\/periods\/(\d+)/.exec(page.url())![1]);
  const refused = await page.request.post("/api/trpc/results.savePeriod", { data: { periodId, entries: [{ indicatorId: 1, expectedVersion: 2, value: 70 }] } });
  expect(refused.status()).toBe(412);
  expect(await refused.text()).toContain("approved and locked");

  // The history shows both values, and the thread carries the manager's question and the reply.
  await page.getByRole("link", { name: `History and comments: ${HOURS}` }).click();
  await expect(page.getByRole("heading", { name: `${HOURS}: Quarter 4`, exact: false })).toBeVisible();
  await expect(page.locator(".audit-table")).toContainText("value: 15 → 19");
  await expect(page.locator(".audit-table")).toContainText("Maria Rossi (fictional)");
  await page.getByLabel("Add a comment").fill("The December register had two courses missing; 19 is right.");
  await page.getByRole("button", { name: "Post comment" }).click();
  // The thread: the coordinator's explanation, the manager's question, the reply, in that order.
  const thread = page.locator(".thread > li");
  await expect(thread).toHaveCount(3);
  await expect(thread.nth(1)).toContainText("Where did the four extra hours come from?");
  await expect(thread.nth(1)).toContainText("Paolo Conti (demo project manager)");
  await expect(thread.nth(2)).toContainText("The December register had two courses missing; 19 is right.");
  await expect(thread.nth(2)).toContainText("Maria Rossi (fictional)");
  await screenshot(page, "result-history");
});
