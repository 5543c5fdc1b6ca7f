import JSZip from "jszip";
import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures";
import { LUSERNA_PILOT, screenshot, signInAs } from "./helpers";

test("a coordinator writes the Luserna final report in the app, downloads it as DOCX and prints it", async ({ page }) => {
  await signInAs(page, "lusernaCoordinator");
  await page.goto("/");
  await page.getByRole("link", { name: LUSERNA_PILOT }).click();
  await page.getByRole("link", { name: "Final report" }).click();
  await expect(page.getByRole("heading", { name: "Pilot final report" })).toBeVisible();

  // The real report is there out of the box; add a sentence to section 4 and watch it save itself.
  const section = page.getByRole("textbox", { name: "4. Future development of the pilot action in your region" });
  await expect(section).toContainText("handover from the project to the offices");
  await section.click();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.press("Enter");
  await page.keyboard.press("ControlOrMeta+b");
  await page.keyboard.type("The Pellice Valley union of municipalities will fund the helpdesk in 2022.");
  await expect(
    page
      .getByRole("status")
      .filter({ hasText: /Saved at/ })
      .first(),
  ).toBeVisible();
  await page.reload();
  await expect(page.getByRole("textbox", { name: "4. Future development of the pilot action in your region" }).locator("strong")).toHaveText(
    "The Pellice Valley union of municipalities will fund the helpdesk in 2022.",
  );

  // The indicator tables come from the live data.
  await expect(
    page
      .getByRole("table", { name: "4a. Quantitative indicators" })
      .getByRole("row", { name: /Number of tutoring hours for migrants/ })
      .and(page.locator("tr:not(.chart-row)")),
  ).toContainText("225 hours");
  await expect(
    page
      .getByRole("table", { name: "4b. Qualitative indicators" })
      .getByRole("row", { name: /Level of stakeholders/ })
      .and(page.locator("tr:not(.chart-row)")),
  ).toContainText("65.22%");

  // A fifth communication activity.
  await page.getByRole("button", { name: "Add a communication activity" }).click();
  await page.getByLabel("Title").fill("Radio interview on the CASA helpdesk");
  await page.getByLabel("Date").fill("2021-08-20");
  await page.getByLabel("Kind of outlet").selectOption("radio");
  await page.getByLabel("Newspaper, radio, TV or page").fill("Radio Beckwith Evangelica");
  await page.getByRole("button", { name: "Add to the log" }).click();
  const log = page.getByRole("table", { name: "4e. Communication activities" });
  await expect(log.getByRole("row")).toHaveCount(6);
  await expect(log.getByRole("row", { name: /Radio interview/ })).toContainText("Radio Beckwith Evangelica");
  // The evidence annex closes the page; the demo pilot has none attached.
  await expect(page.getByRole("heading", { name: "Annex: evidence" })).toBeVisible();
  await expect(page.getByText("No evidence attached.")).toBeVisible();
  await screenshot(page, "final-report");

  // The DOCX holds the sentence, both indicator tables and all five entries.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download DOCX" }).click();
  const download = await downloading;
  const zip = await JSZip.loadAsync(readFileSync((await download.path())!));
  const xml = await zip.file("word/document.xml")!.async("string");
  expect(xml).toContain("The Pellice Valley union of municipalities will fund the helpdesk in 2022.");
  expect(xml.match(/<w:tbl>/g)).toHaveLength(3);
  for (const text of ["405 hours", "225 hours", "8.6", "65.22%", "Arrival Regions si presenta", "Radio interview on the CASA helpdesk"]) expect(xml).toContain(text);

  // The print view has no navigation and repeats table headers when printed.
  await page.getByRole("link", { name: "Print view" }).click();
  await expect(page.getByRole("heading", { name: /Pilot final report: HOME/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Annex: evidence" })).toBeVisible();
  await expect(page.getByRole("navigation")).toHaveCount(0);
  await page.emulateMedia({ media: "print" });
  expect(
    await page
      .locator(".report-table thead")
      .first()
      .evaluate((el) => getComputedStyle(el).display),
  ).toBe("table-header-group");
  await screenshot(page, "final-report-print");
});
