import { daysInclusive, type IsoDate } from "./dates";
import { currentResult, expectedAt, totalResults, type IndicatorRuleFields, type PeriodResultValues, type PilotSpan } from "./progress";

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
  /**
   * What the delivery profile expects by the period's end (shared/progress.ts `expectedAt`): for linear
   * counts the goal pro-rated, for levels, scores and percentages the goal (a flat line), along the
   * milestones, or nothing before the end for an indicator counted at the end.
   */
  target: number | null;
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
      target: expectedAt(indicator, pilot, period.endDate),
    };
  });
}

export interface ProjectionLine {
  fromDate: IsoDate;
  fromValue: number;
  endDate: IsoDate;
  projected: number;
  low: number;
  high: number;
}

export interface ProjectedPoint {
  sequence: number;
  /** On the straight line from the latest result to the projection at the pilot's end; null before it. */
  projected: number | null;
  /** The range at this period's end, widening from nothing at the latest result to low–high at the end. */
  range: [number, number] | null;
}

/** Where a chart draws the projection: interpolated by days, from the latest reported period to the end. */
export function projectionSeries(periods: readonly { sequence: number; endDate: IsoDate }[], projection: ProjectionLine): ProjectedPoint[] {
  const span = daysInclusive(projection.fromDate, projection.endDate) - 1;
  return periods.map(({ sequence, endDate }) => {
    if (endDate < projection.fromDate) return { sequence, projected: null, range: null };
    const share = span <= 0 ? 1 : Math.min(1, (daysInclusive(projection.fromDate, endDate) - 1) / span);
    const along = (to: number) => projection.fromValue + (to - projection.fromValue) * share;
    return { sequence, projected: along(projection.projected), range: [along(projection.low), along(projection.high)] };
  });
}
