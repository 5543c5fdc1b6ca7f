import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { databaseChecksum } from "../support/checksum";
import { callerFor, createTestDatabase, seedDemo } from "../support/testDatabase";
import { translate } from "../../server/i18n";

let testDb: ReturnType<typeof createTestDatabase>;
beforeEach(() => {
  testDb = createTestDatabase();
  seedDemo(testDb.db);
});
afterEach(() => testDb.cleanup());

const INVOLVEMENT = "Level of stakeholders' involvement";

/** Luserna, with its whole-pilot report reopened (the demo data has it approved, hence locked). */
async function luserna() {
  const caller = callerFor(testDb.db);
  const { pilots } = await caller.portfolio.summary();
  const pilotId = pilots.find((p) => p.title.startsWith("HOME"))!.id;
  const period = testDb.db.$client.prepare("SELECT p.id, r.version, r.state FROM reporting_periods p JOIN period_reports r ON r.period_id = p.id WHERE p.pilot_id = ?").get(pilotId) as
    | { id: number; version: number; state: string }
    | undefined;
  if (period?.state === "approved") await caller.reviews.reopen({ periodId: period.id, version: period.version, comment: "Updating the register" });
  return { caller, pilotId };
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
    const { caller, pilotId } = await luserna();
    const register = await caller.stakeholders.register({ pilotId });
    const period = register.periods[0]!;
    const legalAid = register.stakeholders.find((s) => s.organisation.startsWith("Legal aid"))!;
    const outcome = await caller.stakeholders.savePeriod({
      periodId: period.id,
      enteredBy: "Coordinator",
      entries: [{ stakeholderId: legalAid.id, involved: true, plansToContinue: true }],
    });
    expect(outcome.share).toMatchObject({ numerator: 16, denominator: 23 });
    let page = await caller.pilots.page({ id: pilotId });
    let involvement = page.indicators.find((i) => i.indicator.name === INVOLVEMENT)!;
    expect(involvement.progress.current).toBeCloseTo((100 * 16) / 23, 6);

    // A new stakeholder mapped in the period widens the denominator.
    const { id } = await caller.stakeholders.create({ pilotId, organisation: "New partner", type: "employer" });
    await caller.stakeholders.savePeriod({ periodId: period.id, enteredBy: "Coordinator", entries: [{ stakeholderId: id, involved: false, plansToContinue: false }] });
    page = await caller.pilots.page({ id: pilotId });
    involvement = page.indicators.find((i) => i.indicator.name === INVOLVEMENT)!;
    expect(involvement.progress.current).toBeCloseTo((100 * 16) / 24, 6);

    // Archiving takes it off the map again, and the running totals follow (the portfolio reads those).
    await caller.stakeholders.setArchived({ id, archived: true });
    const { pilots } = await caller.portfolio.summary();
    expect(pilots.find((p) => p.id === pilotId)!.statusCounts.achieved).toBe(9);
    page = await caller.pilots.page({ id: pilotId });
    expect(page.indicators.find((i) => i.indicator.name === INVOLVEMENT)!.progress.current).toBeCloseTo((100 * 16) / 23, 6);
    const exported = await caller.exports.pilotIndicatorTable({ pilotId });
    expect(JSON.stringify(exported)).toMatch(/69\.56521/);
  });

  it("is locked with its period: an approved period's register cannot change", async () => {
    const caller = callerFor(testDb.db);
    const { pilots } = await caller.portfolio.summary();
    const pilotId = pilots.find((p) => p.title.startsWith("HOME"))!.id;
    const register = await caller.stakeholders.register({ pilotId });
    const someone = register.stakeholders[0]!;
    const before = databaseChecksum(testDb.db);
    const error = await rejection(caller.stakeholders.savePeriod({ periodId: register.periods[0]!.id, enteredBy: "C", entries: [{ stakeholderId: someone.id, involved: false, plansToContinue: false }] }));
    expect(error.code).toBe("PRECONDITION_FAILED");
    expect(databaseChecksum(testDb.db)).toBe(before);
  });

  it("refuses manual entry for a register-linked indicator, and saves nothing", async () => {
    const { caller, pilotId } = await luserna();
    const page = await caller.pilots.page({ id: pilotId });
    const involvement = page.indicators.find((i) => i.indicator.name === INVOLVEMENT)!;
    const hours = page.indicators.find((i) => i.indicator.name === "Number of tutoring hours for migrants")!;
    const before = databaseChecksum(testDb.db);
    const error = await rejection(
      caller.results.savePeriod({
        periodId: page.periods[0]!.id,
        enteredBy: "Someone",
        entries: [
          { indicatorId: hours.indicator.id, expectedVersion: 1, value: 230 },
          { indicatorId: involvement.indicator.id, expectedVersion: 1, numerator: 20, denominator: 23, comment: "typed" },
        ],
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain(`"${INVOLVEMENT}" is computed from the stakeholder register`);
    expect(databaseChecksum(testDb.db)).toBe(before);
  });

  it("fills a newly linked indicator from the register at once", async () => {
    const { caller, pilotId } = await luserna();
    const fields = { pilotId, name: "Stakeholders continuing after the pilot", kind: "qualitative" as const, measure: "percentage" as const, cumulation: "to_date" as const, goal: 50 };
    const { id } = await caller.indicators.create(fields);
    let page = await caller.pilots.page({ id: pilotId });
    expect(page.indicators.find((i) => i.indicator.id === id)!.progress.current).toBeNull();
    await caller.indicators.update({ id, version: 1, corrections: { name: fields.name, kind: fields.kind, goal: fields.goal, fromStakeholderRegister: true } });
    page = await caller.pilots.page({ id: pilotId });
    const linked = page.indicators.find((i) => i.indicator.id === id)!;
    expect(linked.progress.current).toBeCloseTo(65.22, 2);
    expect(linked.register).toMatchObject({ numerator: 15, denominator: 23 });
  });

  it("validates register entries and links only percentages", async () => {
    const { caller, pilotId } = await luserna();
    const register = await caller.stakeholders.register({ pilotId });
    const someone = register.stakeholders[0]!;
    const before = databaseChecksum(testDb.db);
    const error = await rejection(
      caller.stakeholders.savePeriod({ periodId: register.periods[0]!.id, enteredBy: "C", entries: [{ stakeholderId: someone.id, involved: false, plansToContinue: true }] }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(databaseChecksum(testDb.db)).toBe(before);
    const linkCount = await rejection(
      caller.indicators.create({ pilotId, name: "Hours", kind: "quantitative", measure: "count", goal: 10, fromStakeholderRegister: true }),
    );
    // A direct caller sees the schema's catalogue key; over HTTP the formatter writes it in the reader's language.
    expect(linkCount.message).toContain("validation.registerOnlyPercentage");
    expect(translate("en", "validation.registerOnlyPercentage")).toBe("Only a percentage can be computed from the stakeholder register.");
    const stale = await rejection(caller.stakeholders.update({ id: someone.id, version: someone.version + 1, fields: { pilotId, organisation: "X", type: "ngo" } }));
    expect(stale.code).toBe("CONFLICT");
  });
});
