import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, memberships, notices, passwordResets, sessions, users } from "../../db/schema";
import { useClock } from "../../server/clock";
import { createInnerContext } from "../../server/context";
import { createCaller } from "../../server/root";
import { PASSWORD_RESET_DAYS } from "../../server/services/passwordResets";
import { createSession, loadSignedInUser, sessionIdOf } from "../../server/services/sessions";
import { fixedDayClock } from "../../shared/clock";
import { addDays } from "../../shared/dates";
import { reportDeadline } from "../../shared/todo";
import { factories } from "../support/factories";
import { refusal } from "../support/refusal";
import { callerAs, createTestDatabase, DEMO_TODAY } from "../support/testDatabase";

/*
 * The accounts half of issue 18's second slice: managers creating projects when allowed, one-time reset
 * links (by an administrator, by a manager for their own people, from the command line), and overdue
 * reports under "Needs attention". Dates are built from the test day, so the file passes on any day.
 */

let testDb: ReturnType<typeof createTestDatabase>;
let make: ReturnType<typeof factories>;

beforeAll(() => {
  testDb = createTestDatabase();
  make = factories(testDb.db);
});
afterAll(() => testDb.cleanup());

const tokenOf = (link: string | null) => link!.replace("/reset-password/", "");
const projectInput = (name: string) => ({ name, startDate: DEMO_TODAY, endDate: addDays(DEMO_TODAY, 365) });

/** A caller with e-mail configured (SMTP_URL set): links go to the mailbox only. */
function callerWithMail(email: string) {
  const row = testDb.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()!;
  return createCaller(createInnerContext({ db: testDb.db, today: () => DEMO_TODAY, user: loadSignedInUser(testDb.db, row.id), mailEnabled: true }));
}

describe("managers create projects only when the administrator allows it", () => {
  it("is off on a new server; on, a manager creates a project and becomes its manager; coordinators never may", async () => {
    const { admin } = make;
    const manager = await make.account("project_manager", { projectId: (await make.project()).id });
    const coordinator = await make.account("pilot_coordinator", { pilotId: (await make.pilot()).pilot.id });
    expect(await admin.settings.get()).toEqual({ managersCreateProjects: false, version: 0 });
    expect((await refusal(manager.caller.projects.create(projectInput("Not yet allowed")))).code).toBe("FORBIDDEN");
    expect((await manager.caller.auth.me())!.mayCreateProjects).toBe(false);

    // Only an administrator changes the setting; a stale version is refused, not overwritten.
    expect((await refusal(manager.caller.settings.update({ managersCreateProjects: true, version: 0 }))).code).toBe("FORBIDDEN");
    const saved = await admin.settings.update({ managersCreateProjects: true, version: 0 });
    expect(saved).toEqual({ managersCreateProjects: true, version: 1 });
    expect((await refusal(admin.settings.update({ managersCreateProjects: false, version: 0 }))).code).toBe("CONFLICT");

    const allowed = callerAs(testDb.db, manager.email);
    expect((await allowed.auth.me())!.mayCreateProjects).toBe(true);
    const created = await allowed.projects.create(projectInput("Mountain libraries"));
    const grants = testDb.db.select().from(memberships).where(eq(memberships.projectId, created.id)).all();
    expect(grants.map((g) => [g.userId, g.role])).toEqual([[manager.id, "project_manager"]]);
    // With the new membership, the project is theirs to set up.
    const after = callerAs(testDb.db, manager.email);
    expect((await after.projects.list()).map((p) => p.name)).toContain("Mountain libraries");
    await after.pilots.create({ projectId: created.id, title: "Reading corners", startDate: DEMO_TODAY, endDate: addDays(DEMO_TODAY, 180), reportingFrequency: "quarterly" });
    const audited = testDb.db
      .select({ entityType: auditLog.entityType, action: auditLog.action, actorName: auditLog.actorName })
      .from(auditLog)
      .all()
      .filter(
        (line) =>
          line.entityType === "instance_settings" ||
          (line.entityType === "project" && line.action === "create" && line.actorName === manager.name) ||
          line.entityType === "membership",
      );
    expect(audited).toEqual(
      expect.arrayContaining([
        { entityType: "instance_settings", action: "change", actorName: "Test administrator" },
        { entityType: "project", action: "create", actorName: manager.name },
        { entityType: "membership", action: "grant", actorName: manager.name },
      ]),
    );
    expect((await refusal(coordinator.caller.projects.create(projectInput("A coordinator's")))).code).toBe("FORBIDDEN");
    expect((await refusal(callerAs(testDb.db, null).projects.create(projectInput("Nobody's")))).code).toBe("UNAUTHORIZED");

    // Off again: refused again, straight away.
    await admin.settings.update({ managersCreateProjects: false, version: 1 });
    expect((await refusal(callerAs(testDb.db, manager.email).projects.create(projectInput("No longer")))).code).toBe("FORBIDDEN");
  });
});

describe("password-reset links", () => {
  async function managedPeople() {
    const project = await make.project();
    const { pilot } = await make.pilot({ projectId: project.id });
    const manager = await make.account("project_manager", { projectId: project.id });
    const coordinator = await make.account("pilot_coordinator", { pilotId: pilot.id });
    const evaluator = await make.account("evaluator", { projectId: project.id });
    return { project, pilot, manager, coordinator, evaluator };
  }

  it("a manager issues one for their own coordinators and evaluators only", async () => {
    const { pilot, manager, coordinator, evaluator } = await managedPeople();
    const colleague = await make.account("project_manager", { projectId: pilot.projectId });
    const elsewhere = await make.account("pilot_coordinator", { pilotId: (await make.pilot()).pilot.id });
    const administrator = await make.account("administrator");
    expect((await manager.caller.people.issueResetLink({ userId: coordinator.id })).link).toMatch(/^\/reset-password\/[\w-]{40,}$/);
    expect((await manager.caller.people.issueResetLink({ userId: evaluator.id })).name).toBe(evaluator.name);
    for (const other of [colleague, elsewhere, administrator, manager])
      expect((await refusal(manager.caller.people.issueResetLink({ userId: other.id }))).code, other.name).toBe("FORBIDDEN");
    // Somebody who does not exist gets the same answer as somebody who is not theirs.
    expect((await refusal(manager.caller.people.issueResetLink({ userId: 999_999 }))).code).toBe("FORBIDDEN");
    expect((await refusal(coordinator.caller.people.issueResetLink({ userId: evaluator.id }))).code).toBe("FORBIDDEN");
    // An administrator issues one for anyone, a manager included.
    expect((await make.admin.people.issueResetLink({ userId: colleague.id })).link).not.toBeNull();

    const people = await manager.caller.people.ofPilot({ pilotId: pilot.id });
    expect(people.map((p) => [p.name, p.role, p.mayReset])).toEqual(
      expect.arrayContaining([
        [coordinator.name, "pilot_coordinator", true],
        [evaluator.name, "evaluator", true],
      ]),
    );
  });

  it("works once: sets the password, ends the person's other sessions, signs this browser in, and is audited", async () => {
    const { manager, coordinator } = await managedPeople();
    const { link } = await manager.caller.people.issueResetLink({ userId: coordinator.id });
    const token = tokenOf(link);
    // Only the hash is kept.
    expect(JSON.stringify(testDb.db.select().from(passwordResets).all())).not.toContain(token);
    const laptop = createSession(testDb.db, coordinator.id);
    const anonymous = callerAs(testDb.db, null);
    expect(await anonymous.people.resetLinkPreview({ token })).toEqual({ name: coordinator.name, email: coordinator.email });
    expect((await refusal(anonymous.people.resetWithLink({ token, password: "short" }))).code).toBe("BAD_REQUEST");

    let cookie: string | null = null;
    const browser = createCaller(
      createInnerContext({ db: testDb.db, request: { address: "test", setSessionCookie: (value) => void (cookie = value), clearSessionCookie: () => {} } }),
    );
    expect(await browser.people.resetWithLink({ token, password: "a-new-long-password" })).toEqual({ name: coordinator.name });
    expect(cookie).not.toBeNull();
    const left = testDb.db.select().from(sessions).where(eq(sessions.userId, coordinator.id)).all();
    expect(left).toHaveLength(1);
    expect(left[0]!.id).not.toBe(sessionIdOf(laptop.token));
    expect(left[0]!.id).toBe(sessionIdOf(cookie!));
    expect((await refusal(anonymous.people.resetWithLink({ token, password: "another-long-password" }))).code).toBe("NOT_FOUND");
    expect(await anonymous.people.resetLinkPreview({ token })).toBeNull();

    const signIn = await callerAs(testDb.db, null).auth.signIn({ email: coordinator.email, password: "a-new-long-password" });
    expect(signIn.name).toBe(coordinator.name);
    const resets = testDb.db.select({ action: auditLog.action, actorName: auditLog.actorName }).from(auditLog).where(eq(auditLog.entityType, "password_reset")).all().slice(-2);
    expect(resets).toEqual([
      { action: "issue", actorName: manager.name },
      { action: "use", actorName: coordinator.name },
    ]);
  });

  it("expires after PASSWORD_RESET_DAYS, by the injectable clock; a newer link replaces an older one", async () => {
    const { manager, coordinator } = await managedPeople();
    const previous = useClock(fixedDayClock(DEMO_TODAY));
    try {
      const older = tokenOf((await manager.caller.people.issueResetLink({ userId: coordinator.id })).link);
      const newer = tokenOf((await manager.caller.people.issueResetLink({ userId: coordinator.id })).link);
      const anonymous = callerAs(testDb.db, null);
      expect(await anonymous.people.resetLinkPreview({ token: older })).toBeNull();
      useClock(fixedDayClock(addDays(DEMO_TODAY, PASSWORD_RESET_DAYS - 1)));
      expect(await anonymous.people.resetLinkPreview({ token: newer })).not.toBeNull();
      useClock(fixedDayClock(addDays(DEMO_TODAY, PASSWORD_RESET_DAYS + 1)));
      expect((await refusal(anonymous.people.resetWithLink({ token: newer, password: "too-late-password" }))).code).toBe("NOT_FOUND");
    } finally {
      useClock(previous);
    }
  });

  it("with e-mail configured, the link goes into the outbox for the person only, not to the issuer", async () => {
    const { manager, coordinator } = await managedPeople();
    const issued = await callerWithMail(manager.email).people.issueResetLink({ userId: coordinator.id });
    expect(issued.link).toBeNull();
    const queued = testDb.db.select().from(notices).where(eq(notices.kind, "passwordReset")).all().at(-1)!;
    expect(queued.recipientEmail).toBe(coordinator.email);
    expect(JSON.parse(queued.payload).path).toMatch(/^\/reset-password\/[\w-]{40,}$/);
  });
});

describe("npm run admin -- reset-password (the command, against a temporary database)", () => {
  const run = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", "server/commands/admin.ts", ...args], {
        env: { ...process.env, PUBLIC_URL: "https://monitor.example" },
      });
      return { code: 0, out: stdout + stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, out: failed.stdout + failed.stderr };
    }
  };

  it("prints a one-time link for a locked-out administrator, or sets a generated password to be changed; clear errors otherwise", async () => {
    const locked = await make.account("administrator");
    const printed = await run("reset-password", locked.email.toUpperCase(), "--db", testDb.path);
    expect(printed.code).toBe(0);
    const link = /https:\/\/monitor\.example(\/reset-password\/[\w-]+)/.exec(printed.out)![1]!;
    const anonymous = callerAs(testDb.db, null);
    await anonymous.people.resetWithLink({ token: tokenOf(link), password: "admin-rescued-password" });
    expect((await anonymous.auth.signIn({ email: locked.email, password: "admin-rescued-password" })).name).toBe(locked.name);

    const generated = await run("reset-password", locked.email, "--generate", "--db", testDb.path);
    expect(generated.code).toBe(0);
    const password = /: ([\w-]{23})\n/.exec(generated.out)![1]!;
    await anonymous.auth.signIn({ email: locked.email, password });
    const row = testDb.db.select({ mustChangePassword: users.mustChangePassword }).from(users).where(eq(users.id, locked.id)).get()!;
    expect(row.mustChangePassword).toBe(true);
    expect(testDb.db.select().from(auditLog).where(eq(auditLog.entityId, locked.id)).all().at(-1)).toMatchObject({
      actorName: "command line (npm run admin)",
      action: "reset password",
    });

    expect(await run("reset-password", "nobody@example.org", "--db", testDb.path)).toMatchObject({
      code: 1,
      out: expect.stringContaining("No account has the address nobody@example.org"),
    });
    expect(await run("reset-password", locked.email, "--db", `${testDb.path}.missing`)).toMatchObject({ code: 1, out: expect.stringContaining("No database at") });
    expect(await run("reset-password")).toMatchObject({ code: 2, out: expect.stringContaining("Usage: npm run admin -- reset-password EMAIL") });
    expect(await run("delete-everything")).toMatchObject({ code: 2, out: expect.stringContaining('Unknown command "delete-everything"') });
  }, 60_000);
});

describe("needs attention: overdue and missing reports", () => {
  it("lists a report past its deadline on any day, marked missing until something is entered, and filters by project and pilot", async () => {
    const project = await make.project();
    // Two whole quarters ended before the test day: the first is past its deadline whatever the day.
    const { pilot, due } = await make.pilot({ projectId: project.id, periodsDue: 2 });
    const hours = await make.indicator(pilot.id, { unit: "hours", goal: 40 });
    const coordinator = await make.account("pilot_coordinator", { pilotId: pilot.id });
    const manager = await make.account("project_manager", { projectId: project.id });
    const first = due[0]!;
    const deadline = reportDeadline(first.endDate);
    const onDay = (day: string) => callerAs(testDb.db, manager.email, { today: day }).portfolio.needsAttention({ projectId: project.id });
    expect((await onDay(deadline)).overdueReports.map((r) => r.periodId)).not.toContain(first.id);
    const dayAfter = (await onDay(addDays(deadline, 1))).overdueReports.find((r) => r.periodId === first.id)!;
    expect(dayAfter).toMatchObject({ daysLate: 1, deadline, missing: true, state: "draft", pilot: { id: pilot.id } });

    const today = await manager.caller.portfolio.needsAttention({});
    expect(today.overdueReports.find((r) => r.periodId === first.id)).toMatchObject({ missing: true });
    await coordinator.caller.results.savePeriod({ periodId: first.id, entries: [{ indicatorId: hours.id, expectedVersion: null, value: 10, comment: "Started late." }] });
    expect((await manager.caller.portfolio.needsAttention({})).overdueReports.find((r) => r.periodId === first.id)).toMatchObject({ missing: false });

    // Filters: another pilot of the same project is left out when one pilot is asked for.
    const { pilot: second } = await make.pilot({ projectId: project.id, periodsDue: 2 });
    const both = await manager.caller.portfolio.needsAttention({ projectId: project.id });
    expect(new Set(both.overdueReports.map((r) => r.pilot.id))).toEqual(new Set([pilot.id, second.id]));
    const one = await manager.caller.portfolio.needsAttention({ projectId: project.id, pilotId: second.id });
    expect(new Set(one.overdueReports.map((r) => r.pilot.id))).toEqual(new Set([second.id]));

    // Submitted, it is no longer owed: gone from the list.
    await coordinator.caller.reviews.submit({ periodId: first.id, version: 0 });
    expect((await manager.caller.portfolio.needsAttention({})).overdueReports.map((r) => r.periodId)).not.toContain(first.id);
  });

  it("the to-do page filters by project and pilot too", async () => {
    const project = await make.project();
    const { pilot: a } = await make.pilot({ projectId: project.id, periodsDue: 2 });
    const { pilot: b } = await make.pilot({ projectId: project.id, periodsDue: 2 });
    const coordinator = await make.account("pilot_coordinator", { projectId: project.id });
    const all = await coordinator.caller.todo.mine({});
    expect(new Set(all.periods.map((p) => p.pilotId))).toEqual(new Set([a.id, b.id]));
    const onlyB = await coordinator.caller.todo.mine({ pilotId: b.id });
    expect(new Set(onlyB.periods.map((p) => p.pilotId))).toEqual(new Set([b.id]));
  });
});
