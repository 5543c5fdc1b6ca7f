import { TRPCError } from "@trpc/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addDays } from "../../shared/dates";
import { databaseChecksum } from "../support/checksum";
import { factories } from "../support/factories";
import { callerFor, createTestDatabase } from "../support/testDatabase";
import { translate } from "../../server/i18n";
import type { Message } from "../../shared/i18n/message";

let testDb: ReturnType<typeof createTestDatabase>;
let make: ReturnType<typeof factories>;

beforeEach(() => {
  testDb = createTestDatabase();
  make = factories(testDb.db);
});
afterEach(() => testDb.cleanup());

/**
 * A pilot half-way through (four quarters due, the fifth running, two to come), with one indicator of each
 * measure and its coordinator signed in. Goals are set so that the values the tests save in the running
 * quarter are on track, except where a test says otherwise.
 */
async function runningQuarter() {
  const { pilot, current: period, periods } = await make.pilot({ periodsDue: 4, periodsAfter: 2 });
  const hours = await make.indicator(pilot.id, { unit: "hours", goal: 80 });
  const migrants = await make.indicator(pilot.id, { unit: "people", goal: 200 });
  const score = await make.indicator(pilot.id, { kind: "qualitative", measure: "score", cumulation: "to_date", unit: "average grade", goal: 8, scaleMin: 1, scaleMax: 10 });
  const completion = await make.indicator(pilot.id, { kind: "qualitative", measure: "percentage", cumulation: "to_date", unit: "% of enrolled participants", goal: 75 });
  const coordinator = await make.account("pilot_coordinator", { pilotId: pilot.id });
  return { pilot, period, periods, hours, migrants, score, completion, coordinator, caller: coordinator.caller };
}

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("Expected the call to be refused");
}

/** The field errors as an English reader gets them (the router keeps them as catalogue messages). */
function fieldErrorsOf(error: TRPCError): Record<string, string> {
  const fieldErrors = (error.cause as unknown as { fieldErrors: Record<string, Message | string> }).fieldErrors;
  return Object.fromEntries(Object.entries(fieldErrors).map(([field, text]) => [field, translate("en", text)]));
}

describe("saving a period's results", () => {
  it("saves every kind of value in one go and the status follows", async () => {
    const { period, pilot, score, hours, completion, coordinator, caller } = await runningQuarter();
    const outcome = await caller.results.savePeriod({
      periodId: period.id,
      enteredBy: "Maria Rossi",
      entries: [
        { indicatorId: score.id, expectedVersion: null, value: 8.6, respondents: 11 },
        { indicatorId: hours.id, expectedVersion: null, value: 70 },
        { indicatorId: completion.id, expectedVersion: null, numerator: 46, denominator: 60, comment: "Better with the Saturday group." },
      ],
    });
    expect(outcome).toEqual({ saved: 3, unchanged: 0, versions: { [score.id]: 1, [hours.id]: 1, [completion.id]: 1 } });
    const page = await caller.pilots.page({ id: pilot.id, asOf: "2099-01-01" });
    const completionRow = page.indicators.find((i) => i.indicator.id === completion.id)!;
    expect(completionRow.progress.current).toBeCloseTo((100 * 46) / 60, 4);
    const form = await caller.results.periodForm({ periodId: period.id });
    const saved = form.indicators.find((i) => i.indicator.id === score.id)!.existing!;
    expect(saved).toMatchObject({ value: 8.6, respondents: 11, enteredBy: coordinator.name, version: 1 });
  });

  it("requires an explanation for a value below expected progress, and saves nothing without it", async () => {
    const { period, migrants, hours, caller } = await runningQuarter();
    const before = databaseChecksum(testDb.db);
    const error = await rejection(
      caller.results.savePeriod({
        periodId: period.id,
        enteredBy: "Maria Rossi",
        entries: [
          { indicatorId: hours.id, expectedVersion: null, value: 70 },
          { indicatorId: migrants.id, expectedVersion: null, value: 1 },
        ],
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(error)).toEqual({ "entries.1.comment": "This result is below its goal or expected progress: explain the factors behind it." });
    expect(databaseChecksum(testDb.db)).toBe(before);

    await caller.results.savePeriod({
      periodId: period.id,
      enteredBy: "Maria Rossi",
      entries: [
        { indicatorId: hours.id, expectedVersion: null, value: 70 },
        { indicatorId: migrants.id, expectedVersion: null, value: 1, comment: "Snow closed the valley road for three weeks." },
      ],
    });
    const { items } = await caller.portfolio.needsAttention({ asOf: addDays(period.endDate, 1) });
    expect(items.find((i) => i.indicator.id === migrants.id)?.latestComment?.comment).toBe("Snow closed the valley road for three weeks.");
  });

  it("refuses out-of-range values with a message per field and saves nothing", async () => {
    const { period, score, completion, hours, caller } = await runningQuarter();
    const before = databaseChecksum(testDb.db);
    const error = await rejection(
      caller.results.savePeriod({
        periodId: period.id,
        enteredBy: "Maria Rossi",
        entries: [
          { indicatorId: hours.id, expectedVersion: null, value: -5 },
          { indicatorId: score.id, expectedVersion: null, value: 11, respondents: 3 },
          { indicatorId: completion.id, expectedVersion: null, numerator: 30, denominator: 20 },
        ],
      }),
    );
    expect(fieldErrorsOf(error)).toEqual({
      "entries.0.value": "A count cannot be negative.",
      "entries.1.value": "The score must be on the scale from 1 to 10.",
      "entries.2.numerator": "The numerator cannot be above the denominator.",
    });
    expect(error.message).toBe("Nothing was saved: 3 values need attention.");
    expect(databaseChecksum(testDb.db)).toBe(before);
  });

  it("refuses non-numbers, unknown fields and another pilot's indicator at the boundary", async () => {
    const { period, hours, caller } = await runningQuarter();
    const elsewhere = await make.indicator((await make.pilot()).pilot.id);
    const before = databaseChecksum(testDb.db);
    const notANumber = await rejection(
      caller.results.savePeriod({ periodId: period.id, enteredBy: "M", entries: [{ indicatorId: hours.id, expectedVersion: null, value: Number.NaN }] }),
    );
    expect(notANumber.code).toBe("BAD_REQUEST");
    const extraField = await rejection(
      caller.results.savePeriod({ periodId: period.id, enteredBy: "M", entries: [{ indicatorId: hours.id, expectedVersion: null, value: 1, sneaky: 1 } as never] }),
    );
    expect(extraField.code).toBe("BAD_REQUEST");
    const foreign = await rejection(caller.results.savePeriod({ periodId: period.id, enteredBy: "M", entries: [{ indicatorId: elsewhere.id, expectedVersion: null, value: 1 }] }));
    expect(fieldErrorsOf(foreign)).toEqual({ "entries.0.indicatorId": "This indicator does not belong to the pilot, or is archived." });
    expect(databaseChecksum(testDb.db)).toBe(before);
  });

  it("never overwrites a colleague's change made after the form was opened, and says what the value now is", async () => {
    const { period, hours, coordinator, caller } = await runningQuarter();
    const colleague = callerFor(testDb.db);
    await caller.results.savePeriod({ periodId: period.id, entries: [{ indicatorId: hours.id, expectedVersion: null, value: 70, comment: "Two extra evening classes." }] });
    // The colleague opened the empty form before the coordinator saved.
    const stale = await rejection(colleague.results.savePeriod({ periodId: period.id, entries: [{ indicatorId: hours.id, expectedVersion: null, value: 90 }] }));
    expect(stale.code).toBe("CONFLICT");
    expect(stale.message).toContain(`was changed by ${coordinator.name}`);
    expect(stale.message).toContain('it is now 70 hours ("Two extra evening classes.")');
    // The coordinator corrects their own value with the version they saw.
    await caller.results.savePeriod({ periodId: period.id, entries: [{ indicatorId: hours.id, expectedVersion: 1, value: 75 }] });
    const secondStale = await rejection(colleague.results.savePeriod({ periodId: period.id, entries: [{ indicatorId: hours.id, expectedVersion: 1, value: 90 }] }));
    expect(secondStale.code).toBe("CONFLICT");
    expect(secondStale.message).toContain("it is now 75 hours");
    const form = await caller.results.periodForm({ periodId: period.id });
    expect(form.indicators.find((i) => i.indicator.id === hours.id)!.existing).toMatchObject({ value: 75, version: 2, enteredBy: coordinator.name });
  });

  it("records results under the signed-in person's name, whatever name the request gives", async () => {
    const { period, hours, coordinator, caller } = await runningQuarter();
    await caller.results.savePeriod({ periodId: period.id, enteredBy: "Somebody else", entries: [{ indicatorId: hours.id, expectedVersion: null, value: 70 }] });
    const form = await caller.results.periodForm({ periodId: period.id });
    expect(form.indicators.find((i) => i.indicator.id === hours.id)!.existing?.enteredBy).toBe(coordinator.name);
  });

  it("correcting an earlier period updates the result to date of every later period", async () => {
    const { pilot, periods, hours, caller } = await runningQuarter();
    // Four quarters reported; the first approved by the project's manager, so locked.
    for (const [index, period] of periods.slice(0, 4).entries()) {
      await caller.results.savePeriod({ periodId: period.id, entries: [{ indicatorId: hours.id, expectedVersion: null, value: 20 + index }] });
    }
    const manager = await make.account("project_manager", { projectId: pilot.projectId });
    await caller.reviews.submit({ periodId: periods[0]!.id, version: 0, confirmIncomplete: true });
    await manager.caller.reviews.approve({ periodId: periods[0]!.id, version: 1 });
    const before = await caller.pilots.page({ id: pilot.id });
    const first = before.periods[0]!;
    const form = await caller.results.periodForm({ periodId: first.id });
    const existing = form.indicators.find((i) => i.indicator.id === hours.id)!.existing!;
    const correction = { periodId: first.id, entries: [{ indicatorId: hours.id, expectedVersion: existing.version, value: existing.value + 100 }] };
    expect((await rejection(caller.results.savePeriod(correction))).code).toBe("PRECONDITION_FAILED");
    await manager.caller.reviews.reopen({ periodId: first.id, version: first.report.version, comment: "The first quarter's hours were under-counted." });
    await caller.results.savePeriod(correction);
    const after = await caller.pilots.page({ id: pilot.id });
    const currentOf = (page: typeof before) => page.indicators.find((i) => i.indicator.id === hours.id)!.progress.current!;
    expect(currentOf(after)).toBe(currentOf(before) + 100);
    expect(after.indicators.find((i) => i.indicator.id === hours.id)!.series[3]!.resultToDate).toBe(currentOf(after));
  });

  it("the portfolio shows a save at once (its read cache follows every write)", async () => {
    const { period, hours, pilot, caller } = await runningQuarter();
    const asOf = addDays(period.endDate, 1);
    const before = (await caller.portfolio.summary({ asOf })).pilots.find((p) => p.id === pilot.id)!;
    expect(before.statusCounts.not_reported).toBe(4);
    await caller.results.savePeriod({ periodId: period.id, enteredBy: "Anna", entries: [{ indicatorId: hours.id, expectedVersion: null, value: 70 }] });
    const after = (await caller.portfolio.summary({ asOf })).pilots.find((p) => p.id === pilot.id)!;
    expect(after.statusCounts.not_reported).toBe(3);
  });

  it("re-saving identical values changes nothing", async () => {
    const { period, hours, caller } = await runningQuarter();
    await caller.results.savePeriod({ periodId: period.id, enteredBy: "Anna", entries: [{ indicatorId: hours.id, expectedVersion: null, value: 70 }] });
    const before = databaseChecksum(testDb.db);
    expect(await caller.results.savePeriod({ periodId: period.id, enteredBy: "Bruno", entries: [{ indicatorId: hours.id, expectedVersion: 1, value: 70 }] })).toEqual({
      saved: 0,
      unchanged: 1,
      versions: { [hours.id]: 1 },
    });
    expect(databaseChecksum(testDb.db)).toBe(before);
  });

  it("does not accept results for a period that has not started", async () => {
    const { pilot, hours, caller } = await runningQuarter();
    const page = await caller.pilots.page({ id: pilot.id });
    const future = page.periods.find((p) => !p.hasStarted)!;
    const error = await rejection(caller.results.savePeriod({ periodId: future.id, enteredBy: "M", entries: [{ indicatorId: hours.id, expectedVersion: null, value: 1 }] }));
    expect(error.code).toBe("BAD_REQUEST");
  });
});
