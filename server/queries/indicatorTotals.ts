import type { AppDatabase } from "../../db/client";
import type { IsoDate } from "../../shared/dates";
import type { ResultTotals } from "../../shared/progress";

export interface IndicatorTotalsRow {
  indicatorId: number;
  pilotId: number;
  totals: ResultTotals;
  latestSequence: number;
  latestDueReported: boolean;
}

interface RawTotals {
  indicator_id: number;
  pilot_id: number;
  cum_count: number;
  cum_value: number;
  cum_weighted_value: number;
  cum_respondents: number;
  cum_with_respondents: number;
  cum_numerator: number;
  cum_denominator: number;
  latest_sequence: number;
  latest_value: number;
  latest_end_date: IsoDate;
  latest_due_reported: number;
}

function pilotFilter(pilotIds: readonly number[] | null): string {
  return pilotIds === null ? "" : "AND p.pilot_id IN (SELECT value FROM json_each(@pilotIds))";
}

/**
 * Totals of every active indicator's results in periods that have started by `asOf`. Each indicator's
 * latest such result already carries the running totals (`cum_*`), so this is one index seek per
 * indicator, whatever the number of periods. `pilotIds` = null means every pilot.
 */
export function queryIndicatorTotals(db: AppDatabase, asOf: IsoDate, pilotIds: readonly number[] | null): Map<number, IndicatorTotalsRow> {
  const rows = db.$client
    .prepare(
      `WITH started AS (
         SELECT p.pilot_id, max(p.sequence) AS last_started, max(CASE WHEN p.end_date < @asOf THEN p.sequence END) AS latest_due
         FROM reporting_periods p
         WHERE p.start_date <= @asOf ${pilotFilter(pilotIds)}
         GROUP BY p.pilot_id
       )
       SELECT i.id AS indicator_id, s.pilot_id,
         r.cum_count, r.cum_value, r.cum_weighted_value, r.cum_respondents, r.cum_with_respondents,
         r.cum_numerator, r.cum_denominator,
         r.period_sequence AS latest_sequence, r.value AS latest_value, lp.end_date AS latest_end_date,
         EXISTS (SELECT 1 FROM results d WHERE d.indicator_id = i.id AND d.period_sequence = s.latest_due) AS latest_due_reported
       FROM started s
       JOIN indicators i ON i.pilot_id = s.pilot_id AND i.archived_at IS NULL
       JOIN results r ON r.id = (
         SELECT r2.id FROM results r2
         WHERE r2.indicator_id = i.id AND r2.period_sequence <= s.last_started
         ORDER BY r2.period_sequence DESC LIMIT 1)
       JOIN reporting_periods lp ON lp.id = r.period_id`,
    )
    .all(pilotIds === null ? { asOf } : { asOf, pilotIds: JSON.stringify(pilotIds) }) as RawTotals[];
  const byIndicator = new Map<number, IndicatorTotalsRow>();
  for (const row of rows) {
    byIndicator.set(row.indicator_id, {
      indicatorId: row.indicator_id,
      pilotId: row.pilot_id,
      latestSequence: row.latest_sequence,
      latestDueReported: row.latest_due_reported === 1,
      totals: {
        reportedCount: row.cum_count,
        valueSum: row.cum_value,
        weightedValueSum: row.cum_weighted_value,
        respondentSum: row.cum_respondents,
        periodsWithRespondents: row.cum_with_respondents,
        numeratorSum: row.cum_numerator,
        denominatorSum: row.cum_denominator,
        latest: { value: row.latest_value, periodEndDate: row.latest_end_date },
      },
    });
  }
  return byIndicator;
}

/** For each pilot: the latest period due by `asOf` (ended before it) and its end date. */
export function queryDuePeriods(db: AppDatabase, asOf: IsoDate, pilotIds: readonly number[] | null): Map<number, { sequence: number; endDate: IsoDate }> {
  const rows = db.$client
    .prepare(
      `SELECT p.pilot_id, max(p.sequence) AS sequence, p.end_date FROM reporting_periods p
       WHERE p.end_date < @asOf ${pilotFilter(pilotIds)}
       GROUP BY p.pilot_id`,
    )
    .all(pilotIds === null ? { asOf } : { asOf, pilotIds: JSON.stringify(pilotIds) }) as { pilot_id: number; sequence: number; end_date: IsoDate }[];
  return new Map(rows.map((r) => [r.pilot_id, { sequence: r.sequence, endDate: r.end_date }]));
}

/**
 * The running totals of each indicator over the periods before `sequence`, from its latest earlier
 * result: what a new value for period `sequence` adds to. Indicators without earlier results get none.
 */
export function queryTotalsBeforePeriod(db: AppDatabase, indicatorIds: readonly number[], sequence: number): Map<number, ResultTotals> {
  const rows = db.$client
    .prepare(
      `SELECT i.value AS indicator_id, r.cum_count, r.cum_value, r.cum_weighted_value, r.cum_respondents, r.cum_with_respondents,
              r.cum_numerator, r.cum_denominator, r.value AS latest_value, p.end_date AS latest_end_date
       FROM json_each(@ids) i
       JOIN results r ON r.indicator_id = i.value AND r.period_sequence = (
         SELECT max(r2.period_sequence) FROM results r2 WHERE r2.indicator_id = i.value AND r2.period_sequence < @sequence)
       JOIN reporting_periods p ON p.id = r.period_id`,
    )
    .all({ ids: JSON.stringify(indicatorIds), sequence }) as Omit<RawTotals, "pilot_id" | "latest_sequence" | "latest_due_reported">[];
  return new Map(
    rows.map((row) => [
      row.indicator_id,
      {
        reportedCount: row.cum_count,
        valueSum: row.cum_value,
        weightedValueSum: row.cum_weighted_value,
        respondentSum: row.cum_respondents,
        periodsWithRespondents: row.cum_with_respondents,
        numeratorSum: row.cum_numerator,
        denominatorSum: row.cum_denominator,
        latest: { value: row.latest_value, periodEndDate: row.latest_end_date },
      },
    ]),
  );
}
