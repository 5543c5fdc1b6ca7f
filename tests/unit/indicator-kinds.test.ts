import { describe, expect, it } from "vitest";
import type { Status } from "../../shared/domain";
import { generateReportingPeriods } from "../../shared/periods";
import {
  aggregationOf,
  currentResult,
  evaluateProgress,
  expectedAt,
  totalResults,
  type IndicatorRuleFields,
  type PeriodResultValues,
  type ProgressInput,
} from "../../shared/progress";
import { checkEnteredValues, type IndicatorForEntry } from "../../shared/resultRules";
import { progressSeries } from "../../shared/series";

/* The kinds of docs/decisions/001 beyond the original three: levels, direct percentages, indices, delivery profiles. */

const pilot = { startDate: "2020-01-01", endDate: "2020-12-30" }; // 365 days
const HALF_WAY = "2020-07-01"; // 183 of 365 days
const AFTER_END = "2021-01-10";

const indicator = (over: Partial<IndicatorRuleFields> = {}): IndicatorRuleFields => ({
  measure: "count",
  cumulation: "increments",
  goalDirection: "at_least",
  baseline: 0,
  goal: 400,
  ...over,
});

function progress(over: Partial<ProgressInput> & { indicator: IndicatorRuleFields }) {
  return evaluateProgress({ pilot, tolerancePercent: 15, asOf: "2020-07-15", current: null, referenceDate: HALF_WAY, latestDuePeriodReported: true, ...over });
}

const result = (periodSequence: number, value: number, over: Partial<PeriodResultValues> = {}): PeriodResultValues => ({
  periodSequence,
  periodEndDate: `2020-${String(periodSequence * 3).padStart(2, "0")}-28`,
  value,
  respondents: null,
  numerator: null,
  denominator: null,
  ...over,
});

describe("levels and rates: each period stands alone, compared with the goal directly", () => {
  const visitors = indicator({ cumulation: "level", goal: 100 }); // visitors per month, at least 100
  const waiting = indicator({ cumulation: "level", goal: 5, goalDirection: "at_most" }); // days of waiting, at most 5
  const results = [result(1, 80), result(2, 90), result(3, 100)];
  it.each([
    { name: "latest", over: { levelAggregation: "latest" as const }, expected: 100, aggregation: "latest" },
    { name: "mean", over: { levelAggregation: "mean" as const }, expected: 90, aggregation: "mean" },
  ])("the current result of a level is the $name of the periods", ({ over, expected, aggregation }) => {
    const totals = totalResults(results);
    expect(currentResult({ ...visitors, ...over }, totals)).toBe(expected);
    expect(aggregationOf({ ...visitors, ...over }, totals)).toBe(aggregation);
  });
  const cases: { name: string; level: IndicatorRuleFields; current: number; asOf?: string; expected: Status }[] = [
    // The case the issue names: 10 % below a monthly level half-way is at risk, not "on track" by pro-rating.
    { name: "a level 10 % below its goal half-way is at risk", level: visitors, current: 90, expected: "at_risk" },
    { name: "a level 20 % below is underperforming", level: visitors, current: 80, expected: "underperforming" },
    { name: "a level at its goal is achieved", level: visitors, current: 100, expected: "achieved" },
    { name: "a level far below after the end is underperforming", level: visitors, current: 50, asOf: AFTER_END, expected: "underperforming" },
    { name: "an 'at most' level under its ceiling is achieved at once (it does not only grow)", level: waiting, current: 4, expected: "achieved" },
    { name: "an 'at most' level 10 % over is at risk", level: waiting, current: 5.5, expected: "at_risk" },
    {
      name: "a level with a goal of zero, at most, is achieved at zero",
      level: indicator({ cumulation: "level", goal: 0, goalDirection: "at_most" }),
      current: 0,
      expected: "achieved",
    },
  ];
  it.each(cases)("$name", ({ level, current, asOf, expected }) => {
    const judged = progress({ indicator: level, current, asOf: asOf ?? "2020-07-15" });
    expect(judged.status).toBe(expected);
    expect(judged.target).toBe(level.goal);
  });
  it("is charted per period against a flat goal line", () => {
    const periods = generateReportingPeriods(pilot.startDate, pilot.endDate, "quarterly");
    const series = progressSeries({ ...visitors, levelAggregation: "latest" }, pilot, periods, results);
    expect(series.map((p) => p.target)).toEqual([100, 100, 100, 100]);
    expect(series.map((p) => p.resultToDate)).toEqual([80, 90, 100, null]);
  });
});

describe("percentages entered directly, with an optional base", () => {
  const women = indicator({ measure: "percentage", entryForm: "direct_percentage", goal: 50 });
  it.each([
    {
      name: "pooled by their bases when every period gives one",
      rows: [result(1, 40, { respondents: 100 }), result(2, 60, { respondents: 300 })],
      expected: 55,
      aggregation: "pooled",
    },
    { name: "the plain mean when a period lacks its base", rows: [result(1, 40, { respondents: 100 }), result(2, 60)], expected: 50, aggregation: "plain_mean" },
    { name: "the plain mean when no period gives a base", rows: [result(1, 48), result(2, 52)], expected: 50, aggregation: "plain_mean" },
  ])("are $name", ({ rows, expected, aggregation }) => {
    const totals = totalResults(rows);
    expect(currentResult(women, totals)).toBeCloseTo(expected, 9);
    expect(aggregationOf(women, totals)).toBe(aggregation);
  });
  it("a running percentage to date is the latest", () => {
    expect(currentResult({ ...women, cumulation: "to_date" }, totalResults([result(1, 40), result(2, 48)]))).toBe(48);
  });
  it("48 % against a goal of 50 % is at risk; 40 % is underperforming", () => {
    expect(progress({ indicator: women, current: 48 }).status).toBe("at_risk");
    expect(progress({ indicator: women, current: 40 }).status).toBe("underperforming");
  });
});

describe("scores: an index is a single value on its scale, without respondents", () => {
  const mipex = indicator({ measure: "score", entryForm: "index", goal: 60 });
  it("its current result is the latest value, not a mean", () => {
    const totals = totalResults([result(1, 50), result(2, 58)]);
    expect(currentResult(mipex, totals)).toBe(58);
    expect(aggregationOf(mipex, totals)).toBe("latest");
  });
  it("a respondent-weighted score stays as it was", () => {
    const score = indicator({ measure: "score", goal: 8 });
    const totals = totalResults([result(1, 8, { respondents: 10 }), result(2, 9, { respondents: 30 })]);
    expect(currentResult(score, totals)).toBeCloseTo(8.75, 9);
    expect(aggregationOf(score, totals)).toBe("pooled");
  });
});

describe("entering the new kinds", () => {
  const base: IndicatorForEntry = { ...indicator(), scaleMin: null, scaleMax: null };
  const empty = { value: null, respondents: null, numerator: null, denominator: null };
  it.each([
    { name: "a whole-number count refuses 2.5", ind: { ...base, wholeNumbers: true }, entered: { ...empty, value: 2.5 }, field: "value", key: "resultRules.wholeNumbersOnly" },
    { name: "a whole-number count takes 3", ind: { ...base, wholeNumbers: true }, entered: { ...empty, value: 3 }, field: null, key: null },
    { name: "a count without the option takes 2.5", ind: base, entered: { ...empty, value: 2.5 }, field: null, key: null },
    {
      name: "a direct percentage needs its value",
      ind: { ...base, measure: "percentage" as const, entryForm: "direct_percentage" as const },
      entered: empty,
      field: "value",
      key: "resultRules.enterPercentage",
    },
    {
      name: "a direct percentage is at most 100",
      ind: { ...base, measure: "percentage" as const, entryForm: "direct_percentage" as const },
      entered: { ...empty, value: 120 },
      field: "value",
      key: "resultRules.percentageOutOfRange",
    },
    {
      name: "a direct percentage's base is a whole number",
      ind: { ...base, measure: "percentage" as const, entryForm: "direct_percentage" as const },
      entered: { ...empty, value: 48, respondents: 0 },
      field: "respondents",
      key: "resultRules.baseWholeNumber",
    },
    {
      name: "a direct percentage takes 48 without a base",
      ind: { ...base, measure: "percentage" as const, entryForm: "direct_percentage" as const },
      entered: { ...empty, value: 48 },
      field: null,
      key: null,
    },
    {
      name: "an index refuses respondents",
      ind: { ...base, measure: "score" as const, entryForm: "index" as const, scaleMin: 0, scaleMax: 100 },
      entered: { ...empty, value: 55, respondents: 3 },
      field: "respondents",
      key: "resultRules.indexNoRespondents",
    },
    {
      name: "an index stays on its scale",
      ind: { ...base, measure: "score" as const, entryForm: "index" as const, scaleMin: 0, scaleMax: 100 },
      entered: { ...empty, value: 101 },
      field: "value",
      key: "resultRules.scoreOffScale",
    },
    {
      name: "an index takes 55 without respondents",
      ind: { ...base, measure: "score" as const, entryForm: "index" as const, scaleMin: 0, scaleMax: 100 },
      entered: { ...empty, value: 55 },
      field: null,
      key: null,
    },
  ])("$name", ({ ind, entered, field, key }) => {
    const check = checkEnteredValues(ind, entered);
    if (field === null) expect(check.ok).toBe(true);
    else {
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.fieldErrors[field as "value"]?.key).toBe(key);
    }
  });
  it("a direct percentage stores its base as the weight and no numerator", () => {
    const check = checkEnteredValues({ ...base, measure: "percentage", entryForm: "direct_percentage" }, { ...empty, value: 48, respondents: 120 });
    expect(check).toEqual({ ok: true, values: { value: 48, respondents: 120, numerator: null, denominator: null } });
  });
});

describe("delivery profiles: what is expected by a date", () => {
  // Milestone of 100 at 30 Jun (day 182), goal 400 at the end (30 Dec).
  const milestones = [{ date: "2020-06-30", target: 100 }];
  const cases: { name: string; over: Partial<IndicatorRuleFields>; date: string; expected: number | null }[] = [
    { name: "linear count half-way: pro-rated", over: {}, date: HALF_WAY, expected: 400 * (183 / 365) },
    { name: "linear level: the goal", over: { cumulation: "level" }, date: HALF_WAY, expected: 400 },
    { name: "linear score: the goal", over: { measure: "score" }, date: HALF_WAY, expected: 400 },
    { name: "interpolated, on the milestone", over: { delivery: "milestones", milestones }, date: "2020-06-30", expected: 100 },
    { name: "interpolated, half-way to the milestone", over: { delivery: "milestones", milestones }, date: "2020-03-31", expected: 100 * (90 / 181) },
    { name: "interpolated, after the milestone towards the goal", over: { delivery: "milestones", milestones }, date: "2020-09-29", expected: 100 + 300 * (91 / 183) },
    {
      name: "stepped, before the milestone: the baseline",
      over: { delivery: "milestones", milestoneShape: "stepped", milestones, baseline: 10 },
      date: "2020-06-29",
      expected: 10,
    },
    { name: "stepped, from the milestone on: its target", over: { delivery: "milestones", milestoneShape: "stepped", milestones }, date: "2020-09-29", expected: 100 },
    { name: "stepped, at the end: the goal", over: { delivery: "milestones", milestoneShape: "stepped", milestones }, date: "2020-12-30", expected: 400 },
    { name: "counted at the end, before it: nothing", over: { delivery: "at_end" }, date: "2020-12-29", expected: null },
    { name: "counted at the end, at the end: the goal", over: { delivery: "at_end" }, date: "2020-12-30", expected: 400 },
  ];
  it.each(cases)("$name", ({ over, date, expected }) => {
    const value = expectedAt(indicator(over), pilot, date);
    if (expected === null) expect(value).toBeNull();
    else expect(value).toBeCloseTo(expected, 9);
  });
});

describe("delivery profiles: status", () => {
  const stepped = indicator({ delivery: "milestones", milestoneShape: "stepped", milestones: [{ date: "2020-06-30", target: 100 }] });
  const atEnd = indicator({ delivery: "at_end", goal: 1 }); // one joint strategy, RCO 83
  const cases: { name: string; ind: IndicatorRuleFields; over: Partial<ProgressInput>; expected: Status }[] = [
    { name: "milestones: 95 of a stepped 100 half-way is at risk (a straight line would expect 200)", ind: stepped, over: { current: 95 }, expected: "at_risk" },
    { name: "milestones: 100 of a stepped 100 half-way is on track", ind: stepped, over: { current: 100 }, expected: "on_track" },
    {
      name: "milestones: before the first milestone, a stepped profile expects the baseline",
      ind: stepped,
      over: { current: 0, referenceDate: "2020-03-31" },
      expected: "on_track",
    },
    { name: "milestones: after the end, the goal", ind: stepped, over: { current: 300, asOf: AFTER_END, referenceDate: pilot.endDate }, expected: "underperforming" },
    { name: "at the end: nothing yet half-way is due at the end, not behind", ind: atEnd, over: { current: null }, expected: "due_at_end" },
    { name: "at the end: a missing intermediate period is not flagged", ind: atEnd, over: { current: null, latestDuePeriodReported: false }, expected: "due_at_end" },
    { name: "at the end: met early is achieved", ind: atEnd, over: { current: 1 }, expected: "achieved" },
    { name: "at the end: the final period is judged as usual", ind: atEnd, over: { current: 0, asOf: AFTER_END, referenceDate: pilot.endDate }, expected: "underperforming" },
    {
      name: "at the end: the final period without a result is not reported",
      ind: atEnd,
      over: { current: null, asOf: AFTER_END, referenceDate: pilot.endDate, latestDuePeriodReported: false },
      expected: "not_reported",
    },
    {
      name: "at the end, at most: under the ceiling is achieved only after the end",
      ind: indicator({ delivery: "at_end", goal: 12, goalDirection: "at_most" }),
      over: { current: 5 },
      expected: "due_at_end",
    },
  ];
  it.each(cases)("$name", ({ ind, over, expected }) => {
    expect(progress({ indicator: ind, ...over }).status).toBe(expected);
  });
  it("a series of an indicator counted at the end draws the goal only at the end", () => {
    const periods = generateReportingPeriods(pilot.startDate, pilot.endDate, "half_yearly");
    expect(progressSeries(atEnd, pilot, periods, []).map((p) => p.target)).toEqual([null, 1]);
  });
});

describe("missing periods do not hide an achievement", () => {
  const cases: { name: string; ind: IndicatorRuleFields; current: number; expected: Status; missing: boolean }[] = [
    { name: "a summed count past its goal stays achieved, flagged as missing a period", ind: indicator({ goal: 100 }), current: 101, expected: "achieved", missing: true },
    { name: "a summed count below its goal is not reported", ind: indicator({ goal: 100 }), current: 99, expected: "not_reported", missing: true },
    {
      name: "a running total past its goal is not reported (it could be restated)",
      ind: indicator({ goal: 100, cumulation: "to_date" }),
      current: 101,
      expected: "not_reported",
      missing: true,
    },
    { name: "a level past its goal is not reported (it could fall)", ind: indicator({ goal: 100, cumulation: "level" }), current: 101, expected: "not_reported", missing: true },
    {
      name: "an 'at most' summed count is not reported (a missing period could hold more)",
      ind: indicator({ goal: 100, goalDirection: "at_most" }),
      current: 50,
      expected: "not_reported",
      missing: true,
    },
  ];
  it.each(cases)("$name", ({ ind, current, expected, missing }) => {
    const judged = progress({ indicator: ind, current, latestDuePeriodReported: false });
    expect(judged.status).toBe(expected);
    expect(judged.missingPeriods).toBe(missing);
  });
  it("after the end too, a summed count at 101 % is achieved", () => {
    const judged = progress({ indicator: indicator({ goal: 100 }), current: 101, asOf: AFTER_END, referenceDate: pilot.endDate, latestDuePeriodReported: false });
    expect(judged.status).toBe("achieved");
    expect(judged.percentOfGoal).toBe(101);
  });
  it("a reported latest period has no missing flag", () => {
    expect(progress({ indicator: indicator(), current: 300 }).missingPeriods).toBe(false);
  });
});

describe("yearly reporting", () => {
  it("a three-year pilot has three yearly periods, the last one short", () => {
    expect(generateReportingPeriods("2021-03-01", "2023-12-31", "yearly")).toEqual([
      { sequence: 1, startDate: "2021-03-01", endDate: "2022-02-28" },
      { sequence: 2, startDate: "2022-03-01", endDate: "2023-02-28" },
      { sequence: 3, startDate: "2023-03-01", endDate: "2023-12-31" },
    ]);
  });
});
