import { type Browser, expect, type Page, test } from "@playwright/test";
import Database from "better-sqlite3";
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { addDays } from "../../shared/dates";
import { reportDeadline } from "../../shared/todo";
import { exited, startServerProcess } from "../reliability/support/serverProcess";
import { testDay } from "../support/testDay";
import { startTestSmtp, type ReceivedMail } from "../support/testSmtp";
import { expectNoAxeViolations } from "./axe";
import { FICTIONAL_PILOT, screenshot } from "./helpers";

/*
 * Issue 18's "done means", end to end with e-mail: the real server (server/main.ts) sends over SMTP to a
 * real server on loopback, and the test reads the messages from it. Time moves the way it does for a real
 * deployment: the server is stopped and started again, on the same database, on a later day
 * (PILOT_MONITOR_TODAY is read once per start; the start's run catches up on the day's reminders).
 */

const GIULIA = { name: "Giulia Neri", email: "giulia.neri@example.org", password: "giulia-own-password" };
const MANAGER_EMAIL = "paolo.manager@demo.example";
const INVITED_PAGE_LANGUAGE = "it";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

test.describe.configure({ timeout: 240_000 });

test("a manager invites a coordinator, who is reminded by e-mail when the report is overdue, submits it, and reads the return in their language", async ({ browser }) => {
  const smtp = await startTestSmtp();
  const root = process.env.E2E_DB_DIR ?? join(process.env.TMPDIR ?? "/tmp", "pilot-monitor-e2e");
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(join(root, "mail-journey-"));
  const dbPath = join(dir, "e2e.sqlite");
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let server: ChildProcess | null = null;

  /** The server on a given day, with e-mail on; the previous one is stopped first (the same port and database). */
  const startOn = async (day: string) => {
    await stop();
    const started = await startServerProcess(dbPath, port, {
      PILOT_MONITOR_TODAY: day,
      SMTP_URL: smtp.url,
      MAIL_FROM: "Pilot Monitor <monitor@test>",
      PUBLIC_URL: baseUrl,
      // Every second instead of every minute, so that the test does not wait.
      MAIL_SEND_EVERY: "* * * * * *",
    });
    server = started.child;
  };
  const stop = async () => {
    if (!server) return;
    const done = exited(server);
    server.kill("SIGTERM");
    await done;
    server = null;
  };
  const mailTo = async (email: string, subject: RegExp): Promise<ReceivedMail> => {
    await expect.poll(() => smtp.received.some((m) => m.to.includes(email) && subject.test(m.subject)), { timeout: 20_000 }).toBe(true);
    return smtp.received.filter((m) => m.to.includes(email) && subject.test(m.subject)).at(-1)!;
  };
  const linkIn = (mail: ReceivedMail, path: RegExp) => {
    const found = mail.text.match(new RegExp(`${baseUrl}${path.source}`));
    if (!found) throw new Error(`No link ${path} in: ${mail.text}`);
    return found[0];
  };
  const freshPage = async (b: Browser): Promise<Page> => (await b.newContext({ baseURL: baseUrl })).newPage();
  /** Signs in on the (English) sign-in page; afterwards the app speaks the person's own language. */
  const signIn = async (page: Page, email: string, password: string) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  };
  const signInAsDemoManager = async (page: Page) => {
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Use Paolo Conti (demo project manager)" }).click();
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("heading", { name: "Portfolio" }).waitFor();
  };

  try {
    // Day one: the demo data is loaded; the fictional pilot's current quarter is running.
    const firstDay = testDay();
    await startOn(firstDay);
    const running = new Database(dbPath, { readonly: true })
      .prepare(
        `SELECT id, sequence, end_date AS endDate, pilot_id AS pilotId FROM reporting_periods
         WHERE pilot_id = (SELECT id FROM pilots WHERE is_fictional = 1) AND start_date <= ? AND end_date >= ?`,
      )
      .get(firstDay, firstDay) as { id: number; sequence: number; endDate: string; pilotId: number };
    const deadline = reportDeadline(running.endDate);

    // The manager invites Giulia to the fictional pilot as its coordinator. With e-mail on, the link goes to her mailbox only.
    const manager = await freshPage(browser);
    await signInAsDemoManager(manager);
    await manager.getByRole("link", { name: FICTIONAL_PILOT }).click();
    await manager.waitForURL(/\/pilots\/\d+$/);
    await manager.goto(`${new URL(manager.url()).pathname}/setup`);
    const people = manager.getByRole("region", { name: "People of this pilot" });
    await people.getByLabel("Name").fill(GIULIA.name);
    await people.getByLabel("Email").fill(GIULIA.email);
    await people.getByLabel("Role").selectOption({ label: "Pilot coordinator" });
    await people.getByRole("button", { name: "Invite" }).click();
    await expect(people).toContainText(`${GIULIA.name} (${GIULIA.email}), Pilot coordinator`);
    await expect(people.locator(".invitation-link")).toHaveCount(0);

    const invitation = await mailTo(GIULIA.email, /invites you to Pilot Monitor/);
    const giulia = await freshPage(browser);
    await giulia.goto(linkIn(invitation, /\/invitation\/[\w-]+/));
    await giulia.getByLabel("Password").fill(GIULIA.password);
    await giulia.getByRole("button", { name: "Set password and sign in" }).click();
    await expect(giulia.getByRole("heading", { name: "To do", exact: true })).toBeVisible();
    // Giulia reads the app in Italian: her e-mails follow.
    await giulia.goto("/account");
    const stored = giulia.waitForResponse((response) => response.url().includes("auth.setLanguage") && response.ok());
    await giulia.getByRole("region", { name: "Language" }).getByLabel("Language").selectOption(INVITED_PAGE_LANGUAGE);
    await stored;
    // Her e-mail choices are on the account page (in Italian now); the defaults send each notice at once.
    await expect(giulia.getByRole("heading", { name: "Avvisi per e-mail" })).toBeVisible();
    await expect(giulia.getByLabel("Un rapporto mi è stato restituito")).toHaveValue("immediately");
    await screenshot(giulia, "mail-choices-account");
    await expectNoAxeViolations(giulia, "the account page with the e-mail choices");

    // The day after the quarter ends: the server is restarted on it, and Giulia sees the report due.
    await startOn(addDays(running.endDate, 1));
    const giuliaDue = await freshPage(browser);
    await signIn(giuliaDue, GIULIA.email, GIULIA.password);
    await giuliaDue.goto("/todo");
    await expect(giuliaDue.locator("main")).toContainText(FICTIONAL_PILOT);
    // (The period's name comes in the browser's language: the server words it for the request, not the account.)
    await expect(giuliaDue.locator("main")).toContainText(new RegExp(`(Trimestre|Quarter) ${running.sequence} .*: scade tra 29 giorni`));
    await screenshot(giuliaDue, "mail-journey-todo-due");

    // The day after the deadline: restarted again; the start's run sends the overdue reminder, in Italian.
    await startOn(addDays(deadline, 1));
    const overdue = await mailTo(GIULIA.email, /^In ritardo/);
    expect(overdue.language).toBe("it");
    expect(overdue.subject).toBe(`In ritardo: ${FICTIONAL_PILOT}, periodo ${running.sequence}`);
    expect(overdue.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    const periodLink = linkIn(overdue, new RegExp(`/pilots/${running.pilotId}/periods/${running.id}`));

    // She opens the reminder's link, enters a result and submits the (incomplete) report, in Italian.
    const giuliaLate = await freshPage(browser);
    await signIn(giuliaLate, GIULIA.email, GIULIA.password);
    await giuliaLate.goto(periodLink);
    const satisfaction = giuliaLate.locator("fieldset", { has: giuliaLate.locator("legend", { hasText: "Participants' satisfaction with the language courses" }) });
    const [score, respondents] = [satisfaction.locator("input").nth(0), satisfaction.locator("input").nth(1)];
    await score.fill("9");
    await respondents.fill("12");
    await giuliaLate.getByRole("button", { name: "Salva i risultati" }).click();
    await expect(giuliaLate.getByRole("status").filter({ hasText: /1/ }).first()).toBeVisible();
    await giuliaLate.getByRole("button", { name: "Invia per revisione" }).click();
    await giuliaLate.getByRole("button", { name: "Invia il rapporto incompleto" }).click();
    await expect(giuliaLate.locator(".review-panel")).toContainText("Inviato per revisione");

    // The manager is told (in English, their page's language), opens the report and returns it with a comment.
    const submitted = await mailTo(MANAGER_EMAIL, new RegExp(`^Report to review: .*period ${running.sequence}$`));
    expect(submitted.language).toBe("en");
    const managerLate = await freshPage(browser);
    await signInAsDemoManager(managerLate);
    await managerLate.goto(`/pilots/${running.pilotId}/periods/${running.id}`);
    await managerLate.getByLabel(/Comment for the coordinator/).fill("Manca il numero di ore di corso.");
    await managerLate.getByRole("button", { name: "Return for correction" }).click();
    await expect(managerLate.locator(".review-panel")).toContainText("Returned for correction");

    // Giulia reads it in Italian, with the comment, and a link back to the period.
    const returned = await mailTo(GIULIA.email, /^Restituito per correzione/);
    expect(returned.subject).toBe(`Restituito per correzione: ${FICTIONAL_PILOT}, periodo ${running.sequence}`);
    expect(returned.language).toBe("it");
    expect(returned.text).toContain("Manca il numero di ore di corso.");
    expect(returned.html).toContain("Manca il numero di ore di corso.");
    linkIn(returned, new RegExp(`/pilots/${running.pilotId}/periods/${running.id}`));

    // Its unsubscribe link shows what would stop and changes nothing until she confirms.
    const unsubscribe = linkIn(returned, /\/unsubscribe\/[\w.-]+/);
    const anonymous = await freshPage(browser);
    await anonymous.goto(unsubscribe);
    await expect(anonymous.getByRole("listitem")).toHaveText("A report was returned to me");
    await screenshot(anonymous, "mail-unsubscribe-confirm");
    await expectNoAxeViolations(anonymous, "the unsubscribe page");
    await anonymous.getByRole("button", { name: "Stop these e-mails" }).click();
    await expect(anonymous.getByRole("status")).toContainText("these e-mails are turned off");

    // Each of Giulia's notices came once.
    const hers = smtp.received.filter((m) => m.to.includes(GIULIA.email)).map((m) => m.subject.split(":")[0]);
    expect(hers).toEqual([expect.stringMatching(/invites you to Pilot Monitor$/), "In ritardo", "Restituito per correzione"]);
  } finally {
    await stop();
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
