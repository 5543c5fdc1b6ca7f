import { describe, expect, it } from "vitest";
import { describeProjection, projectIndicator, tQuantile80, type ProjectionIndicator } from "../../shared/projection";
import { projectionSeries } from "../../shared/series";
import { message } from "../../shared/i18n/message";
import { translate } from "../../server/i18n";

/** The sentences are Messages; their English translation keeps the wording checked. */
const english = (m: Parameters<typeof translate>[1]) => translate("en", m);
const italian = (m: Parameters<typeof translate>[1]) => translate("it", m);

// 365 days; the periods below end on pilot days 100, 200 and 300.
const pilot = { startDate: "2020-01-01", endDate: "2020-12-30" };
const DAY_100 = "2020-04-09";
const DAY_200 = "2020-07-18";
const DAY_300 = "2020-10-26";
const AS_OF = "2020-11-01";

const count = (over: Partial<ProjectionIndicator & { unit: string }> = {}): ProjectionIndicator & { unit: string } => ({
  measure: "count",
  cumulation: "increments",
  goalDirection: "at_least",
  baseline: 0,
  goal: 400,
  unit: "hours",
  ...over,
});
const results = (...values: number[]) => values.map((value, i) => ({ periodSequence: i + 1, periodEndDate: [DAY_100, DAY_200, DAY_300][i]!, value }));
const project = (indicator: ProjectionIndicator, values: number[], over: { asOf?: string; tolerancePercent?: number } = {}) =>
  projectIndicator({ indicator, pilot, tolerancePercent: over.tolerancePercent ?? 15, asOf: over.asOf ?? AS_OF, results: results(...values) });

describe("count projection: least-squares line over the result to date, read off at the pilot's end", () => {
  it("rising with some spread: 100, 220, 300 hours give 372 of 400 with an 80 % prediction interval", () => {
    // x̄ = 200, ȳ = 206.67, Sxx = 20,000, Sxy = 20,000: slope 1 a day, line 6.67 + x; at day 365: 371.67.
    // Residuals −6.67, 13.33, −6.67: SSR 266.67 on 1 degree of freedom; t(0.9, 1) = 3.078;
    // half-width 3.078 × √(266.67 × (1 + 1/3 + 165² / 20,000)) = 82.51; the low end is floored at the 300 done.
    const projection = project(count(), [100, 120, 80]);
    expect(projection).toMatchObject({ kind: "count", fromDate: DAY_300, fromValue: 300, endDate: pilot.endDate, rangeMethod: "prediction_interval", periodsUsed: 3 });
    if (projection.kind !== "count") throw new Error("no projection");
    expect(projection.projected).toBeCloseTo(371.667, 3);
    expect(projection.low).toBe(300);
    expect(projection.high).toBeCloseTo(454.176, 2);
    expect(projection.percentOfGoal).toBeCloseTo(92.917, 3);
    expect(projection.shortfallPercent).toBeCloseTo(7.083, 3);
    expect(projection.likelyToMiss).toBe(false);
    expect(english(describeProjection(projection, count()))).toBe("projected at end: 372 of 400 hours (93%), range 300–454");
    expect(italian(describeProjection(projection, count()))).toBe("proiezione a fine pilota: 372 su 400 hours (93\u00a0%), intervallo 300–454");
  });

  it("a straight rise has no spread and misses only beyond the tolerance", () => {
    // 100 hours every 100 days: the line is y = x, 365 at the end, 8.75 % short of 400.
    const projection = project(count(), [100, 100, 100]);
    if (projection.kind !== "count") throw new Error("no projection");
    expect(projection.projected).toBeCloseTo(365, 9);
    expect(projection.low).toBeCloseTo(365, 6);
    expect(projection.high).toBeCloseTo(365, 6);
    expect(projection.likelyToMiss).toBe(false);
    expect(project(count(), [100, 100, 100], { tolerancePercent: 5 })).toMatchObject({ likelyToMiss: true });
  });

  it("flags a flat count even while today's status would still be fine", () => {
    // 10 organisations to date three times in a row against a goal of 20: the line stays at 10, 50 % short.
    const projection = project(count({ cumulation: "to_date", goal: 20, unit: "organizations" }), [10, 10, 10]);
    expect(projection).toMatchObject({ kind: "count", projected: 10, low: 10, high: 10, shortfallPercent: 50, likelyToMiss: true });
  });

  it("follows a falling total to date, and inverts the comparison for 'at most' goals", () => {
    // 30, 25, 20 volunteers active to date: slope −0.05 a day, 25 − 0.05 × 165 = 16.75 at the end.
    const falling = project(count({ cumulation: "to_date", goal: 30, unit: "volunteers" }), [30, 25, 20]);
    if (falling.kind !== "count") throw new Error("no projection");
    expect(falling.projected).toBeCloseTo(16.75, 9);
    expect(falling.shortfallPercent).toBeCloseTo(44.167, 3);
    expect(falling.likelyToMiss).toBe(true);
    expect(project(count({ cumulation: "to_date", goal: 20, goalDirection: "at_most" }), [30, 25, 20])).toMatchObject({ likelyToMiss: false, shortfallPercent: 0 });
    // Complaints 2, 4, 6 add up to 2, 6, 12: slope 0.05, 6.67 + 0.05 × 165 = 14.92 at the end, 24.3 % over "at most 12".
    const complaints = project(count({ goal: 12, goalDirection: "at_most" }), [2, 4, 6]);
    if (complaints.kind !== "count") throw new Error("no projection");
    expect(complaints.projected).toBeCloseTo(14.917, 3);
    expect(complaints.shortfallPercent).toBeCloseTo(24.306, 3);
    expect(complaints.likelyToMiss).toBe(true);
  });

  it("with two periods, spans the recent pace and the average pace since the start", () => {
    // 100 then 50 hours: the line through (100, 100) and (200, 150) ends at 232.5; the pace since the start
    // (150 in 200 days) ends at 150 + 0.75 × 165 = 273.75.
    const projection = project(count(), [100, 50]);
    expect(projection).toMatchObject({ kind: "count", projected: 232.5, low: 232.5, high: 273.75, rangeMethod: "pace_since_start", likelyToMiss: true });
  });

  it("counts from the baseline", () => {
    const projection = project(count({ baseline: 50 }), [100, 100, 100]);
    expect(projection).toMatchObject({ kind: "count", fromValue: 350 });
    if (projection.kind === "count") expect(projection.projected).toBeCloseTo(415, 9);
  });

  it("gives no projection from one period, and says why", () => {
    expect(project(count(), [120])).toEqual({ kind: "none", reason: message("projection.reason.onlyOnePeriod") });
    expect(project(count(), [])).toEqual({ kind: "none", reason: message("projection.reason.nothingReported") });
  });

  it("gives no projection once the pilot has ended", () => {
    expect(project(count(), [100, 120, 80], { asOf: "2021-01-05" })).toEqual({ kind: "none", reason: message("projection.reason.pilotEnded") });
  });
});

describe("scores and percentages: a warning when the last three periods move away from the goal", () => {
  const score = (over: Partial<ProjectionIndicator> = {}): ProjectionIndicator & { unit: string } => ({
    measure: "score",
    cumulation: "increments",
    goalDirection: "at_least",
    baseline: 0,
    goal: 8,
    unit: "",
    ...over,
  });
  it("flags three falling period means", () => {
    const projection = project(score(), [8.6, 8.2, 7.9]);
    expect(projection).toEqual({ kind: "trend", lastValues: [8.6, 8.2, 7.9], worsening: true, likelyToMiss: true });
    expect(english(describeProjection(projection, score()))).toBe("falling for three periods: 8.6, 8.2, 7.9");
    // A comma is the decimal mark in Italian, so the values are kept apart with semicolons.
    expect(italian(describeProjection(projection, score()))).toBe("in calo da tre periodi: 8,6; 8,2; 7,9");
  });
  it("does not flag an up-and-down series", () => {
    expect(project(score(), [8.2, 7.9, 8.4])).toMatchObject({ worsening: false, likelyToMiss: false });
  });
  it("flags a rising percentage when the goal is 'at most'", () => {
    expect(project(score({ measure: "percentage", goal: 10, goalDirection: "at_most" }), [4, 6, 9])).toMatchObject({ worsening: true });
    expect(project(score({ measure: "percentage", goal: 10, goalDirection: "at_most" }), [9, 6, 4])).toMatchObject({ worsening: false });
  });
  it("needs three periods", () => {
    const two = project(score(), [8.6, 8.2]);
    expect(two).toEqual({ kind: "none", reason: message("projection.reason.trendNeedsThree", { count: 2 }) });
    expect(english(describeProjection(two, score()))).toBe("A trend needs three reported periods; only 2 are reported.");
    expect(english(describeProjection(project(score(), [8.6]), score()))).toBe("A trend needs three reported periods; only 1 is reported.");
    expect(english(describeProjection(project(score(), []), score()))).toBe("A trend needs three reported periods; none is reported yet.");
  });
});

describe("the early warning follows the indicator's measure and delivery profile (issue 23)", () => {
  it("reads a level by its last three periods, not by a line: a mean level of 130, 90, 95 visitors a month (goal 100) is no miss", () => {
    // A line through 130, 90, 95 ends near 65 at the pilot's end, yet each month stands on its own and their mean is 105.
    const level = count({ cumulation: "level", goal: 100, unit: "visitors" });
    expect(project(level, [130, 90, 95])).toEqual({ kind: "trend", lastValues: [130, 90, 95], worsening: false, likelyToMiss: false });
    expect(project(level, [120, 110, 90])).toMatchObject({ kind: "trend", worsening: true, likelyToMiss: true });
    expect(english(describeProjection(project(level, [120, 110, 90]), level))).toBe("falling for three periods: 120, 110, 90");
  });
  it("projects nothing before the end for an indicator counted at the end, and says why", () => {
    // Nothing delivered until the final period is the plan, not a trend towards zero.
    const strategy = count({ goal: 1, unit: "strategies", delivery: "at_end" });
    const projection = project(strategy, [0, 0, 0]);
    expect(projection).toEqual({ kind: "none", reason: message("projection.reason.countedAtEnd") });
    expect(english(describeProjection(projection, strategy))).toBe("Counted at the end: nothing is expected before the final period, so there is no trend to project.");
    expect(project(strategy, [0, 0, 0], { asOf: "2021-01-05" })).toEqual({ kind: "none", reason: message("projection.reason.pilotEnded") });
  });
  it("keeps the line for counts with milestones: the goal at the end is the final target", () => {
    expect(project(count({ delivery: "milestones" }), [100, 120, 80])).toMatchObject({ kind: "count", periodsUsed: 3 });
  });
});

describe("Student t quantiles for the 80 % interval", () => {
  it("uses the table and the normal limit beyond it", () => {
    expect(tQuantile80(1)).toBe(3.078);
    expect(tQuantile80(4)).toBe(1.533);
    expect(tQuantile80(200)).toBe(1.282);
    expect(tQuantile80(0)).toBeNaN();
  });
});

describe("the chart's projection line", () => {
  it("runs from the latest result to the projection at the end, by days, with the range widening", () => {
    const periods = [
      { sequence: 1, endDate: DAY_100 },
      { sequence: 2, endDate: DAY_200 },
      { sequence: 3, endDate: DAY_300 },
      { sequence: 4, endDate: pilot.endDate },
    ];
    const points = projectionSeries(periods, { fromDate: DAY_200, fromValue: 200, endDate: pilot.endDate, projected: 365, low: 300, high: 430 });
    expect(points[0]).toEqual({ sequence: 1, projected: null, range: null });
    expect(points[1]).toEqual({ sequence: 2, projected: 200, range: [200, 200] });
    // Day 300 is 100 of the 165 days from day 200 to day 365.
    expect(points[2]!.projected).toBeCloseTo(200 + 165 * (100 / 165), 9);
    expect(points[2]!.range![0]).toBeCloseTo(200 + 100 * (100 / 165), 9);
    expect(points[3]).toEqual({ sequence: 4, projected: 365, range: [300, 430] });
  });
});
