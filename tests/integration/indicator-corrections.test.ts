import type { TRPCError } from "@trpc/server";
import { refusal } from "../support/refusal";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog } from "../../db/schema";
import { FieldErrors } from "../../server/errors";
import { translate } from "../../server/i18n";
import { databaseChecksum } from "../support/checksum";
import { callerAs, callerFor, createTestDatabase } from "../support/testDatabase";

/*
 * Part 4 of issue 14: a manager corrects an indicator after results exist. Built on an empty database with
 * small factories (a project, a pilot, a manager, an indicator with one result), not on the demo data.
 */

let testDb: ReturnType<typeof createTestDatabase>;
beforeEach(() => {
  testDb = createTestDatabase();
});
afterEach(() => testDb.cleanup());

const TODAY = "2026-11-23";

const fieldErrorsOf = (error: TRPCError) => {
  expect(error.cause).toBeInstanceOf(FieldErrors);
  return Object.fromEntries(Object.entries((error.cause as FieldErrors).fieldErrors).map(([field, text]) => [field, translate("en", text)]));
};

/** A project with a manager, a quarterly pilot and a count indicator with one reported quarter. */
async function indicatorWithResults(measure: "count" | "score" = "count") {
  const admin = callerFor(testDb.db, TODAY);
  const project = await admin.projects.create({ name: "Corrections", startDate: "2020-01-01", endDate: "2021-12-31" });
  const pilot = await admin.pilots.create({ projectId: project.id, title: "Evening classes", startDate: "2020-09-01", endDate: "2021-08-31", reportingFrequency: "quarterly" });
  const user = await admin.users.create({ email: "manager@corrections.test", name: "Mona Manager", password: "manager-password" });
  await admin.users.addMembership({ userId: user.id, role: "project_manager", projectId: project.id });
  const manager = callerAs(testDb.db, "manager@corrections.test", { today: TODAY });
  const indicator =
    measure === "count"
      ? await manager.indicators.create({
          pilotId: pilot.id,
          code: "EC-1",
          name: "Hours of clases",
          kind: "quantitative",
          measure: "count",
          unit: "hour",
          baseline: 5,
          goal: 230,
          goalText: "230 hours",
        })
      : await manager.indicators.create({ pilotId: pilot.id, name: "Satisfaction", kind: "qualitative", measure: "score", goal: 8, scaleMin: 1, scaleMax: 10 });
  const period = (await manager.pilots.page({ id: pilot.id })).periods[0]!;
  await admin.results.savePeriod({
    periodId: period.id,
    entries: [
      measure === "count"
        ? { indicatorId: indicator.id, expectedVersion: null, value: 60 }
        : { indicatorId: indicator.id, expectedVersion: null, value: 7, respondents: 12, comment: "The first course had a substitute teacher." },
    ],
  });
  const stored = async () => (await manager.indicators.listByPilot({ pilotId: pilot.id })).find((i) => i.id === indicator.id)!;
  return { manager, pilot, indicator, stored };
}

/** What the set-up form sends: the correctable values, with the fixed ones left out once results exist. */
function correctionsOf(row: Awaited<ReturnType<Awaited<ReturnType<typeof indicatorWithResults>>["stored"]>>) {
  const { code, name, kind, unit, baseline, goal, goalDirection, goalText, scaleMin, scaleMax, displayOrder, fromStakeholderRegister } = row;
  return { code, name, kind, unit, baseline, goal, goalDirection, goalText, scaleMin, scaleMax, displayOrder, fromStakeholderRegister };
}

/** Goal, baseline and milestones of an indicator with results change only with a reason (docs/decisions/022). */
const reason = { code: "programme_modification" as const, text: "The monitoring committee approved new targets." };

const changeLines = (indicatorId: number) =>
  testDb.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "indicator"), eq(auditLog.entityId, indicatorId), eq(auditLog.action, "change")))
    .all();

describe("correcting an indicator that has results", () => {
  it("lets the manager correct goal, baseline, goal text, unit, code, name and order, and keeps only the changed fields before and after", async () => {
    const { manager, indicator, stored } = await indicatorWithResults();
    const row = await stored();
    expect(row.resultCount).toBe(1);
    await manager.indicators.update({
      id: indicator.id,
      version: row.version,
      corrections: {
        ...correctionsOf(row),
        goal: 250,
        baseline: 0,
        goalText: "At least 250 hours of classes",
        unit: "hours",
        code: "EC-01",
        name: "Hours of classes",
        displayOrder: 4,
      },
      revisionReason: reason,
    });
    expect(await stored()).toMatchObject({
      goal: 250,
      baseline: 0,
      goalText: "At least 250 hours of classes",
      unit: "hours",
      code: "EC-01",
      name: "Hours of classes",
      displayOrder: 4,
      measure: "count",
      version: row.version + 1,
    });

    const [line] = changeLines(indicator.id);
    expect(line).toMatchObject({ actorName: "Mona Manager", indicatorId: indicator.id });
    expect(JSON.parse(line!.before!)).toEqual({ code: "EC-1", name: "Hours of clases", unit: "hour", baseline: 5, goal: 230, goalText: "230 hours", displayOrder: 1 });
    expect(JSON.parse(line!.after!)).toEqual({
      revisionReason: reason,
      code: "EC-01",
      name: "Hours of classes",
      unit: "hours",
      baseline: 0,
      goal: 250,
      goalText: "At least 250 hours of classes",
      displayOrder: 4,
    });
  });

  it("writes nothing when nothing changed", async () => {
    const { manager, indicator, stored } = await indicatorWithResults();
    const row = await stored();
    const before = databaseChecksum(testDb.db);
    await manager.indicators.update({ id: indicator.id, version: row.version, corrections: correctionsOf(row) });
    expect(databaseChecksum(testDb.db)).toBe(before);
  });

  it("refuses a change of measure or cumulation with a field error saying why, and changes nothing", async () => {
    const { manager, indicator, stored } = await indicatorWithResults();
    const row = await stored();
    const before = databaseChecksum(testDb.db);
    const measure = await refusal(
      manager.indicators.update({
        id: indicator.id,
        version: row.version,
        corrections: { ...correctionsOf(row), goal: 50 },
        fixed: { measure: "percentage", cumulation: "increments" },
      }),
    );
    expect(measure.code).toBe("BAD_REQUEST");
    expect(measure.message).toContain("already has a result");
    expect(fieldErrorsOf(measure)).toEqual({ measure: expect.stringContaining("entered and checked as this measure") });
    const cumulation = await refusal(
      manager.indicators.update({ id: indicator.id, version: row.version, corrections: correctionsOf(row), fixed: { measure: "count", cumulation: "to_date" } }),
    );
    expect(fieldErrorsOf(cumulation)).toEqual({ cumulation: expect.stringContaining("added up this way") });
    expect(databaseChecksum(testDb.db)).toBe(before);
    // Sending the stored values as "fixed" is no change at all.
    await manager.indicators.update({
      id: indicator.id,
      version: row.version,
      corrections: { ...correctionsOf(row), goal: 240 },
      fixed: { measure: "count", cumulation: "increments" },
      revisionReason: reason,
    });
    expect((await stored()).goal).toBe(240);
  });

  it("still lets the measure change while the indicator has no result", async () => {
    const admin = callerFor(testDb.db, TODAY);
    const project = await admin.projects.create({ name: "Fresh", startDate: "2020-01-01", endDate: "2021-12-31" });
    const pilot = await admin.pilots.create({ projectId: project.id, title: "P", startDate: "2020-09-01", endDate: "2021-08-31", reportingFrequency: "quarterly" });
    const { id } = await admin.indicators.create({ pilotId: pilot.id, name: "Share", kind: "quantitative", measure: "count", goal: 120 });
    await admin.indicators.update({ id, version: 1, corrections: { name: "Share", kind: "quantitative", goal: 60 }, fixed: { measure: "percentage", cumulation: "to_date" } });
    expect((await admin.indicators.listByPilot({ pilotId: pilot.id }))[0]).toMatchObject({ measure: "percentage", cumulation: "to_date", goal: 60 });
  });

  it("checks the corrected indicator as a whole: the goal of a score must stay on the scale, the scale must keep every stored score", async () => {
    const { manager, indicator, stored } = await indicatorWithResults("score");
    const row = await stored();
    const offScale = await refusal(manager.indicators.update({ id: indicator.id, version: row.version, corrections: { ...correctionsOf(row), goal: 12 }, revisionReason: reason }));
    expect(fieldErrorsOf(offScale)).toEqual({ goal: "The goal must be on the scale (1–10)." });
    const narrowed = await refusal(
      manager.indicators.update({ id: indicator.id, version: row.version, corrections: { ...correctionsOf(row), scaleMax: 6, goal: 5 }, revisionReason: reason }),
    );
    expect(fieldErrorsOf(narrowed)).toEqual({ scaleMin: "Existing scores range from 7 to 7." });
    await manager.indicators.update({ id: indicator.id, version: row.version, corrections: { ...correctionsOf(row), scaleMax: 7, goal: 6.5 }, revisionReason: reason });
    expect(await stored()).toMatchObject({ scaleMax: 7, goal: 6.5 });
  });

  it("refuses a stale edit and says what the indicator holds now", async () => {
    const { manager, indicator, stored } = await indicatorWithResults();
    const row = await stored();
    await manager.indicators.update({ id: indicator.id, version: row.version, corrections: { ...correctionsOf(row), goal: 240 }, revisionReason: reason });
    const stale = await refusal(manager.indicators.update({ id: indicator.id, version: row.version, corrections: { ...correctionsOf(row), goal: 1 }, revisionReason: reason }));
    expect(stale.code).toBe("CONFLICT");
    expect((await stored()).goal).toBe(240);
  });

  it("writes an audit line with before and after for create and archive too", async () => {
    const { manager, indicator } = await indicatorWithResults();
    await manager.indicators.setArchived({ id: indicator.id, archived: true });
    await manager.indicators.setArchived({ id: indicator.id, archived: false });
    const lines = testDb.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "indicator"), eq(auditLog.entityId, indicator.id)))
      .all();
    expect(lines.map((l) => l.action)).toEqual(["create", "archive", "restore"]);
    expect(JSON.parse(lines[0]!.after!)).toMatchObject({ name: "Hours of clases", goal: 230 });
    expect(JSON.parse(lines[1]!.before!)).toEqual({ archivedAt: null });
    expect(JSON.parse(lines[1]!.after!).archivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(JSON.parse(lines[2]!.after!)).toEqual({ archivedAt: null });
  });
});
