import { describe, expect, it } from "vitest";
import { fictionalPilotSpan } from "../../server/demo/demo";
import { addDays, addMonths, daysInclusive } from "../../shared/dates";
import { generateReportingPeriods } from "../../shared/periods";
import { expectedLanguageHoursProjection } from "../support/demoExpectations";
import { DEFAULT_TEST_DAY } from "../support/testDay";

/** Every day of a whole leap-year cycle: each month length and each place of 29 February. */
const CYCLE_START = "2026-01-01";
const everyDay = Array.from({ length: daysInclusive(CYCLE_START, "2029-12-31") }, (_, i) => addDays(CYCLE_START, i));

describe("the fictional pilot's dates follow the day the demo is loaded", () => {
  it("always has four quarters due and the fifth running, whatever the day", () => {
    for (const today of everyDay) {
      const pilot = fictionalPilotSpan(today);
      const periods = generateReportingPeriods(pilot.startDate, pilot.endDate, "quarterly");
      expect(periods, today).toHaveLength(8);
      expect(periods.filter((p) => p.endDate < today).length, today).toBe(4);
      expect(periods[4]!.startDate <= today && today <= periods[4]!.endDate, today).toBe(true);
      expect(pilot.endDate, today).toBe(addDays(addMonths(pilot.startDate, 24), -1));
    }
  });

  it("tells the language hours' story the same way on every day: likely to miss, 81 % of the goal, 389 to 391 hours", () => {
    const projected = new Set<number>();
    for (const today of everyDay) {
      const hours = expectedLanguageHoursProjection(today);
      expect(hours.likelyToMiss, today).toBe(true);
      expect(hours.percentOfGoal, today).toBe(81);
      projected.add(hours.projected);
    }
    expect([...projected].sort()).toEqual([389, 390, 391]);
  });

  it("gives the same figures on every day of one month: the dates move by whole months", () => {
    const first = expectedLanguageHoursProjection("2028-02-01");
    for (const today of ["2028-02-02", "2028-02-15", "2028-02-28", "2028-02-29"]) expect(expectedLanguageHoursProjection(today)).toEqual(first);
  });

  it("ends near 390 of 480 hours on the tests' default day, as the README and decision 005 say", () => {
    expect(expectedLanguageHoursProjection(DEFAULT_TEST_DAY).text).toBe("projected at end: 390 of 480 hours (81%), range 304–476");
  });
});
