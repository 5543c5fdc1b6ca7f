import { expect, test } from "./fixtures";
import { FICTIONAL_PILOT, screenshot, signInAs } from "./helpers";
import { signInAnyLanguage } from "./signInAnyLanguage";

const header = "Code,Indicator,Period,Value,Respondents,Numerator,Denominator,Comment";

test("a coordinator uploads a spreadsheet, sees a problem by row and column, fixes it, imports, and sees the result", async ({ page }) => {
  await signInAs(page, "coordinator");
  await page.goto("/");
  await page.getByRole("link", { name: FICTIONAL_PILOT }).click();
  await page.getByRole("link", { name: "Import from a spreadsheet" }).click();
  await expect(page.getByRole("heading", { name: `Import into ${FICTIONAL_PILOT}` })).toBeVisible();
  await expect(page.getByRole("link", { name: "Results template (XLSX)" })).toHaveAttribute("href", /\/api\/imports\/templates\/pilots\/\d+\/results\.xlsx\?lang=en$/);

  // The template downloads, with the pilot's indicators filled in.
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Results template (CSV)" }).click();
  const template = await downloadPromise;
  const templateText = await (await template.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
  expect(templateText).toContain("Hours of language courses delivered");

  // Imported results are the signed-in person's: the page asks for no name.
  await expect(page.getByLabel("Your name")).toHaveCount(0);
  const broken = [header, "LANG-H,,5,60.5,,,,", "PPL-INF,,5,eight,,,,"].join("\n");
  await page.getByLabel("File (.xlsx or .csv)").setInputFiles({ name: "quarter-5.csv", mimeType: "text/csv", buffer: Buffer.from(broken) });
  await page.getByRole("button", { name: "Upload and preview" }).click();

  const problems = page.getByRole("table", { name: /1 problem/ });
  await expect(problems).toBeVisible();
  const problemRow = problems.getByRole("row").nth(1);
  await expect(problemRow).toContainText("Results");
  await expect(problemRow.getByRole("cell").nth(1)).toHaveText("3");
  await expect(problemRow.getByRole("cell").nth(2)).toHaveText("Value");
  await expect(problemRow).toContainText('"eight" is not a number.');
  await expect(page.getByRole("button", { name: /^Import \d+ rows?$/ })).toBeDisabled();
  await screenshot(page, "import-preview-with-problem");

  await page.getByRole("button", { name: "Upload another file" }).click();
  // A file that names somebody else as the author: the column is ignored, and the preview says so.
  const fixed = [`${header},Entered by`, "LANG-H,,5,60.5,,,,,Somebody Else", "PPL-INF,,5,130,,,,,Somebody Else"].join("\n");
  await page.getByLabel("File (.xlsx or .csv)").setInputFiles({ name: "quarter-5.csv", mimeType: "text/csv", buffer: Buffer.from(fixed) });
  await page.getByRole("button", { name: "Upload and preview" }).click();
  const changes = page.getByRole("table", { name: /Rows that will be created or changed/ });
  await expect(changes).toContainText("Hours of language courses delivered › period 5");
  await expect(changes).toContainText("60.5");
  await expect(page.getByRole("note")).toHaveText('The "Entered by" column is ignored: imported results are recorded as entered by you, the person signed in.');
  await screenshot(page, "import-preview-ready");
  await page.getByRole("button", { name: "Import 2 rows" }).click();
  await expect(page.getByText(/Imported: results: 2 new, 0 changed, 0 unchanged/)).toBeVisible();
  await screenshot(page, "import-done");

  await page.getByRole("link", { name: "Open the pilot page" }).click();
  await expect(page.getByRole("heading", { name: FICTIONAL_PILOT })).toBeVisible();
  const hours = page.locator("tr", { has: page.getByRole("rowheader", { name: /^Hours of language courses delivered/ }) });
  await expect(hours).toContainText("310.5 hours");
  const informed = page.locator("tr", { has: page.getByRole("rowheader", { name: /^Number of people informed about the pilot action/ }) });
  await expect(informed).toContainText("630 people");
});

test("an administrator downloads a project's data workbook and imports it back: nothing changes", async ({ page }) => {
  // Project data can create projects and pilots: an administrator's import.
  await signInAs(page, "administrator");
  await page.goto("/projects");
  await page.getByRole("link", { name: "Rural Welcome Network (fictional demo)" }).click();
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Project data (XLSX, for import)" }).click();
  const download = await downloadPromise;
  const workbook = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks));

  await page.goto("/projects");
  await page.getByRole("link", { name: "Import project data" }).click();
  await expect(page.getByRole("heading", { name: "Import project data" })).toBeVisible();
  await page
    .getByLabel("File (.xlsx or .csv)")
    .setInputFiles({ name: "project-data.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: workbook });
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page.getByText("Nothing to import: every row matches what is stored.")).toBeVisible();
  await expect(page.getByText(/projects: 0 new, 0 changed, 1 unchanged; pilots: 0 new, 0 changed, 1 unchanged/)).toBeVisible();
  await screenshot(page, "import-project-data-unchanged");
});

test.describe("in Italian", () => {
  test.use({ locale: "it-IT" });

  test("the preview, its problems and its values are in Italian, and the layout holds at 360 px", async ({ page }) => {
    await signInAnyLanguage(page, "coordinator");
    await page.goto("/");
    await page.getByRole("link", { name: FICTIONAL_PILOT }).click();
    await page.waitForURL(/\/pilots\/\d+$/);
    await page.goto(`${page.url()}/import`);
    await expect(page.getByRole("heading", { name: `Importa in ${FICTIONAL_PILOT}` })).toBeVisible();
    await expect(page.getByRole("link", { name: "Modello dei risultati (XLSX)" })).toHaveAttribute("href", /results\.xlsx\?lang=it$/);
    // As a spreadsheet program in Italy saves it: semicolons and decimal commas.
    const file = ["Code;Indicator;Period;Value", "LANG-H;;5;61,5", "NOPE;;5;3"].join("\n");
    await page.getByLabel("File (.xlsx o .csv)").setInputFiles({ name: "trimestre-5.csv", mimeType: "text/csv", buffer: Buffer.from(file) });
    await page.getByRole("button", { name: "Carica e visualizza l'anteprima" }).click();
    const problems = page.getByRole("table", { name: /1 problema/ });
    await expect(problems).toContainText('Indicatore sconosciuto "NOPE"');
    await expect(page.getByRole("button", { name: "Importa 1 riga" })).toBeDisabled();
    await expect(page.getByText("Non si può importare nulla finché il problema non è corretto nel file.", { exact: false })).toBeVisible();
    const changes = page.getByRole("table", { name: /Righe che saranno create o modificate/ });
    await expect(changes).toContainText("Hours of language courses delivered › periodo 5");
    await expect(changes).toContainText("61,5");
    // New, or changed when the first test of this file has already imported period 5.
    await expect(changes.getByRole("cell", { name: /^(Nuova|Modificata)$/ })).toBeVisible();
    await screenshot(page, "import-preview-it");
    await page.setViewportSize({ width: 360, height: 800 });
    await screenshot(page, "import-preview-it-360");
    // Nothing wider than the screen but the tables, which scroll in their own box.
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll("main *")].filter((e) => e.getBoundingClientRect().right > 361 && !e.closest(".table-scroll")).map((e) => `${e.tagName}.${e.className}`),
    );
    expect(wide).toEqual([]);
  });
});
