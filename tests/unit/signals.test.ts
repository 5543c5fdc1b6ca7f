import { describe, expect, it } from "vitest";
import { translate } from "../../server/i18n";
import type { Status } from "../../shared/domain";
import { indicatorSignals } from "../../shared/indicatorSignals";
import {
  exceedsGoal,
  meanInterval,
  paceNeeded,
  periodAmounts,
  plausibilityWarnings,
  shareInterval,
  signalMessage,
  wilsonInterval,
  type PlausibilityCheck,
  type PlausibilityInput,
} from "../../shared/signals";

describe("Wilson interval of a share", () => {
  it.each([
    { successes: 15, n: 23, low: 44.9, high: 81.2 },
    { successes: 0, n: 10, low: 0, high: 27.8 },
    { successes: 10, n: 10, low: 72.2, high: 100 },
    { successes: 50, n: 100, low: 40.4, high: 59.6 },
    { successes: 600, n: 1000, low: 56.9, high: 63.0 },
  ])("$successes of $n lies between $low and $high %", ({ successes, n, low, high }) => {
    const interval = wilsonInterval(successes, n)!;
    expect(interval.low).toBeCloseTo(low, 1);
    expect(interval.high).toBeCloseTo(high, 1);
  });

  it.each([
    { successes: 1, n: 0 },
    { successes: -1, n: 5 },
    { successes: 6, n: 5 },
  ])("has none for $successes of $n", ({ successes, n }) => {
    expect(wilsonInterval(successes, n)).toBeNull();
  });

  it.each([
    { name: "15 of 23 against 60 % is not conclusive", goal: 60, numerator: 15, denominator: 23, inconclusive: true },
    { name: "15 of 23 against 40 % is conclusive", goal: 40, numerator: 15, denominator: 23, inconclusive: false },
    { name: "650 of 1000 against 60 % is conclusive", goal: 60, numerator: 650, denominator: 1000, inconclusive: false },
    { name: "a goal on the bound counts as inside", goal: 100, numerator: 10, denominator: 10, inconclusive: true },
  ])("$name", ({ goal, numerator, denominator, inconclusive }) => {
    expect(shareInterval(goal, numerator, denominator)!.inconclusive).toBe(inconclusive);
  });

  it("says the interval and the note in the reader's language", () => {
    const signal = shareInterval(60, 15, 23)!;
    const indicator = { unit: "", measure: "percentage" as const };
    expect(translate("en", signalMessage(signal, indicator, "quarterly"))).toBe(
      "95% interval about 45%–81% (base 23): the goal lies inside it, so the difference from the goal is not conclusive.",
    );
    expect(translate("it", signalMessage(signal, indicator, "quarterly"))).toContain("non è conclusiva");
  });
});

describe("interval of a mean score from its standard deviation", () => {
  it.each([
    { mean: 7, sd: 2, n: 16, low: 6.02, high: 7.98 },
    { mean: 9.5, sd: 2, n: 16, low: 8.52, high: 10, scale: { min: 0, max: 10 } },
  ])("$mean ± from sd $sd and $n respondents", ({ mean, sd, n, low, high, scale }) => {
    const interval = meanInterval(mean, sd, n, scale)!;
    expect(interval.low).toBeCloseTo(low, 2);
    expect(interval.high).toBeCloseTo(high, 2);
  });
  it("has none from one respondent", () => expect(meanInterval(7, 2, 1)).toBeNull());
});

describe("over-achievement: was the goal set too low?", () => {
  it.each([
    { name: "30 of 15 at tolerance 15 %", goal: 15, current: 30, direction: "at_least", signal: true },
    { name: "exactly goal × 1.15 is within the band", goal: 100, current: 115, direction: "at_least", signal: false },
    { name: "just beyond the band", goal: 100, current: 115.01, direction: "at_least", signal: true },
    { name: "an 'at most' goal is never over-achieved", goal: 10, current: 2, direction: "at_most", signal: false },
    { name: "a goal of zero gives no share", goal: 0, current: 5, direction: "at_least", signal: false },
    { name: "nothing reported", goal: 10, current: null, direction: "at_least", signal: false },
  ] as const)("$name", ({ goal, current, direction, signal }) => {
    expect(exceedsGoal({ goal, goalDirection: direction }, current, 15) !== null).toBe(signal);
  });

  it("says 200 % of the goal", () => {
    const signal = exceedsGoal({ goal: 15, goalDirection: "at_least" }, 30, 15)!;
    expect(signal.percentOfGoal).toBe(200);
    expect(translate("en", signalMessage(signal, { unit: "organisations", measure: "count" }, "quarterly"))).toBe(
      "Exceeds the goal by more than the tolerance (200% of the goal; tolerance 15%): was the goal set too low?",
    );
  });
});

describe("pace needed per remaining period", () => {
  const hours = { measure: "count", cumulation: "increments", goalDirection: "at_least", baseline: 0, goal: 400 } as const;
  it.each([
    { name: "behind with 4 periods left", status: "underperforming", current: 228, values: [60, 40, 30, 28, 30, 40], remaining: 4, perPeriod: 43, average: 32 },
    { name: "at risk with 1 period left", status: "at_risk", current: 350, values: [350], remaining: 1, perPeriod: 50, average: 350 },
    { name: "on track needs no pace", status: "on_track", current: 228, values: [228], remaining: 4, perPeriod: null, average: null },
    { name: "no period left", status: "underperforming", current: 228, values: [228], remaining: 0, perPeriod: null, average: null },
    { name: "achieved", status: "achieved", current: 400, values: [400], remaining: 2, perPeriod: null, average: null },
  ] as { name: string; status: Status; current: number; values: number[]; remaining: number; perPeriod: number | null; average: number | null }[])(
    "$name",
    ({ status, current, values, remaining, perPeriod, average }) => {
      const pace = paceNeeded({ indicator: hours, status, current, valuesInOrder: values, remainingPeriods: remaining });
      expect(pace?.perPeriod ?? null).toBe(perPeriod);
      expect(pace?.recentAverage ?? null).toBe(average);
    },
  );

  it("averages the steps between totals to date, from the baseline", () => {
    expect(periodAmounts("to_date", 10, [20, 35, 35, 60])).toEqual([10, 15, 0, 25]);
    const pace = paceNeeded({
      indicator: { ...hours, cumulation: "to_date", baseline: 10, goal: 200 },
      status: "underperforming",
      current: 60,
      valuesInOrder: [20, 35, 35, 60],
      remainingPeriods: 2,
    })!;
    expect(pace.perPeriod).toBe(70);
    expect(pace.recentAverage).toBe(12.5);
  });

  it("for a level judged by its mean, gives the value per remaining period that lifts the mean to the goal; none for the latest value", () => {
    // 48, 53, 41 and 46 visitors a month: a mean of 47 against 50. Eight months left: (50 × 12 − 188) / 8 = 51.5 a month.
    const visitors = { ...hours, cumulation: "level" as const, levelAggregation: "mean" as const, goal: 50 };
    const pace = paceNeeded({ indicator: visitors, status: "at_risk", current: 47, valuesInOrder: [48, 53, 41, 46], remainingPeriods: 8 })!;
    expect(pace.perPeriod).toBe(51.5);
    expect(pace.recentAverage).toBe(47);
    expect(translate("en", signalMessage(pace, { unit: "visitors", measure: "count" }, "monthly"))).toBe("Needs 51.5 visitors a month to reach the goal; the last 4 averaged 47.");
    const latest = { ...visitors, levelAggregation: "latest" as const };
    expect(paceNeeded({ indicator: latest, status: "at_risk", current: 46, valuesInOrder: [48, 53, 41, 46], remainingPeriods: 8 })).toBeNull();
  });

  it("is not given for percentages or 'at most' goals", () => {
    for (const indicator of [
      { ...hours, measure: "percentage" as const },
      { ...hours, goalDirection: "at_most" as const },
    ])
      expect(paceNeeded({ indicator, status: "underperforming", current: 10, valuesInOrder: [10], remainingPeriods: 3 })).toBeNull();
  });

  it("reads 'needs 43 hours a quarter; the last 4 averaged 31'", () => {
    const pace = paceNeeded({ indicator: hours, status: "underperforming", current: 228, valuesInOrder: [60, 31, 31, 31, 31], remainingPeriods: 4 })!;
    expect(translate("en", signalMessage(pace, { unit: "hours", measure: "count" }, "quarterly"))).toBe("Needs 43 hours a quarter to reach the goal; the last 4 averaged 31.");
    expect(translate("de", signalMessage(pace, { unit: "Stunden", measure: "count" }, "monthly"))).toBe(
      "Braucht 43 Stunden pro Monat, um das Ziel zu erreichen; die letzten 4 brachten im Schnitt 31.",
    );
  });
});

describe("plausibility warnings at entry", () => {
  const count = { measure: "count", cumulation: "increments", goal: 50, unit: "associations" } as const;
  const level = { measure: "count", cumulation: "level", goal: 30, unit: "visitors" } as const;
  const v = (value: number, respondents: number | null = null) => ({ value, respondents, numerator: null, denominator: null });
  const cases: { name: string; input: PlausibilityInput; checks: PlausibilityCheck[] }[] = [
    { name: "1,000,000,000,000 against a goal of 50", input: { indicator: count, values: v(1e12), previous: null, registerSize: null }, checks: ["aboveTenTimesGoal"] },
    { name: "exactly ten times the goal is fine", input: { indicator: count, values: v(500), previous: null, registerSize: null }, checks: [] },
    { name: "more than five times the period before", input: { indicator: count, values: v(31), previous: v(6), registerSize: null }, checks: ["aboveFiveTimesPrevious"] },
    { name: "five times the period before is fine", input: { indicator: count, values: v(30), previous: v(6), registerSize: null }, checks: [] },
    { name: "both at once", input: { indicator: count, values: v(600), previous: v(10), registerSize: null }, checks: ["aboveTenTimesGoal", "aboveFiveTimesPrevious"] },
    { name: "after a period of 0 no ratio is asked", input: { indicator: count, values: v(40), previous: v(0), registerSize: null }, checks: [] },
    {
      name: "a running total that goes down",
      input: { indicator: { ...count, cumulation: "to_date" }, values: v(18), previous: v(20), registerSize: null },
      checks: ["runningTotalDown"],
    },
    { name: "a running total that stays", input: { indicator: { ...count, cumulation: "to_date" }, values: v(20), previous: v(20), registerSize: null }, checks: [] },
    { name: "a count that adds may fall to a tenth (a quiet period)", input: { indicator: count, values: v(1), previous: v(20), registerSize: null }, checks: [] },
    { name: "a count that falls to zero is a pause", input: { indicator: count, values: v(0), previous: v(30), registerSize: null }, checks: [] },
    { name: "a count that halves is fine", input: { indicator: count, values: v(15), previous: v(30), registerSize: null }, checks: [] },
    // Levels (docs/decisions/018, "Consequences"): a tenfold jump either way, instead of the five-times rise.
    { name: "a level that jumps tenfold up", input: { indicator: level, values: v(250), previous: v(24), registerSize: null }, checks: ["levelTenfoldUp"] },
    { name: "a level that drops to below a tenth", input: { indicator: level, values: v(2), previous: v(24), registerSize: null }, checks: ["levelTenfoldDown"] },
    { name: "a level exactly ten times the period before is not asked about", input: { indicator: level, values: v(240), previous: v(24), registerSize: null }, checks: [] },
    { name: "a level exactly a tenth of the period before is not asked about", input: { indicator: level, values: v(2.4), previous: v(24), registerSize: null }, checks: [] },
    {
      name: "a level six times the period before is not asked (no five-times rule for levels)",
      input: { indicator: level, values: v(144), previous: v(24), registerSize: null },
      checks: [],
    },
    { name: "a level after a period at zero is not compared", input: { indicator: level, values: v(30), previous: v(0), registerSize: null }, checks: [] },
    { name: "a first level has nothing to jump from", input: { indicator: level, values: v(30), previous: null, registerSize: null }, checks: [] },
    {
      name: "more respondents than the register holds",
      input: { indicator: { measure: "score", cumulation: "increments", goal: 8, unit: "" }, values: v(7, 40), previous: null, registerSize: 12 },
      checks: ["respondentsAboveRegister"],
    },
    {
      name: "an empty register says nothing about respondents",
      input: { indicator: { measure: "score", cumulation: "increments", goal: 8, unit: "" }, values: v(7, 40), previous: null, registerSize: 0 },
      checks: [],
    },
    {
      name: "a percentage is never asked about (its rules cap it at 100 %)",
      input: {
        indicator: { measure: "percentage", cumulation: "increments", goal: 5, unit: "" },
        values: { value: 90, respondents: null, numerator: 9, denominator: 10 },
        previous: null,
        registerSize: null,
      },
      checks: [],
    },
  ];
  it.each(cases)("$name", ({ input, checks }) => {
    expect(plausibilityWarnings(input).map((w) => w.check)).toEqual(checks);
  });

  it("asks about a level's jump in words the coordinator reads", () => {
    const [warning] = plausibilityWarnings({ indicator: level, values: v(2), previous: v(24), registerSize: null });
    expect(translate("en", warning!.message)).toBe("2 visitors is less than a tenth of the level of the period before (24).");
  });

  it("asks in words the coordinator reads", () => {
    const [warning] = plausibilityWarnings({ indicator: count, values: v(1e12), previous: null, registerSize: null });
    expect(translate("en", warning!.message)).toBe("1,000,000,000,000 associations is more than ten times the goal of 50.");
  });
});

describe("the signals of one indicator", () => {
  it("gives a share its pooled interval and the note", () => {
    const result = indicatorSignals({
      indicator: { measure: "percentage", cumulation: "increments", goalDirection: "at_least", baseline: 0, goal: 60, unit: "", levelAggregation: "latest" },
      frequency: "quarterly",
      tolerancePercent: 15,
      status: "achieved",
      current: 65.2,
      results: [
        { periodSequence: 2, value: 70, numerator: 7, denominator: 10 },
        { periodSequence: 1, value: 61.5, numerator: 8, denominator: 13 },
      ],
      remainingPeriods: 2,
    });
    expect(result.interval?.base).toBe(23);
    expect(result.interval?.inconclusive).toBe(true);
    expect(result.signals.map((s) => s.kind)).toEqual(["interval"]);
  });

  it("takes a share to date from its latest period", () => {
    const result = indicatorSignals({
      indicator: { measure: "percentage", cumulation: "to_date", goalDirection: "at_least", baseline: 0, goal: 60, unit: "", levelAggregation: "latest" },
      frequency: "quarterly",
      tolerancePercent: 15,
      status: "achieved",
      current: 65,
      results: [
        { periodSequence: 1, value: 50, numerator: 5, denominator: 10 },
        { periodSequence: 2, value: 65, numerator: 650, denominator: 1000 },
      ],
      remainingPeriods: 0,
    });
    expect(result.interval?.base).toBe(1000);
    expect(result.interval?.inconclusive).toBe(false);
  });

  it("gives a count far beyond its goal the over-achievement note and no pace", () => {
    const result = indicatorSignals({
      indicator: { measure: "count", cumulation: "increments", goalDirection: "at_least", baseline: 0, goal: 15, unit: "organisations", levelAggregation: "latest" },
      frequency: "quarterly",
      tolerancePercent: 15,
      status: "achieved",
      current: 30,
      results: [{ periodSequence: 1, value: 30, numerator: null, denominator: null }],
      remainingPeriods: 3,
    });
    expect(result.signals.map((s) => s.kind)).toEqual(["exceedsGoal"]);
    expect(result.interval).toBeNull();
  });

  it("gives a count behind its goal the pace, from the latest periods in order", () => {
    const result = indicatorSignals({
      indicator: { measure: "count", cumulation: "increments", goalDirection: "at_least", baseline: 0, goal: 400, unit: "hours", levelAggregation: "latest" },
      frequency: "quarterly",
      tolerancePercent: 15,
      status: "underperforming",
      current: 228,
      results: [5, 4, 3, 2, 1].map((sequence) => ({ periodSequence: sequence, value: sequence === 1 ? 100 : 32, numerator: null, denominator: null })),
      remainingPeriods: 4,
    });
    expect(translate("en", result.messages[0]!)).toBe("Needs 43 hours a quarter to reach the goal; the last 4 averaged 32.");
  });
});
