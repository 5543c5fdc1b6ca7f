import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { databaseChecksum } from "../support/checksum";
import { factories } from "../support/factories";
import { refusalOf } from "../support/refusal";
import { createTestDatabase } from "../support/testDatabase";

/* The kinds of docs/decisions/001 through the router: set up, saved through the one door, judged on the pilot page. */

let testDb: ReturnType<typeof createTestDatabase>;
let make: ReturnType<typeof factories>;
beforeEach(() => {
  testDb = createTestDatabase();
  make = factories(testDb.db);
});
afterEach(() => testDb.cleanup());

/** A quarterly pilot with four quarters due, the fifth running and two to come, and its coordinator. */
async function pilotWithCoordinator() {
  const made = await make.pilot({ periodsDue: 4, periodsAfter: 2 });
  const coordinator = await make.account("pilot_coordinator", { pilotId: made.pilot.id });
  return { ...made, caller: coordinator.caller };
}

describe("indicator kinds through the write path and the pilot page", () => {
  it("a level 10 % below its goal is at risk, not on track by pro-rating", async () => {
    const { pilot, due, caller } = await pilotWithCoordinator();
    const visitors = await make.indicator(pilot.id, { cumulation: "level", levelAggregation: "mean", unit: "visitors per month", goal: 100 });
    for (const period of due)
      await caller.results.savePeriod({ periodId: period.id, entries: [{ indicatorId: visitors.id, expectedVersion: null, value: 90, comment: "Fewer visitors than planned." }] });
    const page = await caller.pilots.page({ id: pilot.id });
    const row = page.indicators.find((i) => i.indicator.id === visitors.id)!;
    expect(row.progress).toMatchObject({ status: "at_risk", current: 90, target: 100 });
    expect(row.series.slice(0, 4).map((p) => p.target)).toEqual([100, 100, 100, 100]);
  });

  it("a level below its goal needs an explanation like any result behind", async () => {
    const { pilot, due, caller } = await pilotWithCoordinator();
    const visitors = await make.indicator(pilot.id, { cumulation: "level", goal: 100 });
    const refused = await refusalOf(caller.results.savePeriod({ periodId: due[0]!.id, entries: [{ indicatorId: visitors.id, expectedVersion: null, value: 60 }] }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(Object.keys(refused.fields)).toEqual(["entries.0.comment"]);
  });

  it("a percentage entered directly keeps its base, or none, and is pooled or averaged as the periods allow", async () => {
    const { pilot, due, caller } = await pilotWithCoordinator();
    const women = await make.indicator(pilot.id, { measure: "percentage", entryForm: "direct_percentage", unit: "% women", goal: 40 });
    await caller.results.savePeriod({ periodId: due[0]!.id, entries: [{ indicatorId: women.id, expectedVersion: null, value: 40, respondents: 100 }] });
    await caller.results.savePeriod({ periodId: due[1]!.id, entries: [{ indicatorId: women.id, expectedVersion: null, value: 60, respondents: 300 }] });
    let row = (await caller.pilots.page({ id: pilot.id, asOf: due[1]!.endDate })).indicators.find((i) => i.indicator.id === women.id)!;
    expect(row.progress.current).toBeCloseTo(55, 9);
    await caller.results.savePeriod({ periodId: due[2]!.id, entries: [{ indicatorId: women.id, expectedVersion: null, value: 48 }] });
    row = (await caller.pilots.page({ id: pilot.id, asOf: due[2]!.endDate })).indicators.find((i) => i.indicator.id === women.id)!;
    expect(row.progress.current).toBeCloseTo((40 + 60 + 48) / 3, 9);
    const form = await caller.results.periodForm({ periodId: due[2]!.id });
    expect(form.indicators.find((i) => i.indicator.id === women.id)!.existing).toMatchObject({ value: 48, respondents: null, numerator: null, denominator: null });
  });

  it("an index refuses respondents, a whole-number count refuses a fraction, and nothing is saved", async () => {
    const { pilot, due, caller } = await pilotWithCoordinator();
    const mipex = await make.indicator(pilot.id, { kind: "qualitative", measure: "score", entryForm: "index", scaleMin: 0, scaleMax: 100, goal: 60 });
    const people = await make.indicator(pilot.id, { wholeNumbers: true, unit: "people", goal: 20 });
    const before = databaseChecksum(testDb.db);
    const refused = await refusalOf(
      caller.results.savePeriod({
        periodId: due[0]!.id,
        entries: [
          { indicatorId: mipex.id, expectedVersion: null, value: 55, respondents: 3, comment: "x" },
          { indicatorId: people.id, expectedVersion: null, value: 2.5, comment: "x" },
        ],
      }),
    );
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.fields).toEqual({
      "entries.0.respondents": "resultRules.indexNoRespondents",
      "entries.1.value": "resultRules.wholeNumbersOnly",
    });
    expect(databaseChecksum(testDb.db)).toBe(before);
    await caller.results.savePeriod({ periodId: due[0]!.id, entries: [{ indicatorId: mipex.id, expectedVersion: null, value: 55, comment: "First measurement." }] });
    await caller.results.savePeriod({ periodId: due[1]!.id, entries: [{ indicatorId: mipex.id, expectedVersion: null, value: 62 }] });
    const row = (await caller.pilots.page({ id: pilot.id, asOf: due[1]!.endDate })).indicators.find((i) => i.indicator.id === mipex.id)!;
    expect(row.progress).toMatchObject({ current: 62, status: "achieved" });
  });

  it("an indicator counted at the end is due at the end, with nothing reported, until its final period", async () => {
    const { pilot, caller } = await pilotWithCoordinator();
    const strategy = await make.indicator(pilot.id, { delivery: "at_end", unit: "joint strategies", goal: 1 });
    const page = await caller.pilots.page({ id: pilot.id });
    const row = page.indicators.find((i) => i.indicator.id === strategy.id)!;
    expect(row.progress).toMatchObject({ status: "due_at_end", missingPeriods: false });
    expect(page.statusCounts.due_at_end).toBe(1);
    const after = await caller.pilots.page({ id: pilot.id, asOf: "2099-01-01" });
    expect(after.indicators.find((i) => i.indicator.id === strategy.id)!.progress.status).toBe("not_reported");
  });

  it("the early warning reads a level by its last periods and projects nothing for a count due at the end, on the pilot page and in needs attention", async () => {
    const { pilot, due, caller } = await pilotWithCoordinator();
    const admin = (await make.account("administrator")).caller;
    // Each quarter stands on its own: 130, 90, 95 and 110 a month average 106, above the goal; a line through them would fall.
    const visitors = await make.indicator(pilot.id, { cumulation: "level", levelAggregation: "mean", unit: "visitors per month", goal: 100 });
    // A joint strategy is adopted at the end (RCO 83): nothing before is the plan, not a trend towards zero.
    const strategy = await make.indicator(pilot.id, { delivery: "at_end", unit: "joint strategies", goal: 1 });
    for (const [index, value] of [130, 90, 95, 110].entries())
      await caller.results.savePeriod({
        periodId: due[index]!.id,
        entries: [
          { indicatorId: visitors.id, expectedVersion: null, value, comment: "Counted at the desk." },
          { indicatorId: strategy.id, expectedVersion: null, value: 0, comment: "Drafting." },
        ],
      });
    const page = await caller.pilots.page({ id: pilot.id });
    const level = page.indicators.find((i) => i.indicator.id === visitors.id)!;
    expect(level.progress).toMatchObject({ status: "achieved", current: 106.25 });
    expect(level.projection).toEqual({ kind: "trend", lastValues: [90, 95, 110], worsening: false, likelyToMiss: false });
    const atEnd = page.indicators.find((i) => i.indicator.id === strategy.id)!;
    expect(atEnd.progress.status).toBe("due_at_end");
    expect(atEnd.projection).toEqual({ kind: "none", reason: { key: "projection.reason.countedAtEnd" } });
    const attention = await admin.portfolio.needsAttention();
    const listed = [...attention.items, ...attention.likelyToMiss, ...attention.missingPeriods].map((i) => i.indicator.id);
    expect(listed).not.toContain(visitors.id);
    expect(listed).not.toContain(strategy.id);
  });

  it("milestones in steps: 95 of a milestone of 100 is at risk where a straight line would expect far more", async () => {
    const { pilot, due, caller } = await pilotWithCoordinator();
    const hours = await make.indicator(pilot.id, {
      unit: "hours",
      goal: 1000,
      delivery: "milestones",
      milestoneShape: "stepped",
      milestones: [{ date: due[1]!.endDate, target: 100 }],
    });
    await caller.results.savePeriod({ periodId: due[3]!.id, entries: [{ indicatorId: hours.id, expectedVersion: null, value: 95, comment: "Started late." }] });
    const row = (await caller.pilots.page({ id: pilot.id })).indicators.find((i) => i.indicator.id === hours.id)!;
    expect(row.progress).toMatchObject({ status: "at_risk", target: 100 });
  });

  it("refuses a milestone outside the pilot next to its date", async () => {
    const { pilot } = await pilotWithCoordinator();
    const refused = await refusalOf(make.indicator(pilot.id, { delivery: "milestones", milestones: [{ date: "1999-01-01", target: 5 }] }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(Object.keys(refused.fields)).toEqual(["milestones.0.date"]);
  });

  it("a summed count past its goal stays achieved when the latest period is missing, flagged on its own", async () => {
    const { pilot, due, caller } = await pilotWithCoordinator();
    const people = await make.indicator(pilot.id, { unit: "people", goal: 100 });
    await caller.results.savePeriod({ periodId: due[0]!.id, entries: [{ indicatorId: people.id, expectedVersion: null, value: 101 }] });
    const page = await caller.pilots.page({ id: pilot.id });
    expect(page.indicators.find((i) => i.indicator.id === people.id)!.progress).toMatchObject({ status: "achieved", missingPeriods: true, current: 101 });
  });

  it("the entry form is fixed once a result exists", async () => {
    const { pilot, due, caller } = await pilotWithCoordinator();
    const share = await make.indicator(pilot.id, { measure: "percentage", goal: 50 });
    await caller.results.savePeriod({ periodId: due[0]!.id, entries: [{ indicatorId: share.id, expectedVersion: null, numerator: 60, denominator: 100 }] });
    const manager = await make.account("project_manager", { projectId: pilot.projectId });
    const [row] = await manager.caller.indicators.listByPilot({ pilotId: pilot.id });
    const { id, version, resultCount: _r, createdAt: _c, updatedAt: _u, archivedAt: _a, pilotId: _p, measure: _m, cumulation: _cu, ...fields } = row!;
    const refused = await refusalOf(manager.caller.indicators.update({ id, version, corrections: { ...fields, entryForm: "direct_percentage" } }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(Object.keys(refused.fields)).toEqual(["entryForm"]);
  });
});
