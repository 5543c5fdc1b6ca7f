import { daysInclusive, minDate, type IsoDate } from "./dates";
import type { Cumulation, DeliveryProfile, EntryForm, GoalDirection, LevelAggregation, Measure, MilestoneShape, Status } from "./domain";
import { message, type Message } from "./i18n/message";
import { roundTo } from "./numbers";

/**
 * The indicator progress rule: current result, target to date, % of goal and status.
 * Pure functions only; the server computes the same totals in SQL for many pilots at once
 * (server/queries/indicatorTotals.ts) and both feed `currentResult` and `evaluateProgress`.
 * The rule is explained with worked examples in docs/decisions/001-status-rule.md.
 */

/** A target the indicator should have reached by a date (the end of a chosen period). */
export interface Milestone {
  date: IsoDate;
  target: number;
}

/**
 * The fields the rule reads. The optional ones default to today's behaviour (an indicator stored before
 * they existed reads exactly as it did): latest value, standard entry, linear delivery.
 */
export interface IndicatorRuleFields {
  measure: Measure;
  cumulation: Cumulation;
  goalDirection: GoalDirection;
  baseline: number;
  goal: number;
  levelAggregation?: LevelAggregation;
  entryForm?: EntryForm;
  delivery?: DeliveryProfile;
  milestoneShape?: MilestoneShape;
  milestones?: readonly Milestone[];
}

/** A count whose result grows over the pilot (summed or a running total), as opposed to a level. */
export function growsOverTime(indicator: Pick<IndicatorRuleFields, "measure" | "cumulation">): boolean {
  return indicator.measure === "count" && indicator.cumulation !== "level";
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
 * How the current result was made from the periods, so that pages and exports can say which:
 * the sum, the latest value, the mean, a weighted mean pooled over known bases or respondents, or a
 * plain mean because some period did not give its base.
 */
export type Aggregation = "sum" | "latest" | "mean" | "pooled" | "plain_mean";

type CurrentResultFields = Pick<IndicatorRuleFields, "measure" | "cumulation" | "baseline" | "levelAggregation" | "entryForm">;

/** Whether every reported period gave its respondents (scores) or its base (direct percentages). */
function allWeighted(totals: ResultTotals): boolean {
  return totals.periodsWithRespondents === totals.reportedCount && totals.respondentSum > 0;
}

export function aggregationOf(indicator: CurrentResultFields, totals: ResultTotals): Aggregation {
  switch (indicator.measure) {
    case "count":
      if (indicator.cumulation === "increments") return "sum";
      if (indicator.cumulation === "level" && indicator.levelAggregation === "mean") return "mean";
      return "latest";
    case "score":
      if (indicator.entryForm === "index") return "latest";
      return allWeighted(totals) ? "pooled" : "plain_mean";
    case "percentage":
      if (indicator.cumulation === "to_date") return "latest";
      if (indicator.entryForm === "direct_percentage") return allWeighted(totals) ? "pooled" : "plain_mean";
      return "pooled";
  }
}

/**
 * The indicator's result to date, or null when nothing is reported.
 * - counts: baseline plus the sum of increments, the latest total to date, or for a level the latest
 *   period's value or the mean of the periods' values;
 * - scores: respondent-weighted mean (plain mean of the period means if a period lacks respondents); an
 *   index (a single value on its scale) is its latest value;
 * - percentages: pooled numerators over pooled denominators, or the latest percentage to date; entered
 *   directly, the mean weighted by the periods' bases when every period gives one, else the plain mean.
 */
export function currentResult(indicator: CurrentResultFields, totals: ResultTotals): number | null {
  if (totals.reportedCount === 0 || totals.latest === null) return null;
  switch (aggregationOf(indicator, totals)) {
    case "sum":
      return indicator.baseline + totals.valueSum;
    case "latest":
      return totals.latest.value;
    case "mean":
    case "plain_mean":
      return totals.valueSum / totals.reportedCount;
    case "pooled":
      if (indicator.measure === "percentage" && indicator.entryForm !== "direct_percentage")
        return totals.denominatorSum > 0 ? (100 * totals.numeratorSum) / totals.denominatorSum : null;
      return totals.weightedValueSum / totals.respondentSum;
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

/**
 * What the indicator should have reached by `date` under its delivery profile, or null when nothing is
 * expected yet (counted at the end, before the pilot's end):
 * - linear: counts that grow are pro-rated from baseline to goal; levels, scores and percentages are
 *   compared with the goal itself;
 * - milestones: the trajectory through (start, baseline), each milestone, and (end, goal), by days
 *   ("interpolated"), or the latest milestone reached, the baseline before the first ("stepped");
 * - at the end: the goal from the pilot's end date on, nothing before.
 */
export function expectedAt(indicator: IndicatorRuleFields, pilot: PilotSpan, date: IsoDate): number | null {
  const delivery = indicator.delivery ?? "linear";
  if (date >= pilot.endDate) return indicator.goal;
  if (delivery === "at_end") return null;
  if (delivery === "linear") return growsOverTime(indicator) ? proratedTarget(indicator, pilot, date) : indicator.goal;
  const points = [
    { date: pilot.startDate, target: indicator.baseline },
    ...[...(indicator.milestones ?? [])].filter((m) => m.date > pilot.startDate && m.date < pilot.endDate).sort((a, b) => (a.date < b.date ? -1 : 1)),
    { date: pilot.endDate, target: indicator.goal },
  ];
  let before = points[0]!;
  for (const point of points.slice(1)) {
    if (point.date <= date) {
      before = point;
      continue;
    }
    if ((indicator.milestoneShape ?? "interpolated") === "stepped" || date < before.date) return before.target;
    const share = (daysInclusive(before.date, date) - 1) / (daysInclusive(before.date, point.date) - 1);
    return before.target + (point.target - before.target) * share;
  }
  return before.target;
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
  /**
   * The latest period that has ended has no result. Usually that makes the status "not reported"; a
   * summed count that already met its "at least" goal stays achieved and carries this flag on its own.
   */
  missingPeriods: boolean;
}

/** The result in % of the goal; none for a goal of 0, where any share would be meaningless. */
export function percentOfGoalOf(current: number | null, goal: number): number | null {
  return current === null || goal === 0 ? null : (100 * current) / goal;
}

export function evaluateProgress(input: ProgressInput): IndicatorProgress {
  const { indicator, pilot, current } = input;
  const isFinal = input.asOf > pilot.endDate;
  const expected = isFinal || input.referenceDate === null ? indicator.goal : expectedAt(indicator, pilot, input.referenceDate);
  // Counted at the end: before the final period nothing is expected, and the result is later judged against the goal.
  const dueAtEnd = expected === null;
  const target = expected ?? indicator.goal;
  const percentOfGoal = percentOfGoalOf(current, indicator.goal);
  const missingPeriods = !dueAtEnd && input.latestDuePeriodReported === false;
  // One object shape for every outcome: the portfolio builds 20,000 of these per request.
  const judged = (status: Status, shortfall: number): IndicatorProgress => ({
    status,
    current,
    target,
    percentOfGoal,
    shortfallPercent: shortfall,
    isFinal,
    needsExplanation: status === "at_risk" || status === "underperforming",
    missingPeriods,
  });

  const atLeast = indicator.goalDirection === "at_least";
  const goalMet = current !== null && (atLeast ? current >= indicator.goal : current <= indicator.goal);
  // An "at most" count can still grow until the pilot ends, so meeting it early is not yet achieving it.
  const achieved = goalMet && (atLeast || !growsOverTime(indicator) || isFinal);
  if (dueAtEnd) return judged(achieved ? "achieved" : "due_at_end", 0);
  // A summed count only grows: once its "at least" goal is met, a missing later period cannot undo that.
  const metForGood = achieved && atLeast && indicator.measure === "count" && indicator.cumulation === "increments";
  if (current === null || (missingPeriods && !metForGood)) {
    return judged(input.latestDuePeriodReported === null && current === null ? "not_yet_due" : "not_reported", 0);
  }
  if (achieved) return judged("achieved", 0);
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
  due_at_end: "◷",
};

/** Worst first: the order the "needs attention" views sort by. */
export const statusSeverity: Record<Status, number> = {
  underperforming: 0,
  at_risk: 1,
  not_reported: 2,
  on_track: 3,
  not_yet_due: 4,
  due_at_end: 5,
  achieved: 6,
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
  if (progress.status === "due_at_end") return message("progress.dueAtEnd");
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
      return growsOverTime(indicator) || progress.target !== indicator.goal
        ? message("progress.explain.onTrackExpected", { ...amounts, target: progress.target })
        : message("progress.explain.onTrack", amounts);
    default: {
      const gap = Number.isFinite(progress.shortfallPercent) ? indicator.goalDirection : `${indicator.goalDirection}_all`;
      const values = { ...amounts, gap, shortfall: Number.isFinite(progress.shortfallPercent) ? roundTo(progress.shortfallPercent, 1) : 0, tolerance: tolerancePercent };
      return progress.target !== indicator.goal ? message("progress.explain.behindExpected", { ...values, target: progress.target }) : message("progress.explain.behind", values);
    }
  }
}
