import { expect, test } from "./fixtures";
import { signInAs } from "./helpers";

test("the project form asks before unsaved changes are left behind, and confirms a save", async ({ page }) => {
  await signInAs(page, "administrator");
  await page.goto("/projects");
  await page.getByRole("link", { name: "Arrival Regions" }).click();
  await page.getByRole("button", { name: "Edit project" }).click();
  const programme = page.getByLabel("Programme");
  const original = await programme.inputValue();
  await programme.fill(`${original} (draft)`);

  // Following a link with a changed field asks first; declining stays on the form with the change.
  const questions: string[] = [];
  page.once("dialog", (dialog) => {
    questions.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByRole("link", { name: "Projects", exact: true }).first().click();
  await expect.poll(() => questions).toEqual(["This project has changes that are not saved. Leave without saving them?"]);
  await expect(page.getByRole("heading", { name: "Edit project" })).toBeVisible();
  await expect(programme).toHaveValue(`${original} (draft)`);

  // Saving (the original text back) confirms it, and leaving then asks nothing.
  await programme.fill(original);
  await page.getByRole("button", { name: "Save project" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Project saved." })).toBeVisible();
  page.once("dialog", (dialog) => {
    questions.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByRole("link", { name: "Projects", exact: true }).first().click();
  await expect(page.getByRole("heading", { name: "Projects", level: 1 })).toBeVisible();
  expect(questions).toHaveLength(1);
});
