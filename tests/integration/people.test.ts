import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { auditLog, invitations, notices } from "../../db/schema";
import { createInnerContext } from "../../server/context";
import { useClock } from "../../server/clock";
import { createMailer } from "../../server/notices/mailer";
import { startNoticeScheduler, type NoticeScheduler } from "../../server/notices/scheduler";
import { createCaller } from "../../server/root";
import { loadSignedInUser } from "../../server/services/sessions";
import { fixedDayClock, type Clock } from "../../shared/clock";
import { addDays } from "../../shared/dates";
import { reportDeadline } from "../../shared/todo";
import { factories } from "../support/factories";
import { refusal } from "../support/refusal";
import { expectedLanguageHoursProjection } from "../support/demoExpectations";
import { callerAs, createTestDatabase, DEMO_ACCOUNTS, DEMO_TODAY, seedDemo } from "../support/testDatabase";
import { startTestSmtp } from "../support/testSmtp";

/*
 * People and their to-dos (issue 18) through the router on a fresh database, with e-mail sent over SMTP
 * to a real server on loopback and read back as a mail client reads it.
 */

let testDb: ReturnType<typeof createTestDatabase>;
/** One set of builders for the file, so that every name and address they make is unique. */
let make: ReturnType<typeof factories>;
let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
const schedulers: NoticeScheduler[] = [];
const PUBLIC_URL = "http://monitor.test";

beforeAll(async () => {
  testDb = createTestDatabase();
  make = factories(testDb.db);
  smtp = await startTestSmtp();
});
afterEach(() => {
  for (const scheduler of schedulers.splice(0)) scheduler.stop();
});
afterAll(async () => {
  await smtp.close();
  testDb.cleanup();
});

/** A server process's notice jobs; a second call is a second process (its own sender id) on the same database. */
function serverProcess(clock: () => Clock) {
  const scheduler = startNoticeScheduler({
    db: testDb.db,
    mailer: createMailer({ smtpUrl: smtp.url, from: "Pilot Monitor <monitor@test>" }),
    publicUrl: PUBLIC_URL,
    clock,
    runAtStart: false,
  });
  schedulers.push(scheduler);
  return scheduler;
}

/** A caller signed in as `email` whose page is in `language`. */
function callerIn(email: string, language: string, today = DEMO_TODAY) {
  const row = testDb.db.$client.prepare("SELECT id FROM users WHERE email = ?").get(email) as { id: number };
  return createCaller(createInnerContext({ db: testDb.db, today: () => today, user: loadSignedInUser(testDb.db, row.id), language }));
}

const tokenOf = (link: string | null) => link!.replace("/invitation/", "");

async function managedPilot() {
  const project = await make.project();
  // One period has ended before the test day; the next is running.
  const { pilot, due } = await make.pilot({ projectId: project.id, periodsDue: 1, periodsAfter: 1 });
  const hours = await make.indicator(pilot.id, { unit: "hours", goal: 40 });
  const manager = await make.account("project_manager", { projectId: project.id });
  return { make, project, pilot, ended: due[0]!, hours, manager };
}

describe("invitations", () => {
  it("a manager invites a coordinator; the link works once, sets the password, grants the role and is audited", async () => {
    const { pilot, manager } = await managedPilot();
    const invited = await manager.caller.invitations.create({ pilotId: pilot.id, email: "Ines.Invited@Example.org", name: "Ines Invited", role: "pilot_coordinator" });
    expect(invited.granted).toBe(false);
    expect(invited.link).toMatch(/^\/invitation\/[\w-]{40,}$/);
    const token = tokenOf(invited.link);
    // Only the hash is kept.
    const stored = testDb.db.select().from(invitations).where(eq(invitations.email, "ines.invited@example.org")).get()!;
    expect(stored.tokenHash).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(token);

    const anonymous = callerAs(testDb.db, null);
    expect(await anonymous.invitations.preview({ token })).toMatchObject({ name: "Ines Invited", role: "pilot_coordinator", pilotTitle: pilot.title });
    const tooShort = await refusal(anonymous.invitations.accept({ token, password: "short" }));
    expect(tooShort.code).toBe("BAD_REQUEST");
    expect(await anonymous.invitations.accept({ token, password: "ines-own-password" })).toEqual({ name: "Ines Invited" });
    expect((await refusal(anonymous.invitations.accept({ token, password: "ines-own-password" }))).code).toBe("NOT_FOUND");
    expect(await anonymous.invitations.preview({ token })).toBeNull();

    const ines = callerAs(testDb.db, "ines.invited@example.org");
    expect((await ines.pilots.list()).map((p) => p.id)).toEqual([pilot.id]);
    const audited = testDb.db
      .select({ entityType: auditLog.entityType, action: auditLog.action, actorName: auditLog.actorName })
      .from(auditLog)
      .where(eq(auditLog.pilotId, pilot.id))
      .all()
      .filter((line) => line.entityType === "invitation" || line.entityType === "membership");
    expect(audited).toEqual([
      { entityType: "invitation", action: "invite", actorName: manager.name },
      { entityType: "membership", action: "grant", actorName: "Ines Invited" },
      { entityType: "invitation", action: "accept", actorName: "Ines Invited" },
    ]);
  });

  it("an expired link no longer works", async () => {
    const { pilot, manager } = await managedPilot();
    const { link } = await manager.caller.invitations.create({ pilotId: pilot.id, email: "late@example.org", name: "Lea Late", role: "evaluator" });
    const previous = useClock(fixedDayClock(addDays(DEMO_TODAY, 8)));
    try {
      expect((await refusal(callerAs(testDb.db, null).invitations.accept({ token: tokenOf(link), password: "a-long-password" }))).code).toBe("NOT_FOUND");
    } finally {
      useClock(previous);
    }
  });

  it("an address with an account gets the role at once, without a link", async () => {
    const { pilot, manager, make } = await managedPilot();
    const evaluator = await make.account("evaluator", { projectId: (await make.project()).id });
    expect(await manager.caller.invitations.create({ pilotId: pilot.id, email: evaluator.email, name: evaluator.name, role: "evaluator" })).toEqual({ granted: true, link: null });
    expect((await callerAs(testDb.db, evaluator.email).pilots.list()).map((p) => p.id)).toEqual([pilot.id]);
  });

  it("only the pilot's managers (and administrators) may invite to it", async () => {
    const { pilot, make } = await managedPilot();
    const otherManager = await make.account("project_manager", { projectId: (await make.project()).id });
    const coordinator = await make.account("pilot_coordinator", { pilotId: pilot.id });
    const input = { pilotId: pilot.id, email: "x@example.org", name: "X", role: "pilot_coordinator" } as const;
    expect((await refusal(otherManager.caller.invitations.create(input))).code).toBe("FORBIDDEN");
    expect((await refusal(coordinator.caller.invitations.create(input))).code).toBe("FORBIDDEN");
    expect((await refusal(callerAs(testDb.db, null).invitations.create(input))).code).toBe("UNAUTHORIZED");
  });
});

describe("the to-do page", () => {
  it("shows the coordinator the ended period's report and the manager the submission waiting for them", async () => {
    const { pilot, ended, hours, manager, make } = await managedPilot();
    const coordinator = await make.account("pilot_coordinator", { pilotId: pilot.id });
    // Asked the day after the period ended, whatever day the suite runs on: the report is due, not yet late.
    const dayAfterEnd = callerAs(testDb.db, coordinator.email, { today: addDays(ended.endDate, 1) });
    const mine = await dayAfterEnd.todo.mine({});
    expect(mine.periods.map((p) => [p.periodId, p.kind, p.deadline])).toEqual([[ended.id, "due", reportDeadline(ended.endDate)]]);
    expect((await manager.caller.todo.mine({})).count).toBe(0);

    await coordinator.caller.results.savePeriod({
      periodId: ended.id,
      entries: [{ indicatorId: hours.id, expectedVersion: null, value: 12, comment: "Fewer sessions in August." }],
    });
    await coordinator.caller.reviews.submit({ periodId: ended.id, version: 0 });
    expect((await coordinator.caller.todo.mine({})).periods).toEqual([]);
    const later = callerAs(testDb.db, manager.email, { today: addDays(DEMO_TODAY, 3) });
    expect((await later.todo.mine({})).reviews.map((r) => [r.periodId, r.daysWaiting])).toEqual([[ended.id, 3]]);
    expect((await later.todo.mine({ projectId: pilot.projectId + 1000 })).count).toBe(0);
  });

  it("shows the coordinator their open period's missing comment and missing evidence, not another pilot's", async () => {
    const { pilot, ended, hours, manager, make } = await managedPilot();
    const coordinator = await make.account("pilot_coordinator", { pilotId: pilot.id });
    await manager.caller.evidence.saveReference({ indicatorId: hours.id, version: 0, fields: { meansOfVerification: "Signed attendance sheets" } });
    // On track when saved, so no comment was asked for; the goal corrected afterwards leaves it unexplained.
    await coordinator.caller.results.savePeriod({ periodId: ended.id, entries: [{ indicatorId: hours.id, expectedVersion: null, value: 40 }] });
    const row = (await manager.caller.indicators.listByPilot({ pilotId: pilot.id })).find((i) => i.id === hours.id)!;
    await manager.caller.indicators.update({
      id: hours.id,
      version: row.version,
      corrections: { name: row.name, kind: row.kind, goal: 400 },
      revisionReason: { code: "programme_modification", text: "The programme approved a modification." },
    });
    // Another pilot of the same project, its own coordinator and its own gap.
    const other = await make.pilot({ projectId: pilot.projectId, periodsDue: 1, periodsAfter: 1 });
    const visits = await make.indicator(other.pilot.id, { unit: "visits", goal: 30 });
    const otherCoordinator = await make.account("pilot_coordinator", { pilotId: other.pilot.id });
    await manager.caller.evidence.saveReference({ indicatorId: visits.id, version: 0, fields: { meansOfVerification: "Visitor book" } });
    await otherCoordinator.caller.results.savePeriod({
      periodId: other.due[0]!.id,
      entries: [{ indicatorId: visits.id, expectedVersion: null, value: 10, comment: "Fewer visits." }],
    });

    const mine = await coordinator.caller.todo.mine({});
    expect(mine.gaps).toEqual([
      {
        periodId: ended.id,
        pilotId: pilot.id,
        pilotTitle: pilot.title,
        projectName: expect.any(String),
        periodLabel: expect.any(String),
        state: "draft",
        missingComments: [{ id: hours.id, name: hours.name }],
        missingEvidence: [{ id: hours.id, name: hours.name, meansOfVerification: "Signed attendance sheets" }],
      },
    ]);
    expect(mine.count).toBe(mine.periods.length + 1);
    expect((await otherCoordinator.caller.todo.mine({})).gaps.map((g) => [g.periodId, g.missingEvidence.map((e) => e.name)])).toEqual([[other.due[0]!.id, [visits.name]]]);
    // The page's filter holds, and a manager is not asked to write the coordinator's comments.
    expect((await coordinator.caller.todo.mine({ projectId: pilot.projectId + 1000 })).gaps).toEqual([]);
    expect((await manager.caller.todo.mine({})).gaps).toEqual([]);

    // Once the comment is written and the sheets attached, nothing is left to complete.
    await coordinator.caller.results.savePeriod({
      periodId: ended.id,
      entries: [{ indicatorId: hours.id, expectedVersion: 1, value: 40, comment: "The new goal came after this quarter." }],
    });
    await coordinator.caller.evidence.addLink({ periodId: ended.id, indicatorId: hours.id, url: "https://example.org/sheets", description: "Sheets" });
    expect((await coordinator.caller.todo.mine({})).gaps).toEqual([]);
  });

  it("shows a manager their pilots' indicators likely to miss the goal, with the pace needed", { timeout: 30_000 }, async () => {
    const demo = createTestDatabase();
    try {
      seedDemo(demo.db);
      const manager = callerAs(demo.db, DEMO_ACCOUNTS.manager, { today: DEMO_TODAY });
      const mine = await manager.todo.mine({});
      const hours = expectedLanguageHoursProjection(DEMO_TODAY);
      const warning = mine.likelyToMiss.find((w) => w.indicatorName === "Hours of language courses delivered")!;
      expect(warning.projection).toBe(hours.text);
      expect(warning.projection).toContain(`${hours.projected} of 480 hours`);
      expect(warning.pace).toMatch(/^Needs [\d,.]+ hours a quarter to reach the goal/);
      expect(mine.count).toBeGreaterThanOrEqual(mine.likelyToMiss.length);
      expect((await manager.todo.mine({ pilotId: warning.pilotId + 1000 })).likelyToMiss).toEqual([]);
      // Coordinators are not shown the early warning: it is the managers' to act on.
      expect((await callerAs(demo.db, DEMO_ACCOUNTS.coordinator, { today: DEMO_TODAY }).todo.mine({})).likelyToMiss).toEqual([]);
    } finally {
      demo.cleanup();
    }
  });

  it("a generated password allows nothing but changing it", async () => {
    const { admin } = make;
    const { generatedPassword } = await admin.users.create({ email: "gen@example.org", name: "Gen Erated" });
    const gen = callerAs(testDb.db, "gen@example.org");
    expect((await refusal(gen.todo.mine({}))).code).toBe("FORBIDDEN");
    await gen.auth.changePassword({ currentPassword: generatedPassword!, newPassword: "gen-own-password" });
    expect((await callerAs(testDb.db, "gen@example.org").todo.mine({})).count).toBe(0);
  });
});

describe("notices by e-mail (real SMTP server on loopback)", { timeout: 30_000 }, () => {
  it("invitation, reminders before and after the deadline, submission and return: each once, in the recipient's language, across a restart and a second process", async () => {
    const { pilot, ended, hours, manager } = await managedPilot();
    const firstOfThisTest = smtp.received.length;
    const receivedHere = () => smtp.received.slice(firstOfThisTest);
    let day = DEMO_TODAY;
    const clock = () => fixedDayClock(day);
    const previous = useClock(clock());
    try {
      // An invitation written in Italian (the manager's page is in Italian), sent by the outbox.
      const { link } = await callerIn(manager.email, "it").invitations.create({ pilotId: pilot.id, email: "chiara@example.org", name: "Chiara Rossi", role: "pilot_coordinator" });
      await serverProcess(clock).tick();
      const invitation = receivedHere().find((m) => m.to.includes("chiara@example.org"))!;
      expect(invitation.language).toBe("it");
      expect(invitation.subject).toBe(`${manager.name} ti invita in Pilot Monitor`);
      expect(invitation.text).toContain(`${PUBLIC_URL}${link}`);
      // The sent invitation keeps no copy of the token.
      expect(
        testDb.db
          .select()
          .from(notices)
          .where(eq(notices.kind, "invitation"))
          .all()
          .map((n) => n.payload)
          .join(),
      ).not.toContain(tokenOf(link));
      await callerAs(testDb.db, null).invitations.accept({ token: tokenOf(link), password: "chiara-password" });

      // A week before the deadline: "due soon", once, however many runs and processes.
      const deadline = reportDeadline(ended.endDate);
      day = addDays(deadline, -7);
      useClock(clock());
      const [first, second] = [serverProcess(clock), serverProcess(clock)];
      await Promise.all([first.tick(), second.tick(), first.tick()]);
      const dueSoon = receivedHere().filter((m) => m.to.includes("chiara@example.org") && m.subject.startsWith("Rapporto entro il"));
      expect(dueSoon).toHaveLength(1);
      expect(dueSoon[0]!.text).toContain(`${PUBLIC_URL}/pilots/${pilot.id}/periods/${ended.id}`);

      // The day after the deadline: "overdue"; a restart the same day sends nothing more; a week on, again.
      day = addDays(deadline, 1);
      useClock(clock());
      await serverProcess(clock).tick();
      await serverProcess(clock).tick();
      const overdue = () => receivedHere().filter((m) => m.to.includes("chiara@example.org") && m.subject.startsWith("In ritardo"));
      expect(overdue()).toHaveLength(1);
      day = addDays(deadline, 8);
      useClock(clock());
      await serverProcess(clock).tick();
      expect(overdue()).toHaveLength(2);

      // Chiara submits: her manager is told, in English (their account has no language: the default).
      const chiara = callerAs(testDb.db, "chiara@example.org", { today: day });
      await chiara.results.savePeriod({ periodId: ended.id, entries: [{ indicatorId: hours.id, expectedVersion: null, value: 9, comment: "Sessions started late." }] });
      await chiara.reviews.submit({ periodId: ended.id, version: 0 });
      await serverProcess(clock).tick();
      const submitted = receivedHere().filter((m) => m.to.includes(manager.email));
      expect(submitted.map((m) => m.subject)).toEqual([`Report to review: ${pilot.title}, period ${ended.sequence}`]);
      expect(submitted[0]!.language).toBe("en");

      // Returned with a comment: Chiara reads it in Italian, with the comment, and no reminder follows it today.
      await callerAs(testDb.db, manager.email, { today: day }).reviews.return({ periodId: ended.id, version: 1, comment: "Manca il registro di agosto." });
      await serverProcess(clock).tick();
      const returned = receivedHere().filter((m) => m.subject.startsWith("Restituito per correzione"));
      expect(returned).toHaveLength(1);
      expect(returned[0]!.to).toEqual(["chiara@example.org"]);
      expect(returned[0]!.text).toContain("Manca il registro di agosto.");
      expect(returned[0]!.html).toContain("Manca il registro di agosto.");

      // Chiara's mail, in order, each once; every notice was sent, and each as one message.
      expect(
        receivedHere()
          .filter((m) => m.to.includes("chiara@example.org"))
          .map((m) => m.subject.split(":")[0]),
      ).toEqual([`${manager.name} ti invita in Pilot Monitor`, `Rapporto entro il ${deadline}`, "In ritardo", "In ritardo", "Restituito per correzione"]);
      const rows = testDb.db.select({ sentAt: notices.sentAt }).from(notices).all();
      expect(rows.every((row) => row.sentAt !== null)).toBe(true);
      expect(smtp.received).toHaveLength(rows.length);
    } finally {
      useClock(previous);
    }
  });

  it("a step rolled back tells nobody", async () => {
    const { pilot, ended, manager } = await managedPilot();
    void manager;
    const before = testDb.db.select().from(notices).all().length;
    const coordinator = await make.account("pilot_coordinator", { pilotId: pilot.id });
    // Nothing entered: the submission is refused, and its transaction writes no notice.
    expect((await refusal(coordinator.caller.reviews.submit({ periodId: ended.id, version: 0 }))).code).toBe("PRECONDITION_FAILED");
    expect(testDb.db.select().from(notices).all()).toHaveLength(before);
  });
});
