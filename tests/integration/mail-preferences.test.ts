import { and, eq } from "drizzle-orm";
import type { Server } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { auditLog, notices, periodReports, pilots, reportingPeriods } from "../../db/schema";
import { createApp } from "../../server/app";
import { useClock } from "../../server/clock";
import { createLogger } from "../../server/logger";
import { createMailer } from "../../server/notices/mailer";
import { startNoticeScheduler, type NoticeScheduler } from "../../server/notices/scheduler";
import { fixedDayClock, type Clock } from "../../shared/clock";
import { addDays } from "../../shared/dates";
import { weekStartOf } from "../../shared/noticePreferences";
import { reportDeadline } from "../../shared/todo";
import { expectedLanguageHoursProjection } from "../support/demoExpectations";
import { factories } from "../support/factories";
import { callerAs, createTestDatabase, DEMO_ACCOUNTS, DEMO_TODAY, seedDemo } from "../support/testDatabase";
import { startTestSmtp, type ReceivedMail } from "../support/testSmtp";

/*
 * Each person's e-mail choices, digests, the awaiting-review reminder, the managers' weekly summary and
 * one-click unsubscribe (issue 18), sent over SMTP to a real server on loopback and read back.
 */

const PUBLIC_URL = "http://monitor.test";
let testDb: ReturnType<typeof createTestDatabase>;
let make: ReturnType<typeof factories>;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
const schedulers: NoticeScheduler[] = [];
let day = DEMO_TODAY;
const clock = () => fixedDayClock(day);
let previousClock: Clock;

beforeAll(async () => {
  testDb = createTestDatabase();
  make = factories(testDb.db);
  smtp = await startTestSmtp();
  previousClock = useClock(clock());
  useClock(previousClock);
});
afterEach(() => {
  for (const scheduler of schedulers.splice(0)) scheduler.stop();
  useClock(previousClock);
  day = DEMO_TODAY;
});
afterAll(async () => {
  await smtp.close();
  testDb.cleanup();
});

/** Moves the injectable clock (the process's and the scheduler's) to a day. */
function moveTo(newDay: string) {
  day = newDay;
  useClock(clock());
}

/** A server process's notice jobs on a database; `smtpUrl` other than the test server's is one that refuses. */
function serverProcess(db = testDb.db, smtpUrl = smtp.url) {
  const scheduler = startNoticeScheduler({ db, mailer: createMailer({ smtpUrl, from: "Pilot Monitor <monitor@test>" }), publicUrl: PUBLIC_URL, clock, runAtStart: false });
  schedulers.push(scheduler);
  return scheduler;
}

function mailbox() {
  const first = smtp.received.length;
  return (to: string) => smtp.received.slice(first).filter((m) => m.to.includes(to));
}

async function pilotWithPeople() {
  const project = await make.project();
  const { pilot, due } = await make.pilot({ projectId: project.id, periodsDue: 1, periodsAfter: 1 });
  const hours = await make.indicator(pilot.id, { unit: "hours", goal: 40 });
  const manager = await make.account("project_manager", { projectId: project.id });
  const coordinator = await make.account("pilot_coordinator", { pilotId: pilot.id });
  return { pilot, ended: due[0]!, hours, manager, coordinator };
}

/** Enters the period's result (the first time) and submits the report. */
async function submit(email: string, periodId: number, indicatorId: number, enter = true) {
  const caller = callerAs(testDb.db, email, { today: day });
  if (enter) await caller.results.savePeriod({ periodId, entries: [{ indicatorId, expectedVersion: null, value: 9, comment: "Sessions started late." }] });
  const report = testDb.db.select({ version: periodReports.version }).from(periodReports).where(eq(periodReports.periodId, periodId)).get();
  await caller.reviews.submit({ periodId, version: report?.version ?? 0 });
}

const versionOf = (periodId: number) => testDb.db.select({ version: periodReports.version }).from(periodReports).where(eq(periodReports.periodId, periodId)).get()!.version;
const unsubscribeUrlIn = (mail: ReceivedMail) => /<(http[^>]+\/unsubscribe\/[^>]+)>/.exec(mail.headers["list-unsubscribe"] ?? "")?.[1];

describe("each person's choices", { timeout: 30_000 }, () => {
  it("never sends nothing; a daily digest gathers the day's notices into one e-mail in the person's language, once, even when a process dies between gathering and sending", async () => {
    const { pilot, ended, hours, manager, coordinator } = await pilotWithPeople();
    const inbox = mailbox();
    await coordinator.caller.auth.setLanguage({ language: "de" });
    const saved = await coordinator.caller.notices.setPreferences({
      choices: [
        { kind: "dueSoon", delivery: "never" },
        { kind: "overdue", delivery: "daily" },
        { kind: "returned", delivery: "daily" },
      ],
    });
    expect(saved.changed).toBe(3);
    expect((await coordinator.caller.notices.preferences()).map((p) => [p.kind, p.delivery])).toEqual([
      ["dueSoon", "never"],
      ["overdue", "daily"],
      ["returned", "daily"],
      ["approved", "immediately"],
      ["submitted", "immediately"],
      ["awaitingReview", "immediately"],
      ["weeklySummary", "weekly"],
    ]);
    // The same choices again are no write; one audit line for the change, by the person.
    expect((await coordinator.caller.notices.setPreferences({ choices: [{ kind: "dueSoon", delivery: "never" }] })).changed).toBe(0);
    const audited = testDb.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "notice_preference"), eq(auditLog.entityId, coordinator.id)))
      .all();
    expect(audited.map((a) => [a.action, a.actorName, JSON.parse(a.after!)])).toEqual([["choose", coordinator.name, { dueSoon: "never", overdue: "daily", returned: "daily" }]]);
    // A choice the kind does not allow is refused next to its field.
    await expect(coordinator.caller.notices.setPreferences({ choices: [{ kind: "weeklySummary", delivery: "daily" }] })).rejects.toThrow(/Nothing was saved/);

    // A week before the deadline: "due soon" is "never" — no notice at all.
    const deadline = reportDeadline(ended.endDate);
    moveTo(addDays(deadline, -7));
    await serverProcess().tick();
    expect(inbox(coordinator.email)).toEqual([]);
    expect(testDb.db.select().from(notices).where(eq(notices.recipientId, coordinator.id)).all()).toEqual([]);

    // The day after the deadline: the overdue reminder is gathered into the day's digest, but this
    // process's mail server refuses it (the process dies before sending, as far as the mail goes).
    moveTo(addDays(deadline, 1));
    const dying = await serverProcess(testDb.db, "smtp://127.0.0.1:9").tick();
    expect(dying.failed).toBe(1);
    expect(inbox(coordinator.email)).toEqual([]);
    // Restarted, and a second process beside it: the digest goes once, and is not gathered again.
    await Promise.all([serverProcess().tick(), serverProcess().tick()]);
    await serverProcess().tick();
    const firstDigest = inbox(coordinator.email);
    expect(firstDigest.map((m) => m.subject)).toEqual(["Pilot Monitor: 1 Mitteilung des Tages"]);
    expect(firstDigest[0]!.language).toBe("de");
    expect(firstDigest[0]!.text).toContain(`Überfällig: ${pilot.title}`);
    expect(firstDigest[0]!.text).toContain(`${PUBLIC_URL}/pilots/${pilot.id}/periods/${ended.id}`);
    expect(firstDigest[0]!.html).toContain(`<h2>Überfällig: ${pilot.title}`);
    expect(firstDigest[0]!.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");

    // Submitted (the manager chose nothing: at once) and returned the same day: the return waits for tomorrow's digest.
    await submit(coordinator.email, ended.id, hours.id);
    await serverProcess().tick();
    expect(inbox(manager.email).map((m) => m.subject)).toEqual([`Report to review: ${pilot.title}, period ${ended.sequence}`]);
    await callerAs(testDb.db, manager.email, { today: day }).reviews.return({ periodId: ended.id, version: versionOf(ended.id), comment: "Bitte das Augustregister ergänzen." });
    await serverProcess().tick();
    expect(inbox(coordinator.email)).toHaveLength(1);
    moveTo(addDays(deadline, 2));
    await serverProcess().tick();
    await serverProcess().tick();
    const digests = inbox(coordinator.email);
    expect(digests).toHaveLength(2);
    expect(digests[1]!.subject).toBe("Pilot Monitor: 1 Mitteilung des Tages");
    expect(digests[1]!.text).toContain("Bitte das Augustregister ergänzen.");
    expect(digests[1]!.text).toContain(`Zur Korrektur zurück: ${pilot.title}`);
    // Every notice was sent or gathered; the two digests are the two ledger keys of those days.
    const keys = testDb.db
      .select({ key: notices.dedupeKey })
      .from(notices)
      .where(and(eq(notices.recipientId, coordinator.id), eq(notices.kind, "digest")))
      .all();
    expect(keys.map((k) => k.key)).toEqual([`digest:daily:${addDays(deadline, 1)}:${coordinator.id}`, `digest:daily:${addDays(deadline, 2)}:${coordinator.id}`]);
  });

  it("a weekly digest goes at the first run of the week, named by its Monday", async () => {
    const { ended, hours, manager, coordinator } = await pilotWithPeople();
    const inbox = mailbox();
    await manager.caller.notices.setPreferences({ choices: [{ kind: "submitted", delivery: "weekly" }] });
    moveTo(addDays(ended.endDate, 2));
    await submit(coordinator.email, ended.id, hours.id);
    await serverProcess().tick();
    await serverProcess().tick();
    const weekly = inbox(manager.email).filter((m) => m.subject.includes("notice"));
    expect(weekly.map((m) => m.subject)).toEqual(["Pilot Monitor: 1 notice of the week"]);
    const key = testDb.db
      .select({ key: notices.dedupeKey })
      .from(notices)
      .where(and(eq(notices.recipientId, manager.id), eq(notices.kind, "digest")))
      .get()!.key;
    expect(key).toBe(`digest:weekly:${weekStartOf(day)}:${manager.id}`);
  });
});

describe("awaiting review", { timeout: 30_000 }, () => {
  it("reminds the pilot's managers once when a submission has waited more than 48 hours", async () => {
    const { pilot, ended, hours, manager, coordinator } = await pilotWithPeople();
    const inbox = mailbox();
    const submittedOn = addDays(ended.endDate, 3);
    moveTo(submittedOn);
    await submit(coordinator.email, ended.id, hours.id);
    await serverProcess().tick();
    const reminders = () => inbox(manager.email).filter((m) => m.subject.startsWith("Waiting for your review"));
    moveTo(addDays(submittedOn, 1));
    await serverProcess().tick();
    expect(reminders()).toEqual([]);
    moveTo(addDays(submittedOn, 3));
    await Promise.all([serverProcess().tick(), serverProcess().tick()]);
    moveTo(addDays(submittedOn, 4));
    await serverProcess().tick();
    expect(reminders().map((m) => m.subject)).toEqual([`Waiting for your review: ${pilot.title}, period ${ended.sequence}`]);
    expect(reminders()[0]!.text).toContain("more than 48 hours (3 days)");
    expect(inbox(coordinator.email).filter((m) => m.subject.startsWith("Waiting"))).toEqual([]);
  });
});

describe("one-click unsubscribe", { timeout: 30_000 }, () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it("the link in every notice asks first (GET changes nothing), then turns the kind off, audited, by RFC 8058 POST or the page", async () => {
    const { pilot, ended, hours, manager, coordinator } = await pilotWithPeople();
    const inbox = mailbox();
    moveTo(addDays(ended.endDate, 2));
    await submit(coordinator.email, ended.id, hours.id);
    await serverProcess().tick();
    const submitted = inbox(manager.email)[0]!;
    const url = unsubscribeUrlIn(submitted)!;
    expect(url).toMatch(new RegExp(`^${PUBLIC_URL}/unsubscribe/${manager.id}\\.submitted\\.[\\w-]{40,}$`));
    expect(submitted.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    expect(submitted.text).toContain(`Stop these e-mails: ${url}`);
    expect(submitted.html).toContain(`href="${url}"`);
    const token = url.split("/unsubscribe/")[1]!;

    server = createApp({ db: testDb.db, today: () => day, logger: createLogger({ level: "silent" }) }).listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server!.once("listening", () => resolve()));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const anonymous = callerAs(testDb.db, null);
    // Looking changes nothing (a mail scanner following the link turns nothing off); the page is the client's (tests/e2e/mail-journey.spec.ts).
    expect(await anonymous.notices.unsubscribePreview({ token })).toMatchObject({ email: manager.email, scope: "submitted", kinds: ["submitted"] });
    expect((await manager.caller.notices.preferences()).find((p) => p.kind === "submitted")!.delivery).toBe("immediately");
    // A forged or altered token does nothing.
    expect(await anonymous.notices.unsubscribePreview({ token: `${coordinator.id}${token.slice(String(manager.id).length)}` })).toBeNull();
    expect((await fetch(`${base}/unsubscribe/${token.slice(0, -2)}xx`, { method: "POST", body: new URLSearchParams({ "List-Unsubscribe": "One-Click" }) })).status).toBe(404);

    // A POST without RFC 8058's body is refused and changes nothing.
    expect((await fetch(`${base}/unsubscribe/${token}`, { method: "POST" })).status).toBe(400);
    expect((await manager.caller.notices.preferences()).find((p) => p.kind === "submitted")!.delivery).toBe("immediately");
    // The mail client's one-click POST (RFC 8058), here as the RFC's multipart form.
    const form = new FormData();
    form.set("List-Unsubscribe", "One-Click");
    const oneClick = await fetch(`${base}/unsubscribe/${token}`, { method: "POST", body: form });
    expect(oneClick.status).toBe(200);
    expect(await oneClick.text()).toContain("these e-mails are turned off");
    expect((await manager.caller.notices.preferences()).find((p) => p.kind === "submitted")!.delivery).toBe("never");
    const audited = testDb.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "notice_preference"), eq(auditLog.entityId, manager.id)))
      .all();
    expect(audited.map((a) => [a.action, a.actorId, a.actorName, JSON.parse(a.before!), JSON.parse(a.after!)])).toEqual([
      ["unsubscribe", manager.id, manager.name, { submitted: "immediately" }, { submitted: "never" }],
    ]);

    // The next submission tells the manager nothing.
    await callerAs(testDb.db, manager.email, { today: day }).reviews.return({ periodId: ended.id, version: versionOf(ended.id), comment: "Please add August." });
    await submit(coordinator.email, ended.id, hours.id, false);
    await serverProcess().tick();
    expect(inbox(manager.email)).toHaveLength(1);

    // The coordinator's return notice has its own link; the page's confirmation turns that kind off.
    const returned = inbox(coordinator.email).find((m) => m.subject.startsWith("Returned"))!;
    const coordinatorToken = unsubscribeUrlIn(returned)!.split("/unsubscribe/")[1]!;
    expect(await anonymous.notices.unsubscribe({ token: coordinatorToken })).toEqual({ kinds: ["returned"] });
    expect((await coordinator.caller.notices.preferences()).find((p) => p.kind === "returned")!.delivery).toBe("never");
    expect(pilot.id).toBeGreaterThan(0);
  });

  it("an invitation has no unsubscribe link: it is not a choice", async () => {
    const { pilot, manager } = await pilotWithPeople();
    const inbox = mailbox();
    await manager.caller.invitations.create({ pilotId: pilot.id, email: "nora.new@example.org", name: "Nora New", role: "evaluator" });
    await serverProcess().tick();
    const [invitation] = inbox("nora.new@example.org");
    expect(invitation!.headers["list-unsubscribe"]).toBeUndefined();
    expect(invitation!.text).not.toContain("/unsubscribe/");
  });
});

describe("the managers' weekly summary", { timeout: 30_000 }, () => {
  it("lists the week's report changes of their pilots and the early warning with the pace needed, in their language, once a week", async () => {
    const demo = createTestDatabase();
    try {
      seedDemo(demo.db);
      const fictional = demo.db.select().from(pilots).where(eq(pilots.isFictional, true)).get()!;
      const q4 = demo.db
        .select()
        .from(reportingPeriods)
        .where(and(eq(reportingPeriods.pilotId, fictional.id), eq(reportingPeriods.sequence, 4)))
        .get()!;
      const manager = callerAs(demo.db, DEMO_ACCOUNTS.manager, { today: DEMO_TODAY });
      await manager.auth.setLanguage({ language: "it" });
      // Last week the manager returned the fourth quarter.
      moveTo(addDays(weekStartOf(DEMO_TODAY), -3));
      const version = demo.db.select({ version: periodReports.version }).from(periodReports).where(eq(periodReports.periodId, q4.id)).get()!.version;
      await callerAs(demo.db, DEMO_ACCOUNTS.manager, { today: day }).reviews.return({ periodId: q4.id, version, comment: "Manca il registro." });
      moveTo(DEMO_TODAY);
      const inbox = mailbox();
      await serverProcess(demo.db).tick();
      await serverProcess(demo.db).tick();
      const summaries = inbox(DEMO_ACCOUNTS.manager).filter((m) => m.subject.startsWith("I tuoi pilota"));
      expect(summaries.map((m) => m.subject)).toEqual([`I tuoi pilota questa settimana (dal ${weekStartOf(DEMO_TODAY)})`]);
      const summary = summaries[0]!;
      expect(summary.language).toBe("it");
      expect(summary.text).toContain(`${fictional.title}, periodo 4: Restituito per correzione (${addDays(weekStartOf(DEMO_TODAY), -3)})`);
      const hours = expectedLanguageHoursProjection(DEMO_TODAY);
      expect(summary.text).toContain(`Hours of language courses delivered: probabilmente mancherà l'obiettivo: proiezione a fine pilota: ${hours.projected} su 480 hours`);
      expect(summary.text).toMatch(/Servono [\d,.]+ hours a trimestre/);
      expect(summary.html).toContain(`${PUBLIC_URL}/pilots/${fictional.id}`);
      expect(unsubscribeUrlIn(summary)).toMatch(/\.weeklySummary\./);
    } finally {
      demo.cleanup();
    }
  });
});
