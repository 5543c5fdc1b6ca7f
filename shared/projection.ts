import { daysInclusive, type IsoDate } from "./dates";
import type { Cumulation, DeliveryProfile, GoalDirection, Measure } from "./domain";
import { message, type Message } from "./i18n/message";
import { amountContext, type PilotSpan } from "./progress";

/**
 * Early warning: where an indicator is heading by the pilot's end.
 * - counts: a least-squares line over the result to date at the end of each reported period, against
 *   the days since the pilot started, read off at the pilot's end date, with an 80 % prediction interval;
 * - scores, percentages and levels: whether the last three period values fall one after the other (a
 *   level does not accumulate towards its goal, so a line through it says nothing about the end);
 * - counted at the end: no projection before the final period, as there is no status of "behind" either.
 * Pure; the pilot page feeds it the pilot's points, the "needs attention" list the same sums from SQL.
 * The method, its limits and worked examples: docs/decisions/005-early-warning.md.
 */

export interface ProjectionIndicator {
  measure: Measure;
  cumulation: Cumulation;
  goalDirection: GoalDirection;
  baseline: number;
  goal: number;
  /** Absent reads as linear, as in the status rule. */
  delivery?: DeliveryProfile;
}

/**
 * How the early warning reads an indicator: a least-squares line through the result to date (counts that
 * add up or run to date), the last three period values (scores, percentages, levels), or not at all before
 * the final period (counted at the end). The pilot page and the "needs attention" list both ask here.
 */
export type ProjectionMethod = "line" | "last_three" | "at_end";

export function projectionMethodOf(indicator: Pick<ProjectionIndicator, "measure" | "cumulation" | "delivery">): ProjectionMethod {
  if (indicator.delivery === "at_end") return "at_end";
  return indicator.measure === "count" && indicator.cumulation !== "level" ? "line" : "last_three";
}

/** Counted at the end: nothing is expected before the final period, so nothing is projected either. */
export function countedAtEndProjection(asOf: IsoDate, pilot: PilotSpan): Projection {
  return { kind: "none", reason: message(asOf > pilot.endDate ? "projection.reason.pilotEnded" : "projection.reason.countedAtEnd") };
}

/** One reported period: the day it ended (1 = the pilot's first day) and the result to date then. */
export interface TrendPoint {
  day: number;
  resultToDate: number;
}

/** What a least-squares line needs, so that SQL can aggregate it without sending every result. */
export interface TrendSums {
  n: number;
  sumX: number;
  sumY: number;
  sumXX: number;
  sumXY: number;
  sumYY: number;
  /** The latest reported period. */
  lastX: number;
  lastY: number;
}

export type Projection =
  | {
      kind: "none";
      /** Why there is no projection, in the reader's language once translated. */
      reason: Message;
    }
  | {
      kind: "count";
      /** Where the dashed line starts: the latest reported period's end and its result to date. */
      fromDate: IsoDate;
      fromValue: number;
      endDate: IsoDate;
      projected: number;
      low: number;
      high: number;
      rangeMethod: "prediction_interval" | "pace_since_start";
      periodsUsed: number;
      percentOfGoal: number | null;
      /** By how much the projection misses the goal, in % of the goal (0 when it does not). */
      shortfallPercent: number;
      likelyToMiss: boolean;
    }
  | {
      kind: "trend";
      /** The last three period values, oldest first. */
      lastValues: number[];
      /** Falling for an "at least" goal, rising for an "at most" goal: moving away from the goal. */
      worsening: boolean;
      likelyToMiss: boolean;
    };

/** Two-sided 80 % Student t quantiles (0.90) by degrees of freedom; beyond 30 the normal 1.282 is close enough. */
const T_80: readonly number[] = [
  NaN,
  3.078,
  1.886,
  1.638,
  1.533,
  1.476,
  1.44,
  1.415,
  1.397,
  1.383,
  1.372,
  1.363,
  1.356,
  1.35,
  1.345,
  1.341,
  1.337,
  1.333,
  1.33,
  1.328,
  1.325,
  1.323,
  1.321,
  1.319,
  1.318,
  1.316,
  1.315,
  1.314,
  1.313,
  1.311,
  1.31,
];

export function tQuantile80(degreesOfFreedom: number): number {
  if (degreesOfFreedom < 1) return NaN;
  return T_80[Math.floor(degreesOfFreedom)] ?? 1.282;
}

export function trendSums(points: readonly TrendPoint[]): TrendSums {
  const sums: TrendSums = { n: 0, sumX: 0, sumY: 0, sumXX: 0, sumXY: 0, sumYY: 0, lastX: -Infinity, lastY: 0 };
  for (const { day: x, resultToDate: y } of points) {
    sums.n++;
    sums.sumX += x;
    sums.sumY += y;
    sums.sumXX += x * x;
    sums.sumXY += x * y;
    sums.sumYY += y * y;
    if (x > sums.lastX) {
      sums.lastX = x;
      sums.lastY = y;
    }
  }
  return sums;
}

/** Day of the pilot a date falls on: the first day is 1, like `daysInclusive`. */
export function pilotDay(pilot: PilotSpan, date: IsoDate): number {
  return daysInclusive(pilot.startDate, date);
}

/**
 * The result to date after each reported period: the running total (plus baseline) for counts that add
 * up, the value itself for counts that state their total to date.
 */
export function countTrendPoints(
  indicator: Pick<ProjectionIndicator, "cumulation" | "baseline">,
  pilot: PilotSpan,
  results: readonly { periodSequence: number; periodEndDate: IsoDate; value: number }[],
): TrendPoint[] {
  let running = indicator.baseline;
  return [...results]
    .sort((a, b) => a.periodSequence - b.periodSequence)
    .map((r) => {
      running += r.value;
      return { day: pilotDay(pilot, r.periodEndDate), resultToDate: indicator.cumulation === "increments" ? running : r.value };
    });
}

export interface CountProjectionInput {
  indicator: ProjectionIndicator;
  pilot: PilotSpan;
  tolerancePercent: number;
  asOf: IsoDate;
  sums: TrendSums;
  /** End date of the latest reported period (the start of the dashed line). */
  lastPeriodEndDate: IsoDate | null;
}

export function projectCount(input: CountProjectionInput): Projection {
  const { indicator, pilot, sums } = input;
  if (sums.n === 0) return { kind: "none", reason: message("projection.reason.nothingReported") };
  if (sums.n === 1) return { kind: "none", reason: message("projection.reason.onlyOnePeriod") };
  if (input.asOf > pilot.endDate) return { kind: "none", reason: message("projection.reason.pilotEnded") };
  const endDay = pilotDay(pilot, pilot.endDate);
  if (sums.lastX >= endDay || input.lastPeriodEndDate === null) return { kind: "none", reason: message("projection.reason.lastPeriodReported") };

  const { n } = sums;
  const meanX = sums.sumX / n;
  const meanY = sums.sumY / n;
  const sxx = sums.sumXX - n * meanX * meanX;
  const sxy = sums.sumXY - n * meanX * meanY;
  const syy = sums.sumYY - n * meanY * meanY;
  if (!(sxx > 0)) return { kind: "none", reason: message("projection.reason.sameDay") };
  const slope = sxy / sxx;
  const atEnd = meanY + slope * (endDay - meanX);

  let low: number;
  let high: number;
  let rangeMethod: "prediction_interval" | "pace_since_start";
  if (n >= 3) {
    // Residual spread; rounding can make an exact fit a hair negative.
    const residualVariance = Math.max(0, syy - slope * sxy) / (n - 2);
    const halfWidth = tQuantile80(n - 2) * Math.sqrt(residualVariance * (1 + 1 / n + (endDay - meanX) ** 2 / sxx));
    low = atEnd - halfWidth;
    high = atEnd + halfWidth;
    rangeMethod = "prediction_interval";
  } else {
    // Two points fit any line exactly: the range spans the recent pace and the average pace since the start.
    const sinceStart = sums.lastY + ((sums.lastY - indicator.baseline) / sums.lastX) * (endDay - sums.lastX);
    low = Math.min(atEnd, sinceStart);
    high = Math.max(atEnd, sinceStart);
    rangeMethod = "pace_since_start";
  }
  // A count that adds up cannot fall below what is already done; no count falls below zero.
  const floor = indicator.cumulation === "increments" ? sums.lastY : 0;
  const projected = Math.max(floor, atEnd);
  low = Math.max(floor, low);
  high = Math.max(projected, high);

  const shortfall = goalShortfallPercent(projected, indicator);
  return {
    kind: "count",
    fromDate: input.lastPeriodEndDate,
    fromValue: sums.lastY,
    endDate: pilot.endDate,
    projected,
    low,
    high,
    rangeMethod,
    periodsUsed: n,
    percentOfGoal: indicator.goal === 0 ? null : (100 * projected) / indicator.goal,
    shortfallPercent: shortfall,
    likelyToMiss: shortfall > input.tolerancePercent,
  };
}

/** How far a value misses the goal, in % of the goal; "at most" goals are missed from above. */
export function goalShortfallPercent(value: number, indicator: Pick<ProjectionIndicator, "goal" | "goalDirection">): number {
  const gap = indicator.goalDirection === "at_least" ? indicator.goal - value : value - indicator.goal;
  if (gap <= 0) return 0;
  if (indicator.goal === 0) return Infinity;
  return (100 * gap) / Math.abs(indicator.goal);
}

/** Scores and percentages: a warning when the last three period values move away from the goal. */
export function scoreTrend(indicator: Pick<ProjectionIndicator, "goalDirection">, periodValuesOldestFirst: readonly number[], asOf: IsoDate, pilot: PilotSpan): Projection {
  const reported = periodValuesOldestFirst.length;
  if (reported < 3) {
    return {
      kind: "none",
      reason: reported === 0 ? message("projection.reason.trendNeedsThreeNoneReported") : message("projection.reason.trendNeedsThree", { count: reported }),
    };
  }
  if (asOf > pilot.endDate) return { kind: "none", reason: message("projection.reason.pilotEnded") };
  const lastValues = periodValuesOldestFirst.slice(-3);
  const [a, b, c] = lastValues as [number, number, number];
  const worsening = indicator.goalDirection === "at_least" ? a > b && b > c : a < b && b < c;
  return { kind: "trend", lastValues, worsening, likelyToMiss: worsening };
}

export interface ProjectionInput {
  indicator: ProjectionIndicator;
  pilot: PilotSpan;
  tolerancePercent: number;
  asOf: IsoDate;
  /** The indicator's reported results in periods started by `asOf`. */
  results: readonly { periodSequence: number; periodEndDate: IsoDate; value: number }[];
}

/** The projection of one indicator from its results: what the pilot page shows. */
export function projectIndicator(input: ProjectionInput): Projection {
  const { indicator, pilot } = input;
  const ordered = [...input.results].sort((a, b) => a.periodSequence - b.periodSequence);
  const method = projectionMethodOf(indicator);
  if (method === "at_end") return countedAtEndProjection(input.asOf, pilot);
  if (method === "last_three")
    return scoreTrend(
      indicator,
      ordered.map((r) => r.value),
      input.asOf,
      pilot,
    );
  return projectCount({
    indicator,
    pilot,
    tolerancePercent: input.tolerancePercent,
    asOf: input.asOf,
    sums: trendSums(countTrendPoints(indicator, pilot, ordered)),
    lastPeriodEndDate: ordered.at(-1)?.periodEndDate ?? null,
  });
}

/** "projected at end: 372 of 400 hours (93%), range 340–405", or why there is no projection, as a Message. */
export function describeProjection(projection: Projection, indicator: ProjectionIndicator & { unit: string }): Message {
  switch (projection.kind) {
    case "none":
      return projection.reason;
    case "count": {
      const values = {
        ...amountContext(indicator),
        unit: indicator.unit.trim(),
        direction: indicator.goalDirection,
        projected: projection.projected,
        goal: indicator.goal,
        low: projection.low,
        high: projection.high,
      };
      return projection.percentOfGoal === null ? message("projection.count", values) : message("projection.countWithShare", { ...values, share: projection.percentOfGoal });
    }
    case "trend": {
      const [first, second, third] = projection.lastValues as [number, number, number];
      const values = { ...amountContext(indicator), first, second, third };
      if (!projection.worsening) return message("projection.lastThree", values);
      return message(indicator.goalDirection === "at_least" ? "projection.fallingThree" : "projection.risingThree", values);
    }
  }
}
