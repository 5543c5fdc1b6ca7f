import type { IsoDate } from "./dates";
import { percentOfGoalOf, type IndicatorRuleFields, type PeriodResultValues, type PilotSpan } from "./progress";
import { progressSeries, type SeriesPeriod } from "./series";

/** One period column of the indicator performance tracking table. */
export interface TrackingCell {
  sequence: number;
  startDate: IsoDate;
  endDate: IsoDate;
  /** What the delivery profile expects by the period's end (see shared/series.ts); null before the end of an indicator counted at the end. */
  targetToDate: number | null;
  /** What the period itself reported. */
  result: number | null;
  /** The indicator's result to date at the period's end, by the status rule's definition. */
  cumulative: number | null;
  /** Cumulative result as a fraction of the life-of-pilot goal (0.5 = 50 %). */
  fractionOfGoal: number | null;
}

/**
 * The tracking row of one indicator: one cell per period, computed over every period so that the
 * cumulative figures are right even when only some periods are shown. The chart series uses the same
 * rule, so the table and the pilot page's charts cannot disagree.
 */
export function trackingCells(indicator: IndicatorRuleFields, pilot: PilotSpan, periods: readonly SeriesPeriod[], results: readonly PeriodResultValues[]): TrackingCell[] {
  const starts = new Map(periods.map((p) => [p.sequence, p.startDate]));
  return progressSeries(indicator, pilot, periods, results).map((point) => {
    const percent = percentOfGoalOf(point.resultToDate, indicator.goal);
    return {
      sequence: point.sequence,
      startDate: starts.get(point.sequence)!,
      endDate: point.endDate,
      targetToDate: point.target,
      result: point.periodValue,
      cumulative: point.resultToDate,
      fractionOfGoal: percent === null ? null : percent / 100,
    };
  });
}
