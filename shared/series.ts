import type { IsoDate } from "./dates";
import { currentResult, proratedTarget, totalResults, type IndicatorRuleFields, type PeriodResultValues, type PilotSpan } from "./progress";

export interface SeriesPeriod {
  sequence: number;
  startDate: IsoDate;
  endDate: IsoDate;
}

export interface SeriesPoint {
  sequence: number;
  endDate: IsoDate;
  /** What the period itself reported (null when nothing was reported). */
  periodValue: number | null;
  /** The indicator's result to date at the end of this period. */
  resultToDate: number | null;
  /** Counts: the goal pro-rated to the period's end; scores and percentages: the goal. */
  target: number;
}

/** The points a pilot page chart draws, one per period, using the same rule as the status. */
export function progressSeries(indicator: IndicatorRuleFields, pilot: PilotSpan, periods: readonly SeriesPeriod[], results: readonly PeriodResultValues[]): SeriesPoint[] {
  const bySequence = new Map(results.map((r) => [r.periodSequence, r]));
  const sorted = [...periods].sort((a, b) => a.sequence - b.sequence);
  const latestReported = results.reduce((max, r) => Math.max(max, r.periodSequence), 0);
  return sorted.map((period) => {
    const upTo = results.filter((r) => r.periodSequence <= period.sequence);
    const own = bySequence.get(period.sequence) ?? null;
    return {
      sequence: period.sequence,
      endDate: period.endDate,
      periodValue: own?.value ?? null,
      resultToDate: period.sequence > latestReported ? null : currentResult(indicator, totalResults(upTo)),
      target: indicator.measure === "count" ? proratedTarget(indicator, pilot, period.endDate) : indicator.goal,
    };
  });
}
