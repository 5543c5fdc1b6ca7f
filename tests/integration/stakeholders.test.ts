import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { databaseChecksum } from "../support/checksum";
import { factories } from "../support/factories";
import { callerFor, createTestDatabase, seedDemo } from "../support/testDatabase";
import { translate } from "../../server/i18n";

let testDb: ReturnType<typeof createTestDatabase>;
let make: ReturnType<typeof factories>;
beforeEach(() => {
  testDb = createTestDatabase();
  make = factories(testDb.db);
});
afterEach(() => testDb.cleanup());

const INVOLVEMENT = "Level of stakeholders' involvement";
const SHARE = "Stakeholders involved and continuing";

/** Luserna, with its whole-pilot report reopened (the demo data has it approved, hence locked). */
async function luserna() {
  seedDemo(testDb.db);
  const caller = callerFor(testDb.db);
  const { pilots } = await caller.portfolio.summary();
  const pilotId = pilots.find((p) => p.title.startsWith("HOME"))!.id;
  const period = testDb.db.$client
    .prepare("SELECT p.id, r.version, r.state FROM reporting_periods p JOIN period_reports r ON r.period_id = p.id WHERE p.pilot_id = ?")
    .get(pilotId) as { id: number; version: number; state: string } | undefined;
  if (period?.state === "approved") await caller.reviews.reopen({ periodId: period.id, version: period.version, comment: "Updating the register" });
  return { caller, pilotId };
}

/**
 * A pilot whose first quarter (ended, so its figures are the pilot's status) has a register of seven
 * stakeholders, four of them involved and planning to continue (57.14 %), with a percentage indicator
 * computed from it (goal 65 %) and a count typed by hand.
 */
async function pilotWithRegister() {
  const { pilot, due } = await make.pilot({ periodsDue: 1 });
  const period = due[0]!;
  const share = await make.indicator(pilot.id, {
    name: SHARE,
    kind: "qualitative",
    measure: "percentage",
    cumulation: "to_date",
    unit: "% of mapped stakeholders",
    goal: 65,
    fromStakeholderRegister: true,
  });
  const hours = await make.indicator(pilot.id, { unit: "hours" });
  const caller = make.admin;
  const involved = ["Town hall", "Job centre", "Language school", "Parish centre"];
  const notInvolved = ["Legal aid association", "Craft guild", "Sports club"];
  const entries = [];
  for (const organisation of [...involved, ...notInvolved]) {
    const { id } = await caller.stakeholders.create({ pilotId: pilot.id, organisation, type: "ngo" });
    entries.push({ stakeholderId: id, involved: involved.includes(organisation), plansToContinue: involved.includes(organisation) });
  }
  await caller.stakeholders.savePeriod({ periodId: period.id, enteredBy: "Coordinator", entries });
  return { caller, pilotId: pilot.id, period, share, hours };
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error("expected a rejection");
}

describe("stakeholder register", () => {
  it("computes Luserna's involvement, 65.22 % = 15 of 23, from its illustrative register", async () => {
    const { caller, pilotId } = await luserna();
    const register = await caller.stakeholders.register({ pilotId });
    expect(register.stakeholders).toHaveLength(23);
    expect(register.stakeholders.every((s) => s.organisation.includes("(illustrative)") && s.notes.startsWith("Illustrative"))).toBe(true);
    expect(register.linkedIndicators.map((i) => i.name)).toEqual([INVOLVEMENT]);
    const [period] = register.periods;
    expect(period!.share).toEqual({ numerator: 15, denominator: 23, percentage: (100 * 15) / 23 });
    expect(period!.counted).toHaveLength(15);
    expect(period!.notCounted).toContain("Legal aid association (illustrative)");

    const page = await caller.pilots.page({ id: pilotId });
    const involvement = page.indicators.find((i) => i.indicator.name === INVOLVEMENT)!;
    expect(involvement.indicator.fromStakeholderRegister).toBe(true);
    expect(involvement.progress.current).toBeCloseTo(65.22, 2);
    expect(involvement.progress.status).toBe("achieved");
    expect(involvement.comments).toEqual([]);
    expect(involvement.register).toMatchObject({ numerator: 15, denominator: 23 });
    expect(involvement.register!.counted).toContain("Municipal social services (illustrative)");
  });

  it("rewrites the indicator's result in the same save when the register changes", async () => {
    const { caller, pilotId, share } = await pilotWithRegister();
    const register = await caller.stakeholders.register({ pilotId });
    const period = register.periods.find((p) => p.share?.denominator === 7)!;
    const legalAid = register.stakeholders.find((s) => s.organisation.startsWith("Legal aid"))!;
    const outcome = await caller.stakeholders.savePeriod({
      periodId: period.id,
      enteredBy: "Coordinator",
      entries: [{ stakeholderId: legalAid.id, involved: true, plansToContinue: true }],
    });
    expect(outcome.share).toMatchObject({ numerator: 5, denominator: 7 });
    const currentOfShare = async () => (await caller.pilots.page({ id: pilotId })).indicators.find((i) => i.indicator.id === share.id)!.progress.current;
    expect(await currentOfShare()).toBeCloseTo((100 * 5) / 7, 6);
    const statusCounts = async () => (await caller.portfolio.summary()).pilots.find((p) => p.id === pilotId)!.statusCounts;
    const aboveGoal = await statusCounts();

    // A new stakeholder mapped in the period widens the denominator: 62.5 % is below the goal.
    const { id } = await caller.stakeholders.create({ pilotId, organisation: "New partner", type: "employer" });
    await caller.stakeholders.savePeriod({ periodId: period.id, enteredBy: "Coordinator", entries: [{ stakeholderId: id, involved: false, plansToContinue: false }] });
    expect(await currentOfShare()).toBeCloseTo((100 * 5) / 8, 6);
    const belowGoal = await statusCounts();
    expect(belowGoal).not.toEqual(aboveGoal);

    // Archiving takes it off the map again, and the running totals follow (the portfolio reads those).
    await caller.stakeholders.setArchived({ id, archived: true });
    expect(await statusCounts()).toEqual(aboveGoal);
    expect(await currentOfShare()).toBeCloseTo((100 * 5) / 7, 6);
    const exported = await caller.exports.pilotIndicatorTable({ pilotId });
    expect(JSON.stringify(exported)).toMatch(/71\.42857/);
  });

  it("is locked with its period: an approved period's register cannot change", async () => {
    const { caller, pilotId, period } = await pilotWithRegister();
    await caller.reviews.submit({ periodId: period.id, version: 0, confirmIncomplete: true });
    await caller.reviews.approve({ periodId: period.id, version: 1 });
    const register = await caller.stakeholders.register({ pilotId });
    const someone = register.stakeholders[0]!;
    const before = databaseChecksum(testDb.db);
    const error = await rejection(
      caller.stakeholders.savePeriod({ periodId: period.id, enteredBy: "C", entries: [{ stakeholderId: someone.id, involved: false, plansToContinue: false }] }),
    );
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(databaseChecksum(testDb.db)).toBe(before);
  });

  it("refuses manual entry for a register-linked indicator, and saves nothing", async () => {
    const { caller, period, share, hours } = await pilotWithRegister();
    const form = await caller.results.periodForm({ periodId: period.id });
    const computed = form.indicators.find((i) => i.indicator.id === share.id)!.existing!;
    const before = databaseChecksum(testDb.db);
    const error = await rejection(
      caller.results.savePeriod({
        periodId: period.id,
        enteredBy: "Someone",
        entries: [
          { indicatorId: hours.id, expectedVersion: null, value: 230 },
          { indicatorId: share.id, expectedVersion: computed.version, numerator: 6, denominator: 7, comment: "typed" },
        ],
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain(`"${SHARE}" is computed from the stakeholder register`);
    expect(databaseChecksum(testDb.db)).toBe(before);
  });

  it("fills a newly linked indicator from the register at once", async () => {
    const { caller, pilotId } = await pilotWithRegister();
    const fields = {
      pilotId,
      name: "Stakeholders continuing after the pilot",
      kind: "qualitative" as const,
      measure: "percentage" as const,
      cumulation: "to_date" as const,
      goal: 50,
    };
    const { id } = await caller.indicators.create(fields);
    let page = await caller.pilots.page({ id: pilotId });
    expect(page.indicators.find((i) => i.indicator.id === id)!.progress.current).toBeNull();
    await caller.indicators.update({ id, version: 1, corrections: { name: fields.name, kind: fields.kind, goal: fields.goal, fromStakeholderRegister: true } });
    page = await caller.pilots.page({ id: pilotId });
    const linked = page.indicators.find((i) => i.indicator.id === id)!;
    expect(linked.progress.current).toBeCloseTo((100 * 4) / 7, 6);
    expect(linked.register).toMatchObject({ numerator: 4, denominator: 7 });
  });

  it("validates register entries and links only percentages", async () => {
    const { caller, pilotId, period } = await pilotWithRegister();
    const register = await caller.stakeholders.register({ pilotId });
    const someone = register.stakeholders[0]!;
    const before = databaseChecksum(testDb.db);
    const error = await rejection(
      caller.stakeholders.savePeriod({ periodId: period.id, enteredBy: "C", entries: [{ stakeholderId: someone.id, involved: false, plansToContinue: true }] }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(databaseChecksum(testDb.db)).toBe(before);
    const linkCount = await rejection(caller.indicators.create({ pilotId, name: "Hours", kind: "quantitative", measure: "count", goal: 10, fromStakeholderRegister: true }));
    // A direct caller sees the schema's catalogue key; over HTTP the formatter writes it in the reader's language.
    expect(linkCount.message).toContain("validation.registerOnlyPercentage");
    expect(translate("en", "validation.registerOnlyPercentage")).toBe("Only a percentage can be computed from the stakeholder register.");
    const stale = await rejection(caller.stakeholders.update({ id: someone.id, version: someone.version + 1, fields: { pilotId, organisation: "X", type: "ngo" } }));
    expect(stale.code).toBe("CONFLICT");
  });
});
