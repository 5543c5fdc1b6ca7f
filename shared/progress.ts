import { daysInclusive, minDate, type IsoDate } from "./dates";
import type { Cumulation, GoalDirection, Measure, Status } from "./domain";
import { message, type Message } from "./i18n/message";
import { roundTo } from "./numbers";

/**
 * The indicator progress rule: current result, target to date, % of goal and status.
 * Pure functions only; the server computes the same totals in SQL for many pilots at once
 * (server/queries/indicatorTotals.ts) and both feed `currentResult` and `evaluateProgress`.
 * The rule is explained with worked examples in docs/decisions/001-status-rule.md.
 */

export interface IndicatorRuleFields {
  measure: Measure;
  cumulation: Cumulation;
  goalDirection: GoalDirection;
  baseline: number;
  goal: number;
}

export interface PeriodResultValues {
  periodSequence: number;
  periodEndDate: IsoDate;
  value: number;
  respondents: number | null;
  numerator: number | null;
  denominator: number | null;
}

/** Sums over an indicator's reported periods: what SQL's GROUP BY produces. */
export interface ResultTotals {
  reportedCount: number;
  valueSum: number;
  /** Sum of value x respondents over the periods that state respondents. */
  weightedValueSum: number;
  respondentSum: number;
  /** How many periods state their respondents; a score is weighted only if all do. */
  periodsWithRespondents: number;
  numeratorSum: number;
  denominatorSum: number;
  /** The latest reported period (highest sequence). */
  latest: { value: number; periodEndDate: IsoDate } | null;
}

export const emptyTotals: ResultTotals = {
  reportedCount: 0,
  valueSum: 0,
  weightedValueSum: 0,
  respondentSum: 0,
  periodsWithRespondents: 0,
  numeratorSum: 0,
  denominatorSum: 0,
  latest: null,
};

export function totalResults(results: readonly PeriodResultValues[]): ResultTotals {
  let totals = { ...emptyTotals };
  let latestSequence = -Infinity;
  for (const r of results) {
    totals = {
      reportedCount: totals.reportedCount + 1,
      valueSum: totals.valueSum + r.value,
      weightedValueSum: totals.weightedValueSum + (r.respondents === null ? 0 : r.value * r.respondents),
      respondentSum: totals.respondentSum + (r.respondents ?? 0),
      periodsWithRespondents: totals.periodsWithRespondents + (r.respondents === null ? 0 : 1),
      numeratorSum: totals.numeratorSum + (r.numerator ?? 0),
      denominatorSum: totals.denominatorSum + (r.denominator ?? 0),
      latest: totals.latest,
    };
    if (r.periodSequence > latestSequence) {
      latestSequence = r.periodSequence;
      totals.latest = { value: r.value, periodEndDate: r.periodEndDate };
    }
  }
  return totals;
}

/**
 * The indicator's result to date, or null when nothing is reported.
 * - counts: baseline plus the sum of increments, or the latest total to date;
 * - scores: respondent-weighted mean (plain mean of the period means if a period lacks respondents);
 * - percentages: pooled numerators over pooled denominators, or the latest percentage to date.
 */
export function currentResult(indicator: Pick<IndicatorRuleFields, "measure" | "cumulation" | "baseline">, totals: ResultTotals): number | null {
  if (totals.reportedCount === 0 || totals.latest === null) return null;
  switch (indicator.measure) {
    case "count":
      return indicator.cumulation === "increments" ? indicator.baseline + totals.valueSum : totals.latest.value;
    case "score":
      return totals.periodsWithRespondents === totals.reportedCount && totals.respondentSum > 0
        ? totals.weightedValueSum / totals.respondentSum
        : totals.valueSum / totals.reportedCount;
    case "percentage":
      if (indicator.cumulation === "to_date") return totals.latest.value;
      return totals.denominatorSum > 0 ? (100 * totals.numeratorSum) / totals.denominatorSum : null;
  }
}

export interface PilotSpan {
  startDate: IsoDate;
  endDate: IsoDate;
}

/** Share of the pilot elapsed at the end of `date` (0..1), counting whole days. */
export function elapsedShare(pilot: PilotSpan, date: IsoDate): number {
  if (date < pilot.startDate) return 0;
  const total = daysInclusive(pilot.startDate, pilot.endDate);
  return Math.min(1, daysInclusive(pilot.startDate, minDate(date, pilot.endDate)) / total);
}

/** What a count should have reached by `date` if it grew evenly from baseline to goal. */
export function proratedTarget(indicator: Pick<IndicatorRuleFields, "baseline" | "goal">, pilot: PilotSpan, date: IsoDate): number {
  return indicator.baseline + (indicator.goal - indicator.baseline) * elapsedShare(pilot, date);
}

export interface ProgressInput {
  indicator: IndicatorRuleFields;
  pilot: PilotSpan;
  tolerancePercent: number;
  /** The date the status is computed at. */
  asOf: IsoDate;
  current: number | null;
  /** End of the latest period that is due or has a result: the date counts are pro-rated to. */
  referenceDate: IsoDate | null;
  /** Whether the latest due period has a result; null when no period is due yet. */
  latestDuePeriodReported: boolean | null;
}

export interface IndicatorProgress {
  status: Status;
  current: number | null;
  /** The value the result is compared with: the goal, or for counts the goal pro-rated to the reference date. */
  target: number;
  percentOfGoal: number | null;
  /** How far the result falls short of the target, in % of the target (0 when it does not). */
  shortfallPercent: number;
  /** The pilot has ended: there is no more "on track". */
  isFinal: boolean;
  /** An explanation is expected for this result. */
  needsExplanation: boolean;
}

/** The result in % of the goal; none for a goal of 0, where any share would be meaningless. */
export function percentOfGoalOf(current: number | null, goal: number): number | null {
  return current === null || goal === 0 ? null : (100 * current) / goal;
}

export function evaluateProgress(input: ProgressInput): IndicatorProgress {
  const { indicator, pilot, current } = input;
  const isFinal = input.asOf > pilot.endDate;
  const proRated = indicator.measure === "count" && !isFinal && input.referenceDate !== null;
  const target = proRated ? proratedTarget(indicator, pilot, input.referenceDate!) : indicator.goal;
  const percentOfGoal = percentOfGoalOf(current, indicator.goal);
  // One object shape for every outcome: the portfolio builds 20,000 of these per request.
  const judged = (status: Status, shortfall: number): IndicatorProgress => ({
    status,
    current,
    target,
    percentOfGoal,
    shortfallPercent: shortfall,
    isFinal,
    needsExplanation: status === "at_risk" || status === "underperforming",
  });

  if (current === null || input.latestDuePeriodReported === false) {
    return judged(input.latestDuePeriodReported === null && current === null ? "not_yet_due" : "not_reported", 0);
  }
  const atLeast = indicator.goalDirection === "at_least";
  const goalMet = atLeast ? current >= indicator.goal : current <= indicator.goal;
  // An "at most" count can still grow until the pilot ends, so meeting it early is not yet achieving it.
  if (goalMet && (atLeast || indicator.measure !== "count" || isFinal)) return judged("achieved", 0);
  const shortfall = shortfallPercent(current, target, atLeast);
  if (shortfall <= 0) return judged("on_track", 0);
  return judged(shortfall <= input.tolerancePercent ? "at_risk" : "underperforming", shortfall);
}

function shortfallPercent(current: number, target: number, atLeast: boolean): number {
  const gap = atLeast ? target - current : current - target;
  if (gap <= 0) return gap === 0 ? 0 : -1;
  if (target === 0) return Infinity;
  return (100 * gap) / Math.abs(target);
}

/** Text symbols so that status never depends on colour alone. */
export const statusSymbols: Record<Status, string> = {
  achieved: "✔",
  on_track: "➜",
  at_risk: "⚠",
  underperforming: "✖",
  not_reported: "?",
  not_yet_due: "…",
};

/** Worst first: the order the "needs attention" views sort by. */
export const statusSeverity: Record<Status, number> = {
  underperforming: 0,
  at_risk: 1,
  not_reported: 2,
  on_track: 3,
  not_yet_due: 4,
  achieved: 5,
};

/**
 * How the catalogue writes an indicator's amounts (shared/i18n/locales, section "progress"): an i18next
 * context, so that one sentence serves "225 hours", "65.22%" and "8.6" alike.
 */
export function amountContext(indicator: { measure: Measure; unit: string }): { context?: "percentage" | "unitless" } {
  if (indicator.measure === "percentage") return { context: "percentage" };
  return indicator.unit.trim() === "" ? { context: "unitless" } : {};
}

/**
 * A sentence a manager can read, in the reader's language: "225 hours against a goal of 230 hours: 2.2%
 * short of the target; tolerance 15%." The numbers stay numbers so that each language writes them its way.
 */
export function explainProgress(progress: IndicatorProgress, indicator: IndicatorRuleFields & { unit: string }, tolerancePercent: number): Message {
  if (progress.status === "not_yet_due") return message("progress.notYetDue");
  if (progress.current === null) return message("progress.noResultDue");
  const amounts = {
    ...amountContext(indicator),
    unit: indicator.unit.trim(),
    current: progress.current,
    goal: indicator.goal,
    direction: indicator.goalDirection,
  };
  switch (progress.status) {
    case "not_reported":
      return message("progress.explain.notReported", amounts);
    case "achieved":
      return message("progress.explain.achieved", amounts);
    case "on_track":
      return indicator.measure === "count" ? message("progress.explain.onTrackExpected", { ...amounts, target: progress.target }) : message("progress.explain.onTrack", amounts);
    default: {
      const gap = Number.isFinite(progress.shortfallPercent) ? indicator.goalDirection : `${indicator.goalDirection}_all`;
      const values = { ...amounts, gap, shortfall: Number.isFinite(progress.shortfallPercent) ? roundTo(progress.shortfallPercent, 1) : 0, tolerance: tolerancePercent };
      return progress.target !== indicator.goal ? message("progress.explain.behindExpected", { ...values, target: progress.target }) : message("progress.explain.behind", values);
    }
  }
}
