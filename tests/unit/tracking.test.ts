import { describe, expect, it } from "vitest";
import { generateReportingPeriods } from "../../shared/periods";
import type { IndicatorRuleFields, PeriodResultValues } from "../../shared/progress";
import { trackingCells } from "../../shared/tracking";

// 2021 is not a leap year: four quarters of 90, 91, 92 and 92 days.
const pilot = { startDate: "2021-01-01", endDate: "2021-12-31" };
const periods = generateReportingPeriods(pilot.startDate, pilot.endDate, "quarterly");
const count = (over: Partial<IndicatorRuleFields> = {}): IndicatorRuleFields => ({
  measure: "count",
  cumulation: "increments",
  goalDirection: "at_least",
  baseline: 0,
  goal: 365,
  ...over,
});

function results(entries: ({ value: number; respondents?: number; numerator?: number; denominator?: number } | null)[]): PeriodResultValues[] {
  return entries.flatMap((entry, index) =>
    entry === null
      ? []
      : [
          {
            periodSequence: index + 1,
            periodEndDate: periods[index]!.endDate,
            value: entry.value,
            respondents: entry.respondents ?? null,
            numerator: entry.numerator ?? null,
            denominator: entry.denominator ?? null,
          },
        ],
  );
}

describe("indicator performance tracking table", () => {
  const cases: {
    name: string;
    indicator: IndicatorRuleFields;
    entries: Parameters<typeof results>[0];
    target: number[];
    result: (number | null)[];
    cumulative: (number | null)[];
    percent: (number | null)[];
  }[] = [
    {
      name: "a count adds up its periods; the target grows with the days elapsed",
      indicator: count(),
      entries: [{ value: 80 }, { value: 100 }, null, { value: 90 }],
      target: [90, 181, 273, 365],
      result: [80, 100, null, 90],
      cumulative: [80, 180, 180, 270],
      percent: [80 / 365, 180 / 365, 180 / 365, 270 / 365],
    },
    {
      name: "a count with a baseline starts its target and its result from the baseline",
      indicator: count({ baseline: 100, goal: 465 }),
      entries: [{ value: 50 }, null, null, null],
      target: [190, 281, 373, 465],
      result: [50, null, null, null],
      cumulative: [150, null, null, null],
      percent: [150 / 465, null, null, null],
    },
    {
      name: "a count of totals to date takes the latest total",
      indicator: count({ cumulation: "to_date", goal: 20 }),
      entries: [{ value: 5 }, { value: 8 }, { value: 8 }, { value: 12 }],
      target: [20 * (90 / 365), 20 * (181 / 365), 20 * (273 / 365), 20],
      result: [5, 8, 8, 12],
      cumulative: [5, 8, 8, 12],
      percent: [0.25, 0.4, 0.4, 0.6],
    },
    {
      name: "a score's cumulative result is weighted by respondents; its target is the goal",
      indicator: { measure: "score", cumulation: "increments", goalDirection: "at_least", baseline: 0, goal: 8 },
      entries: [
        { value: 9, respondents: 10 },
        { value: 6, respondents: 30 },
      ],
      target: [8, 8, 8, 8],
      result: [9, 6, null, null],
      cumulative: [9, 6.75, null, null],
      percent: [9 / 8, 6.75 / 8, null, null],
    },
    {
      name: "a percentage that adds up pools its numerators and denominators",
      indicator: { measure: "percentage", cumulation: "increments", goalDirection: "at_least", baseline: 0, goal: 50 },
      entries: [
        { value: 10, numerator: 1, denominator: 10 },
        { value: 90, numerator: 9, denominator: 10 },
      ],
      target: [50, 50, 50, 50],
      result: [10, 90, null, null],
      cumulative: [10, 50, null, null],
      percent: [0.2, 1, null, null],
    },
    {
      name: "a goal of 0 has no % of goal",
      indicator: count({ goal: 0, goalDirection: "at_most" }),
      entries: [{ value: 1 }],
      target: [0, 0, 0, 0],
      result: [1, null, null, null],
      cumulative: [1, null, null, null],
      percent: [null, null, null, null],
    },
  ];

  it.each(cases)("$name", ({ indicator, entries, target, result, cumulative, percent }) => {
    const cells = trackingCells(indicator, pilot, periods, results(entries));
    expect(cells.map((c) => c.sequence)).toEqual([1, 2, 3, 4]);
    expect(cells.map((c) => [c.startDate, c.endDate])).toEqual(periods.map((p) => [p.startDate, p.endDate]));
    cells.forEach((cell, index) => {
      expect(cell.targetToDate).toBeCloseTo(target[index]!, 9);
      expect(cell.result).toBe(result[index]);
      if (cumulative[index] === null) expect(cell.cumulative).toBeNull();
      else expect(cell.cumulative).toBeCloseTo(cumulative[index]!, 9);
      if (percent[index] === null) expect(cell.fractionOfGoal).toBeNull();
      else expect(cell.fractionOfGoal).toBeCloseTo(percent[index]!, 9);
    });
  });

  it("computes over every period even when the results arrive out of order", () => {
    const shuffled = results([{ value: 1 }, { value: 2 }, { value: 3 }]).reverse();
    expect(trackingCells(count(), pilot, [...periods].reverse(), shuffled).map((c) => c.cumulative)).toEqual([1, 3, 6, null]);
  });
});
