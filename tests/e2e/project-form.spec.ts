import { expect, test } from "./fixtures";
import { signInAs } from "./helpers";

test("the project form asks before unsaved changes are left behind, and confirms a save", async ({ page }) => {
  await signInAs(page, "administrator");
  await page.goto("/projects");
  await page.getByRole("link", { name: "Arrival Regions" }).click();
  await page.getByRole("button", { name: "Edit project" }).click();
  const programme = page.getByLabel("Programme", { exact: true });
  const original = await programme.inputValue();
  await programme.fill(`${original} (draft)`);

  // Following a link with a changed field asks first; staying keeps the form with the change.
  await page.getByRole("link", { name: "Projects", exact: true }).first().click();
  const question = page.getByRole("dialog", { name: "Leave without saving?" });
  await expect(question).toBeVisible();
  await question.getByRole("button", { name: "Stay on this page" }).click();
  await expect(question).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Edit project" })).toBeVisible();
  await expect(programme).toHaveValue(`${original} (draft)`);

  // Saving (the original text back) confirms it, and leaving then asks nothing.
  await programme.fill(original);
  await page.getByRole("button", { name: "Save project" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Project saved." })).toBeVisible();
  await page.getByRole("link", { name: "Projects", exact: true }).first().click();
  await expect(page.getByRole("heading", { name: "Projects", level: 1 })).toBeVisible();
  await expect(page.getByRole("dialog")).toHaveCount(0);
});
