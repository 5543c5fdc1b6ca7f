import type { Page } from "@playwright/test";
import { readFileSync, writeFileSync } from "node:fs";
import { pdfFile } from "../support/evidenceFiles";
import { expect, test } from "./fixtures";
import { FICTIONAL_PILOT, screenshot, signInAs } from "./helpers";

const HOURS = "Hours of language courses delivered";
const VOLUNTEERS = "Volunteers trained as welcome buddies";
const COMPLAINTS = "Complaints about the service";

async function openQuarter4(page: Page, verb: string) {
  await page.goto("/");
  await page.getByRole("link", { name: FICTIONAL_PILOT }).click();
  await page.getByRole("link", { name: new RegExp(`^${verb} results for Quarter 4`) }).click();
  await page.getByRole("heading", { name: /Results for Quarter 4/ }).waitFor();
}

async function openReview(page: Page) {
  await page.getByRole("link", { name: "Reviews", exact: true }).click();
  await page.getByRole("link", { name: /^Review \[Fictional\] Valley Welcome Desk, Quarter 4/ }).click();
  await expect(page.locator(".review-panel")).toContainText("Submitted for review");
}

async function fillMeansOfVerification(page: Page, indicator: string, means: string) {
  const sheet = page.locator("details.reference-sheet", { has: page.getByText(`Reference sheet of ${indicator}`) });
  await sheet.locator("summary").click();
  await sheet.getByLabel("Means of verification (evidence expected)").fill(means);
  await sheet.getByRole("button", { name: "Save reference sheet" }).click();
  await expect(sheet.getByRole("status")).toContainText("Reference sheet saved.");
}

const block = (page: Page, indicator: string) => page.locator(".evidence-block", { has: page.getByRole("heading", { name: new RegExp(`^${indicator}`) }) });

test("a manager asks for evidence, a coordinator attaches a PDF and a link and is warned of the missing one, the manager checks it and approves, the evaluator downloads the same bytes and finds it in the final report, another pilot's coordinator is refused", async ({
  page,
}, testInfo) => {
  // Five people in turn, each signing in: longer than one journey's default on a loaded machine.
  test.setTimeout(180_000);
  // The manager writes the means of verification of three indicators, and returns the submitted quarter.
  await signInAs(page, "manager");
  await page.getByRole("link", { name: FICTIONAL_PILOT }).click();
  await page.getByRole("link", { name: "Set up pilot and indicators" }).click();
  await fillMeansOfVerification(page, HOURS, "Signed attendance sheets");
  await fillMeansOfVerification(page, VOLUNTEERS, "Link to the training register");
  await fillMeansOfVerification(page, COMPLAINTS, "Complaint log");
  await screenshot(page, "evidence-reference-sheet");
  await openReview(page);
  await page.getByLabel(/Comment for the coordinator/).fill("Please attach the evidence.");
  await page.getByRole("button", { name: "Return for correction" }).click();
  await expect(page.locator(".review-panel")).toContainText("Returned for correction");

  // The coordinator sees what is expected beside the inputs, attaches a real PDF and a link.
  await signInAs(page, "coordinator");
  await openQuarter4(page, "Edit");
  await expect(page.locator(".indicator-fieldset", { hasText: HOURS }).locator(".means-of-verification")).toContainText("Signed attendance sheets");
  const pdfPath = testInfo.outputPath("attendance-march.pdf");
  const pdf = pdfFile("Attendance, March: 15 hours");
  writeFileSync(pdfPath, pdf);
  await block(page, HOURS).getByLabel("File", { exact: true }).setInputFiles(pdfPath);
  await block(page, HOURS).getByLabel("Description").first().fill("Attendance sheets, March");
  await block(page, HOURS).getByRole("button", { name: "Attach file" }).click();
  await expect(block(page, HOURS).getByRole("link", { name: "attendance-march.pdf" })).toBeVisible();
  await expect(block(page, HOURS)).toContainText("evidence attached");
  // A wrong link is said next to its field; a right one is attached.
  await block(page, VOLUNTEERS).getByLabel("Link (https://…)").fill("training register");
  await block(page, VOLUNTEERS).getByRole("button", { name: "Add link" }).click();
  await expect(block(page, VOLUNTEERS).getByLabel("Link (https://…)")).toHaveAttribute("aria-invalid", "true");
  await expect(
    block(page, VOLUNTEERS)
      .getByRole("form", { name: /^Add a link to/ })
      .locator(".field-error")
      .first(),
  ).not.toBeEmpty();
  await block(page, VOLUNTEERS).getByLabel("Link (https://…)").fill("https://drive.example.org/training-register");
  await block(page, VOLUNTEERS).getByRole("button", { name: "Add link" }).click();
  await expect(block(page, VOLUNTEERS).getByRole("link", { name: "https://drive.example.org/training-register" })).toBeVisible();
  // Before submitting, the panel says which evidence is still missing.
  await expect(page.locator(".evidence-warning")).toContainText("Evidence is missing for 1 indicator:");
  await expect(page.locator(".evidence-warning")).toContainText(COMPLAINTS);
  await screenshot(page, "evidence-period-form");
  await page.getByRole("button", { name: "Submit for review" }).click();
  await page.getByRole("button", { name: "Submit incomplete report" }).click();
  await expect(page.locator(".review-panel")).toContainText("Submitted for review");

  // The manager sees what is attached, is asked to tick it, ticks and approves.
  await signInAs(page, "manager");
  await openReview(page);
  const check = page.locator(".evidence-check");
  await expect(check.getByRole("link", { name: "attendance-march.pdf" })).toBeVisible();
  await expect(check).toContainText("evidence missing");
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.locator(".review-panel [role=alert]")).toContainText('Tick "evidence checked"');
  await check.getByLabel(`Evidence checked: ${HOURS}`).check();
  await check.getByLabel(`Evidence checked: ${VOLUNTEERS}`).check();
  await check.getByLabel("Or approve with a note that evidence is pending").fill("The complaint log comes with the next quarter.");
  await screenshot(page, "evidence-review-check");
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.locator(".review-panel")).toContainText("Approved (locked)");
  await expect(page.locator(".review-panel")).toContainText("Evidence pending: The complaint log comes with the next quarter.");

  // The evaluator downloads the file: the same bytes, as an attachment; the pilot page counts it.
  await signInAs(page, "evaluator");
  await openQuarter4(page, "View");
  const link = block(page, HOURS).getByRole("link", { name: "attendance-march.pdf" });
  const href = (await link.getAttribute("href"))!;
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  expect(download.suggestedFilename()).toBe("attendance-march.pdf");
  expect(readFileSync((await download.path())!)).toEqual(pdf);
  await page.getByRole("link", { name: FICTIONAL_PILOT }).first().click();
  await expect(page.locator(".evidence-counts")).toContainText(/2 of \d+ results have evidence; \d+ expect evidence and have none\./);
  await expect(page.locator(".evidence-counts")).toContainText("1 period was approved with evidence pending.");
  // Each indicator's reference sheet is folded under its name, with its evidence by reported period.
  const hoursRow = page.locator(`tr[data-indicator="${HOURS}"]`);
  await expect(hoursRow.locator(".evidence-line")).toContainText("evidence for 1 reported period");
  await expect(hoursRow.locator(".reference-sheet-view dl")).toBeHidden();
  await hoursRow.locator(".reference-sheet-view summary").click();
  await expect(hoursRow.locator(".reference-sheet-view")).toContainText("Means of verification (evidence expected)Signed attendance sheets");
  await hoursRow.scrollIntoViewIfNeeded();
  await screenshot(page, "evidence-pilot-reference-sheet");
  // The final report lists the file in its evidence annex, with who checked it.
  await page.getByRole("link", { name: "Final report", exact: true }).click();
  const annex = page.locator("table.evidence-annex");
  await expect(annex.getByRole("row", { name: /attendance-march\.pdf/ })).toContainText(HOURS);
  await expect(annex.getByRole("row", { name: /attendance-march\.pdf/ })).toContainText("Paolo Conti");
  // Before the evidence, the annex shows the reference sheet the manager filled, under its indicator.
  const annexSheet = page.getByRole("region", { name: HOURS, exact: true });
  await expect(annexSheet).toContainText("Means of verification (evidence expected)Signed attendance sheets");
  await page.locator("section", { has: page.locator("#evidence-annex-heading") }).screenshot({ path: "test-results/screenshots/evidence-final-report-annex.png" });
  // The print view shows the same annex, sheet and file; the PDF is kept to look at.
  await page.getByRole("link", { name: "Print view" }).click();
  await expect(page.getByRole("region", { name: HOURS, exact: true })).toContainText("Means of verification (evidence expected)Signed attendance sheets");
  await expect(page.locator("table.evidence-annex")).toContainText("attendance-march.pdf");
  await page.emulateMedia({ media: "print" });
  await page.pdf({ path: "test-results/screenshots/evidence-final-report-print.pdf" });
  await page.emulateMedia({ media: "screen" });
  await page.goBack();
  // Needs attention shows the evidence still missing and the approval with evidence pending.
  await page.getByRole("link", { name: "Needs attention", exact: true }).click();
  const gaps = page.locator("section", { has: page.locator("#evidence-gaps-heading") });
  await expect(gaps.locator(`[data-indicator="${COMPLAINTS}"]`)).toContainText("Complaint log");
  await expect(gaps.locator(".evidence-pending")).toContainText("Evidence pending: The complaint log comes with the next quarter.");

  // Luserna's coordinator gets a refusal for the same download address.
  await signInAs(page, "lusernaCoordinator");
  const refused = await page.request.get(href);
  expect(refused.status()).toBe(403);
});
