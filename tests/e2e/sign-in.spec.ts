import { expect, test } from "./fixtures";
import { DEMO, screenshot } from "./helpers";

test("sign-in guessing is slowed: after five wrong passwords the account waits a growing delay, even with the right password", async ({ page }) => {
  await page.goto("/sign-in");
  const row = page.locator("tr", { has: page.getByRole("rowheader", { name: DEMO.evaluator }) });
  const email = (await row.locator("td").nth(1).textContent())!;
  const password = (await row.locator("code").textContent())!;
  const attempt = async (address: string, secret: string) => {
    await page.getByLabel("Email address").fill(address);
    await page.getByLabel("Password").fill(secret);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
  };

  // An unknown address gets exactly the same answer as a wrong password.
  await attempt("nobody@example.org", "whatever-it-is");
  await expect(page.getByRole("alert")).toHaveText("The email address or the password is not right.");
  for (let i = 1; i <= 5; i++) {
    await attempt(email, `wrong-guess-${i}`);
    await expect(page.getByRole("alert")).toHaveText("The email address or the password is not right.");
  }
  // Five were free; the next waits 30 s (then 1 min, 2 min… up to 15): a growing delay, not a fixed lock.
  await attempt(email, password);
  await expect(page.getByRole("alert")).toHaveText("Too many failed sign-ins. Wait 30 seconds before trying again.");
  await screenshot(page, "sign-in-slowed");
  const direct = await page.request.post("/api/trpc/auth.signIn", { data: { email, password } });
  expect(direct.status()).toBe(429);

  // Other accounts from the same address are not locked out by it.
  await page.getByRole("button", { name: `Use ${DEMO.manager}` }).click();
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Portfolio" })).toBeVisible();
});

test("a signed-in person sees their name and role, and changes their password", async ({ page }) => {
  await page.goto("/sign-in");
  const row = page.locator("tr", { has: page.getByRole("rowheader", { name: DEMO.lusernaCoordinator }) });
  const email = (await row.locator("td").nth(1).textContent())!;
  const password = (await row.locator("code").textContent())!;
  await row.getByRole("button").click();
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("link", { name: /Your account: Luca Ferri/ }).click();
  await expect(page.getByText(/Pilot coordinator \(HOME/)).toBeVisible();
  await page.getByLabel("Current password").fill("not-my-password");
  await page.getByLabel("New password").fill("a-new-long-password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("This is not your current password.")).toBeVisible();
  await page.getByLabel("Current password").fill(password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password was changed.")).toBeVisible();
  await screenshot(page, "account");

  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill("a-new-long-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  // A coordinator starts on their to-do page (docs/decisions/020).
  await expect(page.getByRole("heading", { name: "To do", exact: true })).toBeVisible();
});

test.describe("on a laptop screen", () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test("the demo accounts table shows every 'Use' button without scrolling sideways, in every language", async ({ page }) => {
    await page.goto("/sign-in");
    for (const language of ["en", "it", "de", "es"]) {
      await page.locator(".sign-in-top select").selectOption(language);
      await expect(page.locator("html")).toHaveAttribute("lang", language);
      const scroller = page.locator(".demo-accounts .table-scroll");
      await expect(scroller).toBeVisible();
      const { scrollWidth, clientWidth } = await scroller.evaluate((element) => ({ scrollWidth: element.scrollWidth, clientWidth: element.clientWidth }));
      expect(scrollWidth, `${language}: the table is wider than its card`).toBeLessThanOrEqual(clientWidth);
      const box = (await scroller.boundingBox())!;
      for (const button of await page.locator(".demo-accounts tbody button").all()) {
        const place = (await button.boundingBox())!;
        expect(place.x + place.width, `${language}: a "Use" button past the card's edge`).toBeLessThanOrEqual(box.x + box.width);
      }
    }
    await page.locator(".sign-in-top select").selectOption("en");
    await screenshot(page, "sign-in-1366");
  });
});
