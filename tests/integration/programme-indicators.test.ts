import ExcelJS from "exceljs";
import { TRPCError } from "@trpc/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { auditLog, users } from "../../db/schema";
import { adminSessionCookie, callerAs, callerFor, createTestDatabase } from "../support/testDatabase";
import { startTestServer } from "../support/testServer";

/*
 * Programme indicators end to end on the routers (decision 028): a project of two pilots feeding RCO 87
 * (a sum of organisations), RCO 84 (pilot actions, 1 each once completed, counted once per pilot) and a
 * programme-specific "persons trained" counted upon finalisation. The progress report's figures for two
 * reporting periods are compared with a computation written here from the entered numbers alone.
 */

type Caller = ReturnType<typeof callerFor>;

/** What the fixture enters: per pilot indicator, the value of each of its pilot's quarters (1-based). */
const PILOT_A = { start: "2025-01-01", end: "2025-12-31" };
const PILOT_B = { start: "2025-04-01", end: "2026-03-31" };
const entered = {
  aOrgs: { pilot: PILOT_A, goal: 10, quarters: { 1: 3, 2: 2, 3: 4 } },
  aCompleted: { pilot: PILOT_A, goal: 1, quarters: { 3: 1 } },
  aCompletedTwice: { pilot: PILOT_A, goal: 1, quarters: { 3: 1 } },
  aTrained: { pilot: PILOT_A, goal: 50, quarters: { 1: 20, 2: 30 } },
  bOrgs: { pilot: PILOT_B, goal: 8, quarters: { 1: 2, 2: 3 } },
  bCompleted: { pilot: PILOT_B, goal: 1, quarters: { 4: 1 } },
} as const;
type Key = keyof typeof entered;

/** The first day of a pilot's quarter, by hand: quarters run from the pilot's start in steps of three months. */
function quarterStart(pilotStart: string, quarter: number): string {
  const [year, month] = pilotStart.split("-").map(Number) as [number, number];
  const months = year * 12 + (month - 1) + 3 * (quarter - 1);
  return `${Math.floor(months / 12)}-${String((months % 12) + 1).padStart(2, "0")}-01`;
}

/** A pilot indicator's total as at a date: every quarter that has started by then counts (the status rule). */
function totalAsAt(key: Key, date: string): number {
  const { pilot, quarters } = entered[key];
  return Object.entries(quarters).reduce((sum, [quarter, value]) => (quarterStart(pilot.start, Number(quarter)) <= date ? sum + value : sum), 0);
}

/** The three programme indicators computed independently, as a lead partner would by hand. */
function byHand(date: string) {
  const completed = (key: Key) => (totalAsAt(key, date) >= entered[key].goal ? 1 : 0);
  const pilotsWithACompletedAction = new Set([...(completed("aCompleted") || completed("aCompletedTwice") ? ["A"] : []), ...(completed("bCompleted") ? ["B"] : [])]);
  return {
    "RCO 87": totalAsAt("aOrgs", date) + totalAsAt("bOrgs", date),
    "RCO 84": pilotsWithACompletedAction.size,
    "PSI 1": PILOT_A.end <= date ? totalAsAt("aTrained", date) : 0,
  };
}

const targets = { "RCO 87": 15, "RCO 84": 2, "PSI 1": 40 } as const;
const PERIOD_ENDS = { 1: "2025-06-30", 2: "2025-12-31", 3: "2026-06-30" } as const;

async function buildFixture(caller: Caller) {
  const project = await caller.projects.create({
    name: "Programme Test Project",
    programme: "Interreg CENTRAL EUROPE",
    startDate: "2025-01-01",
    endDate: "2026-12-31",
    tolerancePercent: 15,
  });
  const pilotA = await caller.pilots.create({ projectId: project.id, title: "Pilot Alpha", startDate: PILOT_A.start, endDate: PILOT_A.end, reportingFrequency: "quarterly" });
  const pilotB = await caller.pilots.create({ projectId: project.id, title: "Pilot Beta", startDate: PILOT_B.start, endDate: PILOT_B.end, reportingFrequency: "quarterly" });
  const add = (pilotId: number, name: string, unit: string, goal: number) =>
    caller.indicators.create({ pilotId, kind: "quantitative", name, measure: "count", unit, goal } as never);
  const ids: Record<Key, number> = {
    aOrgs: (await add(pilotA.id, "Organisations involved", "organisations", 10)).id,
    aCompleted: (await add(pilotA.id, "Pilot action completed", "pilot action", 1)).id,
    aCompletedTwice: (await add(pilotA.id, "Pilot toolkit completed", "toolkit", 1)).id,
    aTrained: (await add(pilotA.id, "Staff trained", "persons", 50)).id,
    bOrgs: (await add(pilotB.id, "Partner organisations", "organisations", 8)).id,
    bCompleted: (await add(pilotB.id, "Pilot action completed", "pilot action", 1)).id,
  };
  const periods = { A: (await caller.pilots.page({ id: pilotA.id })).periods, B: (await caller.pilots.page({ id: pilotB.id })).periods };
  for (const key of Object.keys(entered) as Key[]) {
    const list = entered[key].pilot === PILOT_A ? periods.A : periods.B;
    for (const [quarter, value] of Object.entries(entered[key].quarters))
      await caller.results.savePeriod({ periodId: list[Number(quarter) - 1]!.id, enteredBy: "Test", entries: [{ indicatorId: ids[key], value, expectedVersion: null }] as never });
  }
  return { projectId: project.id, pilotA: pilotA.id, pilotB: pilotB.id, ids };
}

async function setUpProgramme(admin: Caller, manager: Caller, fixture: Awaited<ReturnType<typeof buildFixture>>) {
  const rco84 = await admin.programmeIndicators.addStarter({ code: "rco84" });
  const rco87 = await admin.programmeIndicators.addStarter({ code: "RCO 87" });
  const psi = await admin.programmeIndicators.create({
    code: "PSI 1",
    name: "Persons trained in pilot actions",
    level: "output",
    unit: "persons",
    definition: "Staff trained by the pilot, counted once the pilot is completed.",
    measurementTime: "upon_finalisation",
    aggregation: "sum",
  });
  const catalogue = await admin.programmeIndicators.catalogue({});
  const rco84Row = catalogue.indicators.find((i) => i.id === rco84.id)!;
  await admin.programmeIndicators.update({ id: rco84.id, version: rco84Row.version, fields: { ...pick(rco84Row), aggregation: "count_distinct" } });
  const ids = { "RCO 84": rco84.id, "RCO 87": rco87.id, "PSI 1": psi.id };
  for (const [code, id] of Object.entries(ids))
    await manager.programmeIndicators.setTarget({ projectId: fixture.projectId, programmeIndicatorId: id, target: targets[code as keyof typeof targets], version: 0 });
  const link = (key: Key, code: keyof typeof ids, rule: "value" | "one_when_achieved") =>
    manager.programmeIndicators.link({ indicatorId: fixture.ids[key], programmeIndicatorId: ids[code], rule });
  await link("aOrgs", "RCO 87", "value");
  await link("bOrgs", "RCO 87", "value");
  await link("aCompleted", "RCO 84", "one_when_achieved");
  await link("aCompletedTwice", "RCO 84", "one_when_achieved");
  await link("bCompleted", "RCO 84", "one_when_achieved");
  await link("aTrained", "PSI 1", "value");
  return ids;
}

/** An account with a role, signed in with a password of its own (a generated one must be changed first). */
async function personWithRole(
  db: AppDatabase,
  admin: Caller,
  email: string,
  name: string,
  role: { role: "project_manager"; projectId: number } | { role: "pilot_coordinator"; pilotId: number },
) {
  const person = await admin.users.create({ email, name, password: "" });
  await admin.users.addMembership({ userId: person.id, ...role });
  db.update(users).set({ mustChangePassword: false }).where(eq(users.email, email)).run();
  return callerAs(db, email);
}

const pick = (row: {
  code: string;
  name: string;
  level: "output" | "result" | "impact";
  unit: string;
  definition: string;
  measurementTime: "during" | "upon_finalisation";
  aggregation: "sum" | "count_distinct" | "mean";
}) => ({
  code: row.code,
  name: row.name,
  level: row.level,
  unit: row.unit,
  definition: row.definition,
  measurementTime: row.measurementTime,
  aggregation: row.aggregation,
});

describe("programme indicators on the routers", () => {
  let database: ReturnType<typeof createTestDatabase>;
  let admin: Caller;
  let manager: Caller;
  let fixture: Awaited<ReturnType<typeof buildFixture>>;
  let programme: Awaited<ReturnType<typeof setUpProgramme>>;

  beforeEach(async () => {
    database = createTestDatabase();
    admin = callerFor(database.db);
    fixture = await buildFixture(admin);
    manager = await personWithRole(database.db, admin, "manager@example.org", "Maria Manager", { role: "project_manager", projectId: fixture.projectId });
    programme = await setUpProgramme(admin, manager, fixture);
  });
  afterEach(() => database.cleanup());

  it("reports target, previously reported, this report and cumulative as a hand computation does, for two periods", async () => {
    for (const period of [2, 3] as const) {
      const doc = await admin.programmeIndicators.progressReport({ projectId: fixture.projectId, period });
      const rows = new Map(doc.sections[0]!.rows.map((row) => [row[0]?.t === "text" ? row[0].v : "", row]));
      const previous = byHand(PERIOD_ENDS[(period - 1) as 1 | 2]);
      const cumulative = byHand(PERIOD_ENDS[period]);
      for (const code of ["RCO 87", "RCO 84", "PSI 1"] as const) {
        const row = rows.get(code)!;
        const numbers = row.slice(5, 9).map((cell) => (cell?.t === "number" ? cell.v : null));
        expect(numbers, `${code}, period ${period}`).toEqual([targets[code], previous[code], cumulative[code] - previous[code], cumulative[code]]);
      }
    }
    // The figures a person reads off the data, written out once so that the hand computation cannot drift with the code.
    expect(byHand(PERIOD_ENDS[2])).toEqual({ "RCO 87": 14, "RCO 84": 1, "PSI 1": 50 });
    expect(byHand(PERIOD_ENDS[3])).toEqual({ "RCO 87": 14, "RCO 84": 2, "PSI 1": 50 });
  });

  it("shows on the project page what is achieved, still due and due at a pilot's end, with warnings where definitions differ", async () => {
    const asAtFirstPeriodEnd = callerAs(database.db, "manager@example.org", { today: "2025-06-30" });
    const { indicators } = await asAtFirstPeriodEnd.programmeIndicators.forProject({ projectId: fixture.projectId });
    const byCode = new Map(indicators.map((i) => [i.code, i]));
    expect(byCode.get("RCO 87")).toMatchObject({ target: 15, achieved: 7, stillDue: 8 });
    expect(byCode.get("PSI 1")).toMatchObject({ target: 40, achieved: 0, stillDue: 40 });
    expect(byCode.get("PSI 1")!.contributions[0]).toMatchObject({ pilotTitle: "Pilot Alpha", value: null, status: "achieved" });
    const toolkit = byCode.get("RCO 84")!.contributions.find((c) => c.indicatorName === "Pilot toolkit completed")!;
    // Counted 1 when achieved: the unit does not matter, so no unit warning.
    expect(toolkit.warnings).toEqual([]);
    // A link by value from a different unit is flagged.
    await manager.programmeIndicators.link({ indicatorId: fixture.ids.aTrained, programmeIndicatorId: programme["RCO 87"], rule: "value" });
    const after = await manager.programmeIndicators.forProject({ projectId: fixture.projectId });
    const trained = after.indicators.find((i) => i.code === "RCO 87")!.contributions.find((c) => c.indicatorId === fixture.ids.aTrained)!;
    expect(trained.warnings.map((w) => w.key)).toEqual(["programme.warnings.unit"]);
  });

  it("refuses a code the catalogue has, a link before the target, and writes by people without the right", async () => {
    await expect(
      admin.programmeIndicators.create({ code: "rco 87", name: "Again", level: "output", unit: "organisations", definition: "", measurementTime: "during", aggregation: "sum" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const other = await admin.programmeIndicators.addStarter({ code: "RCO 116" });
    const refusal = await manager.programmeIndicators.link({ indicatorId: fixture.ids.aOrgs, programmeIndicatorId: other.id, rule: "value" }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TRPCError);
    expect((refusal as TRPCError).message).toContain("RCO 116");
    await expect(
      manager.programmeIndicators.create({ code: "X 1", name: "Mine", level: "output", unit: "things", definition: "", measurementTime: "during", aggregation: "sum" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const coordinator = await personWithRole(database.db, admin, "coordinator@example.org", "Carla Coordinator", { role: "pilot_coordinator", pilotId: fixture.pilotA });
    await expect(coordinator.programmeIndicators.setTarget({ projectId: fixture.projectId, programmeIndicatorId: other.id, target: 3, version: 0 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(coordinator.programmeIndicators.unlink({ indicatorId: fixture.ids.aOrgs, programmeIndicatorId: programme["RCO 87"] })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("writes an audit line for every change, by the signed-in person, and none for a save that changes nothing", async () => {
    const lines = () =>
      database.db
        .select()
        .from(auditLog)
        .all()
        .filter((l) => l.entityType.startsWith("programme_") || l.entityType === "indicator_contribution");
    const before = lines().length;
    // 3 catalogue entries + 1 change, 3 targets, 6 links.
    expect(before).toBe(13);
    expect(
      lines()
        .filter((l) => l.entityType === "indicator_contribution")
        .every((l) => l.actorName === "Maria Manager"),
    ).toBe(true);
    await manager.programmeIndicators.link({ indicatorId: fixture.ids.aOrgs, programmeIndicatorId: programme["RCO 87"], rule: "value" });
    await manager.programmeIndicators.setTarget({ projectId: fixture.projectId, programmeIndicatorId: programme["RCO 87"], target: 15, version: 1 });
    expect(lines().length).toBe(before);
    await manager.programmeIndicators.unlink({ indicatorId: fixture.ids.aOrgs, programmeIndicatorId: programme["RCO 87"] });
    await manager.programmeIndicators.setTarget({ projectId: fixture.projectId, programmeIndicatorId: programme["RCO 87"], target: 16, version: 1 });
    expect(
      lines()
        .slice(before)
        .map((l) => [l.entityType, l.action]),
    ).toEqual([
      ["indicator_contribution", "remove"],
      ["programme_target", "change"],
    ]);
    await expect(manager.programmeIndicators.setTarget({ projectId: fixture.projectId, programmeIndicatorId: programme["RCO 87"], target: 17, version: 1 })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });
});

describe("the progress report as a file", () => {
  let running: Awaited<ReturnType<typeof startTestServer>>;
  beforeEach(async () => {
    running = await startTestServer();
  });
  afterEach(() => running.stop());

  it("downloads as XLSX with real numbers, in the reader's language", async () => {
    const admin = callerFor(running.db);
    const fixture = await buildFixture(admin);
    await setUpProgramme(admin, admin, fixture);
    const cookie = adminSessionCookie(running.db);
    const response = await fetch(`${running.baseUrl}/api/exports/projects/${fixture.projectId}/progress-report/2.xlsx?lang=it`, { headers: { cookie } });
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await response.arrayBuffer()) as ArrayBuffer);
    const sheet = workbook.getWorksheet("Indicatori di programma")!;
    expect(sheet.getRow(1).getCell(7).value).toBe("Rendicontato in precedenza");
    const rows = new Map<string, ExcelJS.Row>();
    sheet.eachRow((row, number) => {
      if (number > 1) rows.set(String(row.getCell(1).value), row);
    });
    const figures = (code: string) => [6, 7, 8, 9].map((column) => rows.get(code)!.getCell(column).value);
    expect(figures("RCO 87")).toEqual([15, 7, 7, 14]);
    expect(figures("RCO 84")).toEqual([2, 0, 1, 1]);
    expect(figures("PSI 1")).toEqual([40, 0, 50, 50]);
    const missing = await fetch(`${running.baseUrl}/api/exports/projects/${fixture.projectId}/progress-report/9.xlsx`, { headers: { cookie } });
    expect(missing.status).toBe(404);
  });
});
