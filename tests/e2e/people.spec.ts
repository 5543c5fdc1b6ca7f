import { expectNoAxeViolations } from "./axe";
import { expect, test } from "./fixtures";
import { FICTIONAL_PILOT, screenshot, signInAs } from "./helpers";

test("a manager invites a coordinator, who sets a password from the link and finds what is theirs to do", async ({ page }) => {
  // Without SMTP_URL (as here) the manager is shown the link to pass on.
  await signInAs(page, "manager");
  await page.getByRole("link", { name: FICTIONAL_PILOT }).click();
  await page.waitForURL(/\/pilots\/\d+$/);
  await page.goto(`${new URL(page.url()).pathname}/setup`);
  const people = page.getByRole("region", { name: "People of this pilot" });
  await people.getByRole("button", { name: "Invite" }).click();
  await expect(people.locator("#invite-email-error")).not.toBeEmpty();
  await people.getByLabel("Name").fill("Giulia Neri");
  await people.getByLabel("Email").fill("giulia.neri@example.org");
  await people.getByLabel("Role").selectOption({ label: "Pilot coordinator" });
  await people.getByRole("button", { name: "Invite" }).click();
  await expect(people.getByRole("status")).toContainText("pass this link on to Giulia Neri");
  const link = (await people.locator(".invitation-link").textContent()) ?? "";
  expect(link).toMatch(/\/invitation\/[\w-]{40,}$/);
  await expect(people).toContainText("Giulia Neri (giulia.neri@example.org), Pilot coordinator");
  await screenshot(page, "people-invite");

  // The manager's own to-do: the submitted fourth quarter, with how long it has waited. They return it.
  await page.getByRole("link", { name: /^To do \(\d+\)$/ }).click();
  const reviews = page.getByRole("region", { name: "Reports awaiting your review" });
  await expect(reviews).toContainText(FICTIONAL_PILOT);
  await expect(reviews).toContainText(/Quarter 4 .*: waiting for \d+ days?/);
  // And the indicator likely to miss its goal, with the pace still needed, one click from its pilot.
  const warnings = page.getByRole("region", { name: "Indicators likely to miss their goal" });
  await expect(warnings).toContainText("Hours of language courses delivered: likely to miss:");
  await expect(warnings).toContainText(/Needs [\d,.]+ hours a quarter to reach the goal/);
  await expect(warnings.getByRole("link", { name: "Open the pilot" }).first()).toHaveAttribute("href", /\/pilots\/\d+$/);
  await screenshot(page, "people-todo-manager");
  await expectNoAxeViolations(page, "the manager's to-do page");
  await reviews.getByRole("link", { name: "Open" }).click();
  await page.getByLabel(/Comment for the coordinator/).fill("Please add the October register.");
  await page.getByRole("button", { name: "Return for correction" }).click();
  await expect(page.locator(".review-panel")).toContainText("Returned for correction");

  // Giulia opens the link in a browser where nobody is signed in, chooses a password and is signed in.
  await page.context().clearCookies();
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Welcome to Pilot Monitor" })).toBeVisible();
  await expect(page.getByText(/Giulia Neri, you are invited as Pilot coordinator of “\[Fictional\] Valley Welcome Desk”/)).toBeVisible();
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page.locator("#invitation-password-error")).not.toBeEmpty();
  await screenshot(page, "people-accept");
  await expectNoAxeViolations(page, "the invitation page with an error");
  await page.getByLabel("Password").fill("giulia-own-password");
  await page.getByRole("button", { name: "Set password and sign in" }).click();

  // Her to-do page: the returned fourth quarter, due soon, with the manager's comment.
  await expect(page.getByRole("heading", { name: "To do", exact: true })).toBeVisible();
  const periods = page.getByRole("region", { name: "Reports to send" });
  await expect(periods).toContainText(FICTIONAL_PILOT);
  await expect(periods).toContainText(/Quarter 4 .*: (due in \d+ days?|overdue by \d+ days?)/);
  await expect(periods).toContainText("Returned for correction: Please add the October register.");
  await expect(page.getByRole("link", { name: "To do (1)" })).toBeVisible();
  await screenshot(page, "people-todo");
  await expectNoAxeViolations(page, "the coordinator's to-do page");

  // The link worked once.
  await page.context().clearCookies();
  await page.goto(link);
  await expect(page.getByRole("alert")).toContainText("This invitation link no longer works");
});
