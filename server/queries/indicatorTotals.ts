import type { AppDatabase } from "../../db/client";
import type { IsoDate } from "../../shared/dates";
import type { ResultTotals } from "../../shared/progress";

export interface IndicatorTotalsRow {
  indicatorId: number;
  pilotId: number;
  totals: ResultTotals;
  latestSequence: number;
}

export interface PilotDueState {
  /** Sequence of the latest period that has ended before `asOf`, or null if none has. */
  latestDueSequence: number | null;
}

interface RawTotals {
  indicator_id: number;
  pilot_id: number;
  reported_count: number;
  value_sum: number;
  weighted_value_sum: number;
  respondent_sum: number;
  periods_with_respondents: number;
  numerator_sum: number;
  denominator_sum: number;
  latest_due_reported: number;
  latest_sequence: number;
  latest_value: number;
  latest_end_date: IsoDate;
}

/**
 * Sums every indicator's results in periods that have started by `asOf`, in one grouped query.
 * SQLite gives bare columns (latest_value) the values of the row holding the single max(), which is
 * the latest reported period. `pilotIds` = null means every pilot.
 */
export function queryIndicatorTotals(db: AppDatabase, asOf: IsoDate, pilotIds: readonly number[] | null): Map<number, IndicatorTotalsRow & { latestDueReported: boolean }> {
  const pilotFilter = pilotIds === null ? "" : `AND p.pilot_id IN (${pilotIds.map(() => "?").join(",") || "NULL"})`;
  const statement = db.$client.prepare(`
    WITH started AS (
      SELECT p.pilot_id, max(p.sequence) AS last_started, max(CASE WHEN p.end_date < @asOf THEN p.sequence END) AS latest_due
      FROM reporting_periods p
      WHERE p.start_date <= @asOf ${pilotFilter}
      GROUP BY p.pilot_id
    )
    SELECT r.indicator_id, r.pilot_id,
      count(*) AS reported_count,
      total(r.value) AS value_sum,
      total(r.value * r.respondents) AS weighted_value_sum,
      total(r.respondents) AS respondent_sum,
      count(r.respondents) AS periods_with_respondents,
      total(r.numerator) AS numerator_sum,
      total(r.denominator) AS denominator_sum,
      total(r.period_sequence = s.latest_due) AS latest_due_reported,
      max(r.period_sequence) AS latest_sequence,
      r.value AS latest_value,
      (SELECT end_date FROM reporting_periods lp WHERE lp.pilot_id = r.pilot_id AND lp.sequence = r.period_sequence) AS latest_end_date
    FROM started s
    JOIN results r ON r.pilot_id = s.pilot_id AND r.period_sequence <= s.last_started
    GROUP BY r.indicator_id
  `);
  const params: Record<string, unknown> = { asOf };
  const rows = (pilotIds === null ? statement.all(params) : statement.all(...pilotIds, params)) as RawTotals[];
  const byIndicator = new Map<number, IndicatorTotalsRow & { latestDueReported: boolean }>();
  for (const row of rows) {
    byIndicator.set(row.indicator_id, {
      indicatorId: row.indicator_id,
      pilotId: row.pilot_id,
      latestSequence: row.latest_sequence,
      latestDueReported: row.latest_due_reported > 0,
      totals: {
        reportedCount: row.reported_count,
        valueSum: row.value_sum,
        weightedValueSum: row.weighted_value_sum,
        respondentSum: row.respondent_sum,
        periodsWithRespondents: row.periods_with_respondents,
        numeratorSum: row.numerator_sum,
        denominatorSum: row.denominator_sum,
        latest: { value: row.latest_value, periodEndDate: row.latest_end_date },
      },
    });
  }
  return byIndicator;
}

/** For each pilot: the latest period due by `asOf` and its end date. */
export function queryDuePeriods(db: AppDatabase, asOf: IsoDate, pilotIds: readonly number[] | null): Map<number, { sequence: number; endDate: IsoDate }> {
  const pilotFilter = pilotIds === null ? "" : `AND pilot_id IN (${pilotIds.map(() => "?").join(",") || "NULL"})`;
  const statement = db.$client.prepare(`
    SELECT pilot_id, max(sequence) AS sequence, end_date FROM reporting_periods
    WHERE end_date < @asOf ${pilotFilter}
    GROUP BY pilot_id
  `);
  const params = { asOf };
  const rows = (pilotIds === null ? statement.all(params) : statement.all(...pilotIds, params)) as { pilot_id: number; sequence: number; end_date: IsoDate }[];
  return new Map(rows.map((r) => [r.pilot_id, { sequence: r.sequence, endDate: r.end_date }]));
}
