import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AppDatabase } from "../../db/client";
import { refreshCumulativeTotals } from "../../db/cumulativeTotals";
import { resultRoutes, type ResultRoute } from "../../server/writes/results";
import { databaseChecksum } from "../support/checksum";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "../../server/app";
import { commitImport, previewImport, useImportSession } from "../support/importHttp";
import { callerAs, callerFor, createTestDatabase, DEMO_TODAY } from "../support/testDatabase";

/*
 * The rules table of the one write path (docs/decisions/013-one-write-path.md): every route that writes
 * a result is driven against the same rules, so that a route that skips one fails here.
 *   author    the result and its audit line name the signed-in person (or the token's owner), whatever name the client sends;
 *   lock      a submitted period refuses the write and nothing is saved;
 *   register  a typed route cannot write an indicator linked to the stakeholder register;
 *   audit     one audit line per changed result, with before and after and the route;
 *   totals    the running totals equal a recomputation from scratch;
 *   plausible an unusual figure (here 1,000,000,000,000 hours against a goal of 400) is asked about and
 *             nothing is saved; confirmed, it is saved with the confirmation (routes that can confirm);
 *             the register's computed shares are counted, not typed, and never asked about.
 */

type Caller = ReturnType<typeof callerFor>;

interface Fixture {
  db: AppDatabase;
  manager: Caller;
  coordinator: Caller;
  coordinatorId: number;
  managerId: number;
  pilotId: number;
  periodIds: number[];
  typedId: number;
  linkedId: number;
  stakeholderIds: number[];
}

const SPOOFED = "Somebody Else";
const COORDINATOR = { email: "carla.coordinator@example.org", name: "Carla Coordinator", password: "coordinator-password-1" };
const MANAGER = { email: "marco.manager@example.org", name: "Marco Manager", password: "manager-password-1" };

let testDb: ReturnType<typeof createTestDatabase>;
let server: Server | null = null;
/** The coordinator's personal access token on the fixture's server (made by signedInServer). */
let coordinatorToken = "";
beforeEach(() => {
  testDb = createTestDatabase();
});
afterEach(async () => {
  if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
  server = null;
  testDb.cleanup();
});

/** The real app on the fixture's database, with the coordinator's session for the import calls. */
async function signedInServer(f: Fixture): Promise<string> {
  if (!server) {
    server = createApp({ db: f.db, today: () => DEMO_TODAY }).listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server!.once("listening", () => resolve()));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const signIn = await fetch(`${baseUrl}/api/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: COORDINATOR.email, password: COORDINATOR.password }),
    });
    expect(signIn.status).toBe(200);
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0]!;
    useImportSession(baseUrl, cookie);
    const created = await fetch(`${baseUrl}/api/trpc/tokens.create`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ name: "Write path sync", scope: "read_write", expiresInDays: 7 }),
    });
    expect(created.status).toBe(200);
    coordinatorToken = ((await created.json()) as { result: { data: { secret: string } } }).result.data.secret;
  }
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * A results file uploaded and committed through the real HTTP routes and the import worker, signed in as
 * the coordinator. A preview with problems or a failed commit is thrown as the refusal it is.
 */
async function importResults(f: Fixture, csv: string): Promise<unknown> {
  const baseUrl = await signedInServer(f);
  const job = await previewImport(baseUrl, csv, { fileName: "results.csv", pilotId: f.pilotId });
  if (job.error) throw { code: job.error.code, message: job.error.message };
  if (job.preview!.problemCount > 0) throw { code: "BAD_REQUEST", message: job.preview!.problems.map((p) => p.message).join(" ") };
  const committed = await commitImport(baseUrl, job);
  if (committed.job?.phase !== "done") throw { code: committed.job?.error?.code ?? String(committed.status), message: committed.message };
  return committed.job.outcome;
}

/** A period's entries pushed through /api/v1 with the coordinator's token; a refusal is thrown as its code and message. */
async function pushThroughApi(f: Fixture, entries: unknown[]): Promise<unknown> {
  const baseUrl = await signedInServer(f);
  const response = await fetch(`${baseUrl}/api/v1/periods/${f.periodIds[0]!}/results`, {
    method: "PUT",
    headers: { authorization: `Bearer ${coordinatorToken}`, "content-type": "application/json" },
    body: JSON.stringify({ entries }),
  });
  const body = (await response.json()) as { error?: { code: string; message: string } };
  if (body.error) throw body.error;
  return body;
}

/** A project with one quarterly pilot, a typed count, a register-linked share, two stakeholders, a manager and a coordinator. */
async function buildFixture(): Promise<Fixture> {
  const db = testDb.db;
  const admin = callerFor(db);
  const project = await admin.projects.create({ name: "Write path project", startDate: "2026-01-01", endDate: "2026-12-31" });
  const pilot = await admin.pilots.create({ projectId: project.id, title: "Write path pilot", startDate: "2026-01-01", endDate: "2026-12-31", reportingFrequency: "quarterly" });
  const manager = await admin.users.create(MANAGER);
  await admin.users.addMembership({ userId: manager.id, role: "project_manager", projectId: project.id });
  const coordinator = await admin.users.create(COORDINATOR);
  await admin.users.addMembership({ userId: coordinator.id, role: "pilot_coordinator", pilotId: pilot.id });
  const managerCaller = callerAs(db, MANAGER.email);
  const typed = await managerCaller.indicators.create({
    pilotId: pilot.id,
    code: "TUT",
    name: "Hours of tutoring",
    kind: "quantitative",
    measure: "count",
    unit: "hours",
    goal: 400,
  });
  const linked = await managerCaller.indicators.create({
    pilotId: pilot.id,
    code: "INV",
    name: "Stakeholders involved",
    kind: "quantitative",
    measure: "percentage",
    goal: 50,
    fromStakeholderRegister: true,
  });
  const coordinatorCaller = callerAs(db, COORDINATOR.email);
  const stakeholderIds: number[] = [];
  for (const organisation of ["Town hall", "Language school"])
    stakeholderIds.push((await coordinatorCaller.stakeholders.create({ pilotId: pilot.id, organisation, type: "public_body" })).id);
  const periodIds = (db.$client.prepare("SELECT id FROM reporting_periods WHERE pilot_id = ? ORDER BY sequence").all(pilot.id) as { id: number }[]).map((p) => p.id);
  return {
    db,
    manager: managerCaller,
    coordinator: coordinatorCaller,
    coordinatorId: coordinator.id,
    managerId: manager.id,
    pilotId: pilot.id,
    periodIds,
    typedId: typed.id,
    linkedId: linked.id,
    stakeholderIds,
  };
}

/** Locks a period as a submission does; the review workflow has its own tests. */
function lockPeriod(db: AppDatabase, periodId: number, state: "submitted" | "approved" = "submitted") {
  db.$client
    .prepare(
      "INSERT INTO period_reports (period_id, pilot_id, state, version, last_transition_at) SELECT id, pilot_id, ?, 1, '2026-11-01T00:00:00Z' FROM reporting_periods WHERE id = ?",
    )
    .run(state, periodId);
}

interface RouteDriver {
  route: ResultRoute;
  name: string;
  /** Which indicator the route writes. */
  writes: "typed" | "linked";
  /** Who writes: the author the rules expect. */
  as: "coordinator" | "manager";
  /** Brings the data to the state the write starts from (not part of what is checked). */
  prepare?: (f: Fixture) => Promise<void>;
  /** One write that changes the result of the first period, sending a spoofed author name where the route takes one. */
  write: (f: Fixture) => Promise<unknown>;
  /** The same route aimed at the register-linked indicator: typed routes must be refused. */
  writeLinked?: (f: Fixture) => Promise<unknown>;
  /** How the route says "locked": procedures refuse at once (412); an import's commit fails as a conflict (409). */
  lockedCode?: string;
  /** Tables every request of the route writes by design, refused or not: a token's use in the security log. */
  requestRecords?: string[];
  /** The route writing an unusual figure, confirmed or not; absent for the register, whose figures are computed. */
  writeUnusual?: (f: Fixture, confirmed: boolean) => Promise<unknown>;
  /** Whether the route can carry the writer's confirmation (the import refuses unusual figures: confirm them in the form). */
  canConfirm?: boolean;
}

const registerEntries = (f: Fixture, involvedBoth: boolean) => [
  { stakeholderId: f.stakeholderIds[0]!, involved: true, plansToContinue: true },
  { stakeholderId: f.stakeholderIds[1]!, involved: involvedBoth, plansToContinue: involvedBoth },
];

export const routeDrivers: RouteDriver[] = [
  {
    route: "form",
    name: "period form (results.savePeriod)",
    writes: "typed",
    as: "coordinator",
    write: (f) =>
      f.coordinator.results.savePeriod({
        periodId: f.periodIds[0]!,
        enteredBy: SPOOFED,
        entries: [{ indicatorId: f.typedId, expectedVersion: null, value: 120, comment: "Two courses ran." }],
      }),
    writeLinked: (f) =>
      f.coordinator.results.savePeriod({
        periodId: f.periodIds[0]!,
        entries: [{ indicatorId: f.linkedId, expectedVersion: null, numerator: 1, denominator: 2, comment: "typed" }],
      }),
    writeUnusual: (f, confirmed) =>
      f.coordinator.results.savePeriod({
        periodId: f.periodIds[0]!,
        entries: [{ indicatorId: f.typedId, expectedVersion: null, value: 1_000_000_000_000, comment: "", plausibilityConfirmed: confirmed }],
      }),
    canConfirm: true,
  },
  {
    route: "import",
    name: "spreadsheet import (POST /api/imports, imports.commit)",
    writes: "typed",
    as: "coordinator",
    lockedCode: "CONFLICT",
    prepare: async (f) => {
      await signedInServer(f);
    },
    write: (f) => importResults(f, `Code,Period,Value,Comment,Entered by\nTUT,1,120,Two courses ran.,${SPOOFED}\n`),
    writeLinked: (f) => importResults(f, "Code,Period,Numerator,Denominator,Comment\nINV,1,1,2,typed\n"),
    writeUnusual: (f) => importResults(f, "Code,Period,Value,Comment\nTUT,1,1000000000000,\n"),
    canConfirm: false,
  },
  {
    route: "api",
    name: "integration API (PUT /api/v1/periods/{periodId}/results, a personal access token)",
    writes: "typed",
    as: "coordinator",
    prepare: async (f) => {
      await signedInServer(f);
    },
    // The API takes no author at all: the token's owner is the author.
    write: (f) => pushThroughApi(f, [{ indicatorId: f.typedId, expectedVersion: null, value: 120, comment: "Two courses ran." }]),
    writeLinked: (f) => pushThroughApi(f, [{ indicatorId: f.linkedId, expectedVersion: null, numerator: 1, denominator: 2, comment: "typed" }]),
    requestRecords: ["security_log", "api_tokens"],
  },
  {
    route: "register",
    name: "register period (stakeholders.savePeriod)",
    writes: "linked",
    as: "coordinator",
    write: (f) => f.coordinator.stakeholders.savePeriod({ periodId: f.periodIds[0]!, enteredBy: SPOOFED, entries: registerEntries(f, false) }),
  },
  {
    route: "register",
    name: "register archive (stakeholders.setArchived)",
    writes: "linked",
    as: "coordinator",
    prepare: async (f) => {
      await f.coordinator.stakeholders.savePeriod({ periodId: f.periodIds[0]!, entries: registerEntries(f, false) });
    },
    write: (f) => f.coordinator.stakeholders.setArchived({ id: f.stakeholderIds[1]!, archived: true, enteredBy: SPOOFED }),
  },
  {
    route: "register",
    name: "register restore (stakeholders.setArchived)",
    writes: "linked",
    as: "coordinator",
    prepare: async (f) => {
      await f.coordinator.stakeholders.savePeriod({ periodId: f.periodIds[0]!, entries: registerEntries(f, false) });
      await f.coordinator.stakeholders.setArchived({ id: f.stakeholderIds[1]!, archived: true });
    },
    write: (f) => f.coordinator.stakeholders.setArchived({ id: f.stakeholderIds[1]!, archived: false }),
  },
  {
    route: "register",
    name: "linking an indicator to the register (indicators.update)",
    writes: "linked",
    as: "manager",
    prepare: async (f) => {
      // The linked indicator starts unlinked, the register has its first period.
      f.db.$client.prepare("UPDATE indicators SET from_stakeholder_register = 0 WHERE id = ?").run(f.linkedId);
      await f.coordinator.stakeholders.savePeriod({ periodId: f.periodIds[0]!, entries: registerEntries(f, true) });
    },
    write: async (f) => {
      const current = f.db.$client.prepare("SELECT * FROM indicators WHERE id = ?").get(f.linkedId) as { version: number };
      return f.manager.indicators.update({
        id: f.linkedId,
        version: current.version,
        corrections: { name: "Stakeholders involved", kind: "quantitative", goal: 50, fromStakeholderRegister: true },
      });
    },
  },
];

interface ResultRow {
  id: number;
  indicator_id: number;
  period_id: number;
  value: number;
  entered_by: string;
  cum_count: number;
  cum_value: number;
  cum_numerator: number;
  cum_denominator: number;
}
interface AuditRow {
  actor_id: number | null;
  actor_name: string;
  entity_id: number;
  action: string;
  before: string | null;
  after: string | null;
}

const resultsOf = (db: AppDatabase) => db.$client.prepare("SELECT * FROM results ORDER BY id").all() as ResultRow[];
const resultAuditAfter = (db: AppDatabase, afterId: number) =>
  db.$client.prepare("SELECT * FROM audit_log WHERE entity_type = 'result' AND id > ? ORDER BY id").all(afterId) as AuditRow[];
const lastAuditId = (db: AppDatabase) => (db.$client.prepare("SELECT coalesce(max(id), 0) AS id FROM audit_log").get() as { id: number }).id;

describe("the one write path: every route obeys the same rules", { timeout: 60_000 }, () => {
  it("has a driver in this table for every route the write path knows", () => {
    expect(new Set(routeDrivers.map((d) => d.route))).toEqual(new Set(resultRoutes));
  });

  for (const driver of routeDrivers) {
    describe(driver.name, () => {
      it("author: the signed-in person, never the name sent; audit: one line per changed result, before and after", async () => {
        const f = await buildFixture();
        await driver.prepare?.(f);
        const before = new Map(resultsOf(f.db).map((r) => [r.id, r]));
        const auditFrom = lastAuditId(f.db);
        await driver.write(f);
        const author = driver.as === "coordinator" ? { id: f.coordinatorId, name: COORDINATOR.name } : { id: f.managerId, name: MANAGER.name };
        const indicatorId = driver.writes === "typed" ? f.typedId : f.linkedId;
        const changed = resultsOf(f.db).filter((r) => JSON.stringify(before.get(r.id)) !== JSON.stringify(r));
        const removed = [...before.keys()].filter((id) => !resultsOf(f.db).some((r) => r.id === id));
        expect(changed.length + removed.length).toBeGreaterThan(0);
        for (const row of changed) {
          expect(row.indicator_id).toBe(indicatorId);
          expect(row.entered_by).toBe(author.name);
        }
        const audit = resultAuditAfter(f.db, auditFrom);
        expect(audit).toHaveLength(changed.length + removed.length);
        for (const line of audit) {
          expect(line.actor_id).toBe(author.id);
          expect(line.actor_name).toBe(author.name);
          expect(line.after ?? line.before).not.toBeNull();
          const after = line.after ? JSON.parse(line.after) : null;
          if (after) expect(after.source).toBe(driver.route);
          if (before.has(line.entity_id)) expect(JSON.parse(line.before!).value).toBe(before.get(line.entity_id)!.value);
        }
        const everything = JSON.stringify(f.db.$client.prepare("SELECT * FROM results").all()) + JSON.stringify(f.db.$client.prepare("SELECT * FROM audit_log").all());
        expect(everything).not.toContain(SPOOFED);
      });

      it("totals: the running totals equal a recomputation from scratch", async () => {
        const f = await buildFixture();
        await driver.prepare?.(f);
        await driver.write(f);
        const stored = resultsOf(f.db);
        refreshCumulativeTotals(f.db, null);
        expect(resultsOf(f.db)).toEqual(stored);
      });

      it("lock: a submitted period refuses the write, and nothing is saved", async () => {
        const f = await buildFixture();
        await driver.prepare?.(f);
        lockPeriod(f.db, f.periodIds[0]!);
        const checksum = databaseChecksum(f.db, { except: driver.requestRecords });
        await expect(driver.write(f)).rejects.toMatchObject({ code: driver.lockedCode ?? "PRECONDITION_FAILED", message: expect.stringContaining("submitted for review") });
        expect(databaseChecksum(f.db, { except: driver.requestRecords })).toBe(checksum);
      });

      if (driver.writeUnusual) {
        it("plausible: an unusual figure is asked about and nothing is saved; confirmed, the confirmation is kept with the result", async () => {
          const f = await buildFixture();
          await driver.prepare?.(f);
          const checksum = databaseChecksum(f.db);
          // The form is told which value to ask about (a field error); the import says the question as its refusal.
          const refusal = await driver.writeUnusual!(f, false).then(
            () => null,
            (error: { message: string; cause?: { fieldErrors?: Record<string, unknown> } }) => `${error.message} ${JSON.stringify(error.cause?.fieldErrors ?? {})}`,
          );
          expect(refusal).toMatch(/more than ten times the goal of 400|"entries\.0\.plausibility":\{"key":"signals\.plausibility\.aboveTenTimesGoal"/);
          expect(databaseChecksum(f.db)).toBe(checksum);
          if (!driver.canConfirm) return;
          const auditFrom = lastAuditId(f.db);
          await driver.writeUnusual!(f, true);
          const row = f.db.$client.prepare("SELECT value, entered_by, plausibility_confirmation FROM results WHERE indicator_id = ?").get(f.typedId) as {
            value: number;
            entered_by: string;
            plausibility_confirmation: string;
          };
          expect(row.value).toBe(1_000_000_000_000);
          expect(row.entered_by).toBe(COORDINATOR.name);
          expect(JSON.parse(row.plausibility_confirmation)).toEqual({
            checks: ["aboveTenTimesGoal"],
            messages: [{ key: "signals.plausibility.aboveTenTimesGoal", values: { value: 1_000_000_000_000, goal: 400, unit: "hours" } }],
          });
          const [line] = resultAuditAfter(f.db, auditFrom);
          expect(JSON.parse(line!.after!).plausibilityConfirmation.checks).toEqual(["aboveTenTimesGoal"]);
        });
      }

      if (driver.writeLinked) {
        it("register: a register-linked indicator is refused outside the register, and nothing is saved", async () => {
          const f = await buildFixture();
          await driver.prepare?.(f);
          const checksum = databaseChecksum(f.db, { except: driver.requestRecords });
          await expect(driver.writeLinked!(f)).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("stakeholder register") });
          expect(databaseChecksum(f.db, { except: driver.requestRecords })).toBe(checksum);
        });
      }
    });
  }

  it("plausible: the register's computed share is counted, not typed, and never asked about", async () => {
    const f = await buildFixture();
    await f.coordinator.stakeholders.savePeriod({ periodId: f.periodIds[0]!, entries: registerEntries(f, false) });
    await f.coordinator.stakeholders.savePeriod({ periodId: f.periodIds[1]!, entries: registerEntries(f, true) });
    const rows = f.db.$client.prepare("SELECT value, plausibility_confirmation AS confirmation FROM results WHERE indicator_id = ? ORDER BY period_sequence").all(f.linkedId);
    expect(rows).toEqual([
      { value: 50, confirmation: null },
      { value: 100, confirmation: null },
    ]);
  });

  it("says the lock first, before any problem of the values (nobody corrects values only to learn the period is locked)", async () => {
    const f = await buildFixture();
    lockPeriod(f.db, f.periodIds[0]!, "approved");
    const wrong = f.coordinator.results.savePeriod({ periodId: f.periodIds[0]!, entries: [{ indicatorId: 999_999, expectedVersion: null, value: -1 }] });
    await expect(wrong).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("approved and locked") });
  });

  it("no module outside server/writes/ writes the results table", () => {
    const root = join(import.meta.dirname, "../..");
    const writesResults = /\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+results\b|\.(insert|update|delete)\(results\)/i;
    // Running totals (derived columns), renumbering periods when a pilot's dates change (results keep
    // their values), and the demo and scale loaders, which load data rather than record a person's report.
    const allowed = [/^server\/writes\//, /^db\/cumulativeTotals\.ts$/, /^server\/services\/reportingPeriods\.ts$/, /seed|demo/i];
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|mts|mjs)$/.test(name)) {
          const file = relative(root, path);
          if (allowed.some((pattern) => pattern.test(file))) continue;
          if (writesResults.test(readFileSync(path, "utf8"))) offenders.push(file);
        }
      }
    };
    for (const dir of ["server", "db"]) walk(join(root, dir));
    expect(offenders).toEqual([]);
  });
});
