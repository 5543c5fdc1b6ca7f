import type { Cumulation, GoalDirection, LevelAggregation, Measure, ReportingFrequency, Status } from "./domain";
import { message, type Message } from "./i18n/message";
import { roundTo } from "./numbers";
import type { StoredValues } from "./resultRules";

/*
 * Signals: what a manager or an evaluator should know about a result beyond its status
 * (docs/decisions/018-signals.md). Pure functions; the server assembles them per indicator
 * (shared/indicatorSignals.ts) and the write path asks the plausibility questions (server/writes/results.ts).
 * None of them changes a status: an over-achievement is a note, an interval is shown beside the value.
 */

/** z for a two-sided 95 % interval. */
const Z95 = 1.959963984540054;

export interface Interval {
  /** Bounds in the value's own unit (percent for a share). */
  low: number;
  high: number;
}

/**
 * The 95 % Wilson score interval of a share of `successes` out of `n`, in percent. Unlike the normal
 * approximation it stays inside 0–100 and is sensible for small bases (15 of 23: about 45–81 %).
 */
export function wilsonInterval(successes: number, n: number, z = Z95): Interval | null {
  if (!(n > 0) || successes < 0 || successes > n) return null;
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { low: 100 * Math.max(0, centre - half), high: 100 * Math.min(1, centre + half) };
}

/** The 95 % interval of a mean score from its standard deviation and respondents (normal approximation), kept on the scale. */
export function meanInterval(mean: number, standardDeviation: number, respondents: number, scale?: { min: number | null; max: number | null }): Interval | null {
  if (!(respondents > 1) || !(standardDeviation >= 0)) return null;
  const half = (Z95 * standardDeviation) / Math.sqrt(respondents);
  return { low: Math.max(scale?.min ?? -Infinity, mean - half), high: Math.min(scale?.max ?? Infinity, mean + half) };
}

/** Whether a goal lies inside the interval: then "above" or "below" the goal is not conclusive. */
export const goalInside = (interval: Interval, goal: number) => goal >= interval.low - 1e-9 && goal <= interval.high + 1e-9;

export interface IntervalSignal {
  kind: "interval";
  interval: Interval;
  /** The base the interval rests on (the denominator, or the respondents). */
  base: number;
  /** The goal lies inside the interval. */
  inconclusive: boolean;
}

export interface ExceedsGoalSignal {
  kind: "exceedsGoal";
  percentOfGoal: number;
  tolerancePercent: number;
}

export interface PaceSignal {
  kind: "paceNeeded";
  /** What each remaining period must add to reach the goal. */
  perPeriod: number;
  remainingPeriods: number;
  /** The mean of the last (up to four) periods' amounts, or null with fewer than one. */
  recentAverage: number | null;
  recentPeriods: number;
}

export type Signal = IntervalSignal | ExceedsGoalSignal | PaceSignal;

/**
 * "Exceeds the goal by more than the tolerance: was the goal set too low?" — for "at least" goals above
 * zero whose result is beyond goal × (1 + tolerance). A note, not a failure (TolaActivity's ±15 % band).
 */
export function exceedsGoal(indicator: { goal: number; goalDirection: GoalDirection }, current: number | null, tolerancePercent: number): ExceedsGoalSignal | null {
  if (current === null || indicator.goalDirection !== "at_least" || !(indicator.goal > 0)) return null;
  // In percent, so that 115 against 100 at 15 % is exactly on the band's edge (1.15 × 100 is not 115 in floating point).
  if (100 * current <= indicator.goal * (100 + tolerancePercent)) return null;
  return { kind: "exceedsGoal", percentOfGoal: (100 * current) / indicator.goal, tolerancePercent };
}

/** The amount each period added: the values of "increments", the steps between totals of "to date" (from the baseline). */
export function periodAmounts(cumulation: Cumulation, baseline: number, valuesInOrder: readonly number[]): number[] {
  if (cumulation === "increments") return [...valuesInOrder];
  return valuesInOrder.map((value, i) => value - (i === 0 ? baseline : valuesInOrder[i - 1]!));
}

export const RECENT_PERIODS = 4;

/**
 * For a count behind its goal ("at least"), what pace per remaining period still reaches it, beside what the
 * recent periods averaged: "needs 43 hours a quarter; the last four averaged 31". None when the pilot is
 * over, when no period remains, or when the count is not behind.
 * A level stands on its own each period: judged by the mean of the periods, it needs the value per remaining
 * period that lifts the mean of all of them to the goal, beside the recent values themselves; judged by the
 * latest period, there is no pace to give (the next value alone must reach the goal).
 */
export function paceNeeded(args: {
  indicator: { measure: Measure; cumulation: Cumulation; goalDirection: GoalDirection; baseline: number; goal: number; levelAggregation?: LevelAggregation };
  status: Status;
  current: number | null;
  /** The reported values in period order (what each period states). */
  valuesInOrder: readonly number[];
  remainingPeriods: number;
}): PaceSignal | null {
  const { indicator, current, remainingPeriods } = args;
  if (indicator.measure !== "count" || indicator.goalDirection !== "at_least" || current === null) return null;
  if (args.status !== "at_risk" && args.status !== "underperforming") return null;
  if (remainingPeriods < 1 || current >= indicator.goal) return null;
  const level = indicator.cumulation === "level";
  if (level && indicator.levelAggregation !== "mean") return null;
  const values = args.valuesInOrder;
  const recent = (level ? [...values] : periodAmounts(indicator.cumulation, indicator.baseline, values)).slice(-RECENT_PERIODS);
  const perPeriod = level
    ? (indicator.goal * (values.length + remainingPeriods) - values.reduce((a, b) => a + b, 0)) / remainingPeriods
    : (indicator.goal - current) / remainingPeriods;
  return {
    kind: "paceNeeded",
    perPeriod,
    remainingPeriods,
    recentAverage: recent.length === 0 ? null : recent.reduce((a, b) => a + b, 0) / recent.length,
    recentPeriods: recent.length,
  };
}

/** For a percentage whose base is known, the Wilson interval and whether the goal lies inside it. */
export function shareInterval(goal: number, numerator: number, denominator: number): IntervalSignal | null {
  const interval = wilsonInterval(numerator, denominator);
  return interval ? { kind: "interval", interval, base: denominator, inconclusive: goalInside(interval, goal) } : null;
}

/** For a score whose standard deviation is known, the same; the model states no deviation yet, so nothing calls it with one today. */
export function scoreInterval(
  goal: number,
  mean: number,
  standardDeviation: number,
  respondents: number,
  scale?: { min: number | null; max: number | null },
): IntervalSignal | null {
  const interval = meanInterval(mean, standardDeviation, respondents, scale);
  return interval ? { kind: "interval", interval, base: respondents, inconclusive: goalInside(interval, goal) } : null;
}

/** A signal as a sentence in the reader's language (catalogue section "signals"). */
export function signalMessage(signal: Signal, indicator: { unit: string; measure: Measure }, frequency: ReportingFrequency): Message {
  switch (signal.kind) {
    case "exceedsGoal":
      return message("signals.exceedsGoal", { percent: roundTo(signal.percentOfGoal, 1), tolerance: signal.tolerancePercent });
    case "paceNeeded": {
      const values = {
        needed: roundTo(signal.perPeriod, 1),
        unit: indicator.unit.trim(),
        context: frequency,
        count: signal.recentPeriods,
        average: roundTo(signal.recentAverage ?? 0, 1),
      };
      return message(signal.recentAverage === null ? "signals.pace.needs" : "signals.pace.needsAveraged", values);
    }
    case "interval": {
      const values = { low: roundTo(signal.interval.low, 0), high: roundTo(signal.interval.high, 0), base: signal.base };
      const key = indicator.measure === "percentage" ? "signals.interval.share" : "signals.interval.score";
      return message(signal.inconclusive ? `${key}Inconclusive` : key, values);
    }
  }
}

/** The interval alone, "≈45–81 %", for a table cell beside the value (exports, final report). */
export function intervalText(signal: IntervalSignal, measure: Measure): Message {
  return message(measure === "percentage" ? "signals.interval.cellShare" : "signals.interval.cellScore", {
    low: roundTo(signal.interval.low, 0),
    high: roundTo(signal.interval.high, 0),
  });
}

// ---------------------------------------------------------------------------------------------------
// Plausibility at entry

export const plausibilityChecks = ["aboveTenTimesGoal", "aboveFiveTimesPrevious", "runningTotalDown", "respondentsAboveRegister", "levelTenfoldUp", "levelTenfoldDown"] as const;
export type PlausibilityCheck = (typeof plausibilityChecks)[number];

export interface PlausibilityWarning {
  check: PlausibilityCheck;
  message: Message;
}

export interface PlausibilityInput {
  indicator: { measure: Measure; cumulation: Cumulation; goal: number; unit: string };
  values: StoredValues;
  /** The indicator's result in the period before (as it will be stored), if any. */
  previous: StoredValues | null;
  /** Active stakeholders in the pilot's register; null or 0 when it keeps none. */
  registerSize: number | null;
}

/**
 * Figures that are possible but unusual enough to ask "is this right?" before saving (docs/decisions/018):
 * a count above ten times the goal or five times the period before, a running total that goes down, a level
 * more than ten times or less than a tenth of the period before, more respondents than the stakeholder
 * register holds.
 * The coordinator may confirm; the write path then keeps the confirmation with the result.
 */
export function plausibilityWarnings({ indicator, values, previous, registerSize }: PlausibilityInput): PlausibilityWarning[] {
  const warnings: PlausibilityWarning[] = [];
  const unit = indicator.unit.trim();
  const add = (check: PlausibilityCheck, values: Record<string, string | number>) => warnings.push({ check, message: message(`signals.plausibility.${check}`, values) });
  if (indicator.measure === "count") {
    const value = values.value;
    if (indicator.goal > 0 && value > 10 * indicator.goal) add("aboveTenTimesGoal", { value, goal: indicator.goal, unit });
    const before = previous?.value ?? null;
    if (indicator.cumulation === "level") {
      // A level stands on its own each period (visitors per month): a tenfold change either way is usually a
      // slip of a digit or a changed definition. It replaces the "five times" rise check, which is for amounts.
      if (before !== null && before > 0 && value > 10 * before) add("levelTenfoldUp", { value, previous: before, unit });
      if (before !== null && before > 0 && value < before / 10) add("levelTenfoldDown", { value, previous: before, unit });
    } else if (before !== null && before > 0 && value > 5 * before) add("aboveFiveTimesPrevious", { value, previous: before, unit });
    if (before !== null && indicator.cumulation === "to_date" && value < before) add("runningTotalDown", { value, previous: before, unit });
    // No "drop to a tenth" for counts that add: a quiet period after a busy one is ordinary (1 person after 20).
  }
  if (indicator.measure === "score" && values.respondents !== null && registerSize && values.respondents > registerSize)
    add("respondentsAboveRegister", { respondents: values.respondents, size: registerSize });
  return warnings;
}

/** What is kept with a result whose figures the coordinator confirmed: the questions asked, as messages. */
export interface PlausibilityConfirmation {
  checks: PlausibilityCheck[];
  messages: Message[];
}

export function confirmationOf(warnings: readonly PlausibilityWarning[]): PlausibilityConfirmation | null {
  return warnings.length === 0 ? null : { checks: warnings.map((w) => w.check), messages: warnings.map((w) => w.message) };
}

export function parseConfirmation(stored: string | null | undefined): PlausibilityConfirmation | null {
  if (!stored) return null;
  try {
    const parsed = JSON.parse(stored) as PlausibilityConfirmation;
    return Array.isArray(parsed.checks) && Array.isArray(parsed.messages) ? parsed : null;
  } catch {
    return null;
  }
}
