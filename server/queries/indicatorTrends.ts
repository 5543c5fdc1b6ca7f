import type { AppDatabase } from "../../db/client";
import type { IsoDate } from "../../shared/dates";
import type { TrendSums } from "../../shared/projection";

export interface IndicatorTrendRow {
  indicatorId: number;
  /** Counts: the least-squares sums over the result to date per reported period. */
  sums: TrendSums | null;
  lastPeriodEndDate: IsoDate | null;
  /** Scores, percentages and levels: the last three period values, oldest first. */
  lastValues: number[] | null;
}

/**
 * What the early warning needs for the indicators of pilots still running at `asOf`, aggregated in SQL:
 * - counts: n, Σx, Σy, Σx², Σxy, Σy² over their results in started periods, where x is the pilot day the
 *   period ends on and y the result to date (baseline + running total, already stored as `cum_value`, or
 *   the value itself for totals to date), plus the latest point;
 * - scores, percentages and levels: their last three period values, three index seeks each
 *   (shared/projection.ts `projectionMethodOf`; an indicator counted at the end is not read at all).
 * Only the given indicators are read (each through the results_indicator_sequence index), and of those only
 * the ones of pilots still running: the caller passes the indicators not already flagged, so a portfolio in
 * trouble reads few rows, and ended pilots are never read.
 */
export function queryIndicatorTrends(db: AppDatabase, asOf: IsoDate, indicatorIds: readonly number[]): IndicatorTrendRow[] {
  if (indicatorIds.length === 0) return [];
  const params = { asOf, ids: JSON.stringify(indicatorIds) };
  const runningIndicators = `
    FROM json_each(@ids) wanted
    JOIN indicators i ON i.id = wanted.value
    JOIN pilots pl ON pl.id = i.pilot_id AND pl.archived_at IS NULL AND pl.end_date >= @asOf
    JOIN projects pr ON pr.id = pl.project_id AND pr.archived_at IS NULL`;
  const active = `i.archived_at IS NULL AND i.delivery <> 'at_end'`;
  const line = `i.measure = 'count' AND i.cumulation <> 'level'`;
  const counts = db.$client
    .prepare(
      `WITH x AS (
         SELECT i.id AS indicator_id, julianday(p.end_date) - julianday(pl.start_date) + 1 AS x,
           CASE WHEN i.cumulation = 'increments' THEN i.baseline + r.cum_value ELSE r.value END AS y,
           r.period_sequence, p.end_date
         ${runningIndicators}
         JOIN results r ON r.indicator_id = i.id
         JOIN reporting_periods p ON p.id = r.period_id AND p.start_date <= @asOf
         WHERE ${active} AND ${line}
       )
       SELECT indicator_id, count(*) AS n, total(x) AS sx, total(y) AS sy, total(x * x) AS sxx, total(x * y) AS sxy, total(y * y) AS syy,
         max(period_sequence) AS last_sequence, x AS last_x, y AS last_y, end_date AS last_end_date
       FROM x GROUP BY indicator_id`,
    )
    .all(params) as { indicator_id: number; n: number; sx: number; sy: number; sxx: number; sxy: number; syy: number; last_x: number; last_y: number; last_end_date: IsoDate }[];
  const scores = db.$client
    .prepare(
      `SELECT i.id AS indicator_id, (
         SELECT json_group_array(value) FROM (
           SELECT r.value FROM results r JOIN reporting_periods p ON p.id = r.period_id
           WHERE r.indicator_id = i.id AND p.start_date <= @asOf ORDER BY r.period_sequence DESC LIMIT 3)
       ) AS last_values
       ${runningIndicators} WHERE ${active} AND NOT (${line})`,
    )
    .all(params) as { indicator_id: number; last_values: string }[];
  return [
    ...counts.map((r) => ({
      indicatorId: r.indicator_id,
      sums: { n: r.n, sumX: r.sx, sumY: r.sy, sumXX: r.sxx, sumXY: r.sxy, sumYY: r.syy, lastX: r.last_x, lastY: r.last_y },
      lastPeriodEndDate: r.last_end_date,
      lastValues: null,
    })),
    ...scores.map((r) => ({ indicatorId: r.indicator_id, sums: null, lastPeriodEndDate: null, lastValues: (JSON.parse(r.last_values) as number[]).reverse() })),
  ];
}
