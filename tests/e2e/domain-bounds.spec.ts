import { expect, test } from "./fixtures";
import { signInAs } from "./helpers";

// Issue 15: the set-up forms hold the same bounds as the server and the import (docs/decisions/014), next to the field.
test("the project and pilot forms refuse dates outside the domain and names with hidden characters, next to the field", async ({ page }) => {
  await signInAs(page, "administrator");
  await page.goto("/projects");
  await page.getByRole("button", { name: "New project" }).click();
  await page.getByLabel("Name").fill("Bounded\u202Eproject");
  await page.getByLabel("Start").fill("0100-01-01");
  await page.getByLabel("End").fill("2030-12-31");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page.getByText("Use a date between 1990-01-01 and 2100-12-31.")).toBeVisible();
  await expect(page.getByText(/Remove the text-direction controls/)).toBeVisible();
  await page.getByLabel("Name").fill("Bounded project");
  await page.getByLabel("Start").fill("2010-01-01");
  await page.getByRole("button", { name: "Create project" }).click();
  await page.getByRole("link", { name: "Bounded project" }).click();

  await page.getByRole("button", { name: "New pilot" }).click();
  await page.getByLabel("Title").fill("Long pilot");
  await page.getByLabel("Start").fill("2010-01-01");
  await page.getByLabel("End").fill("2025-01-01");
  await page.getByLabel("Reporting frequency").selectOption("monthly");
  await page.getByRole("button", { name: "Create pilot" }).click();
  await expect(page.getByText("A pilot lasts at most 15 years.")).toBeVisible();
  await page.getByLabel("End").fill("2024-12-31");
  await page.getByRole("button", { name: "Create pilot" }).click();
  await expect(page.getByRole("heading", { name: "Set up: Long pilot" })).toBeVisible();
});
