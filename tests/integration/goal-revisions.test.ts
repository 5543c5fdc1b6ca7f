import type { TRPCError } from "@trpc/server";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog, indicatorRevisions } from "../../db/schema";
import { FieldErrors } from "../../server/errors";
import { translate } from "../../server/i18n";
import { databaseChecksum } from "../support/checksum";
import { refusal } from "../support/refusal";
import type { RevisionReason } from "../../shared/schemas";
import { callerAs, callerFor, createTestDatabase } from "../support/testDatabase";

/*
 * Issue 23 part 3 (docs/decisions/022): a goal, baseline or milestones of an indicator with results changes
 * only with a reason; the change, its audit line and its revision rows are one transaction; every view shows
 * the original and the current goal where they differ; the status is judged against the current one.
 * Built on an empty database: a project, a manager, a quarterly pilot, a count with one reported quarter.
 */

let testDb: ReturnType<typeof createTestDatabase>;
beforeEach(() => {
  testDb = createTestDatabase();
});
afterEach(() => testDb.cleanup());

const TODAY = "2026-11-23";
const reason = { code: "programme_modification" as const, text: "The monitoring committee approved a larger programme." };

const fieldErrorsOf = (error: TRPCError) => {
  expect(error.cause).toBeInstanceOf(FieldErrors);
  return Object.fromEntries(Object.entries((error.cause as FieldErrors).fieldErrors).map(([field, text]) => [field, translate("en", text)]));
};

async function pilotWithIndicator(withResult: boolean) {
  const admin = callerFor(testDb.db, TODAY);
  const project = await admin.projects.create({ name: "Revisions", startDate: "2020-01-01", endDate: "2021-12-31" });
  const pilot = await admin.pilots.create({ projectId: project.id, title: "Language courses", startDate: "2020-09-01", endDate: "2021-08-31", reportingFrequency: "quarterly" });
  const user = await admin.users.create({ email: "manager@revisions.test", name: "Mona Manager", password: "manager-password" });
  await admin.users.addMembership({ userId: user.id, role: "project_manager", projectId: project.id });
  const manager = callerAs(testDb.db, "manager@revisions.test", { today: TODAY });
  const indicator = await manager.indicators.create({
    pilotId: pilot.id,
    code: "LC-1",
    name: "Hours of courses",
    kind: "quantitative",
    measure: "count",
    unit: "hours",
    goal: 400,
  });
  if (withResult) {
    const period = (await manager.pilots.page({ id: pilot.id })).periods[0]!;
    await admin.results.savePeriod({ periodId: period.id, entries: [{ indicatorId: indicator.id, expectedVersion: null, value: 440 }] });
  }
  const stored = async () => (await manager.indicators.listByPilot({ pilotId: pilot.id })).find((i) => i.id === indicator.id)!;
  const edit = async (changes: { goal?: number; baseline?: number }, revisionReason?: RevisionReason) => {
    const row = await stored();
    return manager.indicators.update({
      id: indicator.id,
      version: row.version,
      corrections: { code: row.code, name: row.name, kind: row.kind, unit: row.unit, baseline: row.baseline, goal: row.goal, ...changes },
      revisionReason,
    });
  };
  return { admin, manager, project, pilot, indicator, stored, edit };
}

const revisionRows = () => testDb.db.select().from(indicatorRevisions).all();

describe("revising the target of an indicator", () => {
  it("asks no reason while the indicator has no result, and records no revision", async () => {
    const { edit, stored } = await pilotWithIndicator(false);
    await edit({ goal: 480 });
    expect((await stored()).goal).toBe(480);
    expect(revisionRows()).toEqual([]);
  });

  it("refuses a change of goal or baseline without a reason once results exist, next to the reason's fields, and changes nothing", async () => {
    const { edit, stored } = await pilotWithIndicator(true);
    const before = databaseChecksum(testDb.db);
    for (const changes of [{ goal: 480 }, { baseline: 10 }]) {
      const refused = await refusal(edit(changes));
      expect(refused.code).toBe("BAD_REQUEST");
      expect(refused.message).toBe("This indicator already has a result: say why its goal, baseline or milestones change.");
      expect(fieldErrorsOf(refused)).toEqual({ "revisionReason.code": "Choose the reason for the change.", "revisionReason.text": "Say in a sentence why it changes." });
    }
    expect(databaseChecksum(testDb.db)).toBe(before);
    expect((await stored()).goal).toBe(400);
  });

  it("refuses an empty sentence at the door (shared schema)", async () => {
    const { edit } = await pilotWithIndicator(true);
    const refused = await refusal(edit({ goal: 480 }, { ...reason, text: "  " }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(revisionRows()).toEqual([]);
  });

  it("asks no reason for a change of the name alone", async () => {
    const { manager, indicator, stored } = await pilotWithIndicator(true);
    const row = await stored();
    await manager.indicators.update({
      id: indicator.id,
      version: row.version,
      corrections: { code: row.code, name: "Hours of language courses", kind: row.kind, unit: row.unit, goal: row.goal },
    });
    expect(revisionRows()).toEqual([]);
  });

  it("writes the change, its audit line with the reason and one revision row per field, by the signed-in manager", async () => {
    const { edit, stored, indicator } = await pilotWithIndicator(true);
    await edit({ goal: 480, baseline: 20 }, reason);
    expect(await stored()).toMatchObject({ goal: 480, baseline: 20 });
    expect(revisionRows().map(({ field, before, after, reasonCode, reasonText, authorName }) => ({ field, before, after, reasonCode, reasonText, authorName }))).toEqual(
      [
        { field: "baseline", before: 0, after: 20, reasonCode: "programme_modification", reasonText: reason.text, authorName: "Mona Manager" },
        { field: "goal", before: 400, after: 480, reasonCode: "programme_modification", reasonText: reason.text, authorName: "Mona Manager" },
      ].sort((a, b) => (a.field === "goal" ? -1 : b.field === "goal" ? 1 : 0)),
    );
    const [line] = testDb.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "indicator"), eq(auditLog.entityId, indicator.id), eq(auditLog.action, "change")))
      .all();
    expect(JSON.parse(line!.after!)).toMatchObject({ goal: 480, baseline: 20, revisionReason: reason });
    // Same transaction: the revision's time is the audit line's and the indicator's.
    expect(revisionRows()[0]!.at.slice(0, 16)).toBe(line!.at.slice(0, 16));
  });

  it("rolls back the revision rows with the change when the change is refused later (a stale version)", async () => {
    const { manager, indicator, stored, edit } = await pilotWithIndicator(true);
    const row = await stored();
    await edit({ goal: 480 }, reason);
    const before = databaseChecksum(testDb.db);
    const stale = await refusal(
      manager.indicators.update({ id: indicator.id, version: row.version, corrections: { name: row.name, kind: row.kind, goal: 500 }, revisionReason: reason }),
    );
    expect(stale.code).toBe("CONFLICT");
    expect(databaseChecksum(testDb.db)).toBe(before);
    expect(revisionRows()).toHaveLength(1);
  });

  it("shows original and current goal on the pilot page and in the history, and judges the status against the current goal", async () => {
    const { edit, manager, pilot, indicator } = await pilotWithIndicator(true);
    const statusOf = async () => (await manager.pilots.page({ id: pilot.id })).indicators.find((v) => v.indicator.id === indicator.id)!;
    // 440 hours against 400: achieved. Against 480 it is not any more.
    expect((await statusOf()).progress.status).toBe("achieved");
    await edit({ goal: 480 }, reason);
    const view = await statusOf();
    expect(view.goalRevision).toEqual({ original: 400, reason: { code: "programme_modification", text: reason.text } });
    expect(view.progress.status).not.toBe("achieved");
    expect(view.progress.percentOfGoal).toBeCloseTo((100 * 440) / 480, 6);

    const history = await manager.history.indicator({ indicatorId: indicator.id });
    expect(history.revisions.map((r) => [r.field, r.before, r.after, r.reasonCode, r.countsAsRevision])).toEqual([["goal", 400, 480, "programme_modification", true]]);
    expect(history.goalRevision?.original).toBe(400);
  });

  it("records a correction of an error without counting it: the corrected value is the original goal afterwards", async () => {
    const { edit, manager, pilot, indicator } = await pilotWithIndicator(true);
    await edit({ goal: 450 }, { code: "error_correction", text: "The contract says 450 hours; 400 was a typing slip." });
    let view = (await manager.pilots.page({ id: pilot.id })).indicators.find((v) => v.indicator.id === indicator.id)!;
    expect(view.goalRevision).toBeNull();
    await edit({ goal: 500 }, { code: "budget_change", text: "The budget grew." });
    view = (await manager.pilots.page({ id: pilot.id })).indicators.find((v) => v.indicator.id === indicator.id)!;
    expect(view.goalRevision).toEqual({ original: 450, reason: { code: "budget_change", text: "The budget grew." } });
    const history = await manager.history.indicator({ indicatorId: indicator.id });
    expect(history.revisions.map((r) => [r.before, r.after, r.countsAsRevision])).toEqual([
      [400, 450, false],
      [450, 500, true],
    ]);
  });

  it("puts both goals in the tracking table, the indicator table, the roll-up and the final report", async () => {
    const { edit, admin, manager, project, pilot } = await pilotWithIndicator(true);
    await edit({ goal: 480 }, reason);
    const asOf = "2021-08-31";
    const tracking = await manager.exports.document({ table: "tracking", projectId: project.id, pilotIds: [pilot.id], asOf });
    const [section] = tracking.sections;
    const headers = section!.columns.map((c) => c.header);
    const row = section!.rows[0]!;
    const cell = (header: string) => row[headers.indexOf(header)];
    expect(cell("Life-of-pilot goal")).toMatchObject({ v: 480 });
    expect(cell("Original goal")).toMatchObject({ v: 400 });
    expect(cell("Goal revision")).toMatchObject({ v: `revised from 400 — programme modification: ${reason.text}` });

    const table = await manager.exports.document({ table: "indicators", projectId: project.id, pilotIds: [pilot.id], asOf });
    const quantitative = table.sections[0]!;
    const tableHeaders = quantitative.columns.map((c) => c.header);
    expect(quantitative.rows[0]![tableHeaders.indexOf("Original goal")]).toMatchObject({ v: 400 });
    expect(quantitative.rows[0]![tableHeaders.indexOf("Current goal")]).toMatchObject({ v: 480 });

    // A second pilot with the same code and an unrevised goal: the roll-up sums both ways.
    const other = await admin.pilots.create({ projectId: project.id, title: "Evening courses", startDate: "2020-09-01", endDate: "2021-08-31", reportingFrequency: "quarterly" });
    await admin.indicators.create({ pilotId: other.id, code: "LC-1", name: "Hours of courses", kind: "quantitative", measure: "count", unit: "hours", goal: 100 });
    const rollup = await manager.exports.document({ table: "rollup", projectId: project.id, asOf });
    const totals = rollup.sections[1]!;
    const totalHeaders = totals.columns.map((c) => c.header);
    expect(totals.rows[0]![totalHeaders.indexOf("Goal")]).toMatchObject({ v: 580 });
    expect(totals.rows[0]![totalHeaders.indexOf("Original goal")]).toMatchObject({ v: 500 });
    expect(String((totals.rows[0]![totalHeaders.indexOf("Notes")] as { v: string }).v)).toContain("The goal was revised in Language courses");

    const report = await manager.reports.finalReport({ pilotId: pilot.id });
    expect(report.quantitative[0]!.goalText).toBe(`at least 480 hours (revised from 400 — programme modification: ${reason.text})`);
  });
});
