import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { translate } from "../../server/i18n";
import { factories } from "../support/factories";
import { createTestDatabase } from "../support/testDatabase";

/*
 * Signals through the routers (docs/decisions/018): the pilot page and "needs attention" say the same
 * interval, over-achievement and pace as the shared rules, from what was saved through the one write path.
 */

let testDb: ReturnType<typeof createTestDatabase>;
beforeEach(() => {
  testDb = createTestDatabase();
});
afterEach(() => testDb.cleanup());

async function pilotWithSignals() {
  const make = factories(testDb.db);
  const { pilot, due, periods } = await make.pilot({ periodsDue: 4, periodsAfter: 3 });
  const coordinator = await make.account("pilot_coordinator", { pilotId: pilot.id });
  const share = await make.indicator(pilot.id, { measure: "percentage", goal: 60, kind: "qualitative" });
  const organisations = await make.indicator(pilot.id, { unit: "organisations", goal: 15 });
  const hours = await make.indicator(pilot.id, { unit: "hours", goal: 400 });
  const save = (periodId: number, entries: object[]) => coordinator.caller.results.savePeriod({ periodId, entries: entries as never });
  for (const [index, period] of due.entries()) {
    await save(period.id, [
      { indicatorId: share.id, expectedVersion: null, numerator: index === 0 ? 15 : 0, denominator: index === 0 ? 23 : 0 + 1, comment: "x" },
      { indicatorId: organisations.id, expectedVersion: null, value: index === 0 ? 30 : 0, comment: "" },
      { indicatorId: hours.id, expectedVersion: null, value: 31, comment: "Fewer tutors than planned." },
    ]);
  }
  return { make, pilot, periods, share, organisations, hours, coordinator };
}

describe("signals through the routers", () => {
  it("the pilot page gives a share its interval, a count far beyond its goal the note, and a count behind its pace", async () => {
    const { make, pilot, share, organisations, hours } = await pilotWithSignals();
    const page = await make.admin.pilots.page({ id: pilot.id });
    const view = (id: number) => page.indicators.find((i) => i.indicator.id === id)!;
    // 15 of 23, then 0 of 1 three times: 15 of 26 pooled (57.7 %), its interval wide around the 60 % goal.
    expect(view(share.id).interval).toMatchObject({ base: 26, inconclusive: true });
    expect(translate("en", view(share.id).signals[0]!)).toMatch(/^95% interval about 39%–74% \(base 26\): the goal lies inside it/);
    expect(view(organisations.id).signals.map((s) => translate("en", s))).toEqual([
      "Exceeds the goal by more than the tolerance (200% of the goal; tolerance 15%): was the goal set too low?",
    ]);
    // 124 of 400 hours after 4 of 8 quarters: 276 to go over the 4 left, 69 a quarter, against 31.
    expect(view(hours.id).progress.status).toBe("underperforming");
    expect(view(hours.id).signals.map((s) => translate("en", s))).toEqual(["Needs 69 hours a quarter to reach the goal; the last 4 averaged 31."]);
  });

  it("needs attention lists the pace beside a flagged count and the over-achievers apart, as notes", async () => {
    const { make, organisations, hours } = await pilotWithSignals();
    const attention = await make.admin.portfolio.needsAttention({});
    const flagged = attention.items.find((i) => i.indicator.id === hours.id)!;
    expect(flagged.signals.map((s) => translate("it", s))).toEqual(["Servono 69 hours a trimestre per raggiungere l'obiettivo; gli ultimi 4 hanno avuto una media di 31."]);
    expect(attention.items.some((i) => i.indicator.id === organisations.id)).toBe(false);
    const over = attention.overAchieved.find((i) => i.indicator.id === organisations.id)!;
    expect(over.progress.status).toBe("achieved");
    expect(translate("en", over.signals[0]!)).toContain("was the goal set too low?");
  });

  it("the period form and the pilot page show the confirmation of an unusual figure with the result", async () => {
    const { make, pilot, periods, organisations, coordinator } = await pilotWithSignals();
    const current = periods.find((p) => p.hasStarted && !p.isDue)!;
    await coordinator.caller.results.savePeriod({
      periodId: current.id,
      entries: [{ indicatorId: organisations.id, expectedVersion: null, value: 1_000_000_000_000, comment: "", plausibilityConfirmed: true }],
    });
    const form = await coordinator.caller.results.periodForm({ periodId: current.id });
    const entry = form.indicators.find((i) => i.indicator.id === organisations.id)!;
    expect(entry.existing?.plausibilityConfirmation?.checks).toEqual(["aboveTenTimesGoal"]);
    const page = await make.admin.pilots.page({ id: pilot.id });
    const [confirmation] = page.indicators.find((i) => i.indicator.id === organisations.id)!.confirmations;
    expect(confirmation!.enteredBy).toBe(coordinator.name);
    expect(translate("de", confirmation!.messages[0]!)).toBe("1.000.000.000.000 organisations ist mehr als das Zehnfache des Ziels von 15.");
  });
});
