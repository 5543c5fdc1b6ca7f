import type { AppDatabase } from "../../db/client";
import { prepareCached } from "../../db/statements";
import type { IsoDate } from "../../shared/dates";
import type { Cumulation, GoalDirection, IndicatorKind, Measure } from "../../shared/domain";
import type { ResultTotals } from "../../shared/progress";
import { ruleColumns, ruleFieldsOf, type RawRuleColumns, type RuleColumns } from "./indicatorRuleColumns";

/** The indicator columns progress needs; pages that show more load the full rows of their pilot. */
export interface IndicatorSummary extends RuleColumns {
  id: number;
  pilotId: number;
  code: string | null;
  name: string;
  kind: IndicatorKind;
  measure: Measure;
  cumulation: Cumulation;
  unit: string;
  baseline: number;
  goal: number;
  goalDirection: GoalDirection;
  goalText: string;
  /** A score's scale (null otherwise), shown with it wherever the score is. */
  scaleMin: number | null;
  scaleMax: number | null;
}

export interface IndicatorTotalsRow {
  indicator: IndicatorSummary;
  /** Null when the indicator has no result in a period started by `asOf`. */
  totals: ResultTotals | null;
  latestDueReported: boolean;
}

interface RawRow extends RawRuleColumns {
  id: number;
  pilot_id: number;
  code: string | null;
  name: string;
  kind: IndicatorKind;
  measure: Measure;
  cumulation: Cumulation;
  unit: string;
  baseline: number;
  goal: number;
  goal_direction: GoalDirection;
  goal_text: string;
  scale_min: number | null;
  scale_max: number | null;
  cum_count: number | null;
  cum_value: number;
  cum_weighted_value: number;
  cum_respondents: number;
  cum_with_respondents: number;
  cum_numerator: number;
  cum_denominator: number;
  latest_value: number;
  latest_end_date: IsoDate;
  latest_due_reported: number;
}

type RawTotals = Pick<
  RawRow,
  "cum_value" | "cum_weighted_value" | "cum_respondents" | "cum_with_respondents" | "cum_numerator" | "cum_denominator" | "latest_value" | "latest_end_date"
> & { cum_count: number };

function totalsFrom(row: RawTotals): ResultTotals {
  return {
    reportedCount: row.cum_count,
    valueSum: row.cum_value,
    weightedValueSum: row.cum_weighted_value,
    respondentSum: row.cum_respondents,
    periodsWithRespondents: row.cum_with_respondents,
    numeratorSum: row.cum_numerator,
    denominatorSum: row.cum_denominator,
    latest: { value: row.latest_value, periodEndDate: row.latest_end_date },
  };
}

function pilotFilter(column: string, pilotIds: readonly number[] | null): string {
  return pilotIds === null ? "" : `AND ${column} IN (SELECT value FROM json_each(@pilotIds))`;
}

/**
 * Every active indicator of the given pilots (null = all) with the totals of its results in periods that
 * have started by `asOf`. Each indicator's latest such result already carries the running totals
 * (`cum_*`), so this is one index seek per indicator, whatever the number of periods.
 */
export function queryIndicatorTotals(db: AppDatabase, asOf: IsoDate, pilotIds: readonly number[] | null): IndicatorTotalsRow[] {
  const rows = prepareCached(
    db.$client,
    `WITH started AS (
         SELECT p.pilot_id, max(p.sequence) AS last_started, max(CASE WHEN p.end_date < @asOf THEN p.sequence END) AS latest_due
         FROM reporting_periods p
         WHERE p.start_date <= @asOf ${pilotFilter("p.pilot_id", pilotIds)}
         GROUP BY p.pilot_id
       )
       SELECT i.id, i.pilot_id, i.code, i.name, i.kind, i.measure, i.cumulation, ${ruleColumns("i")}, i.unit, i.baseline, i.goal, i.goal_direction, i.goal_text, i.scale_min, i.scale_max,
         r.cum_count, r.cum_value, r.cum_weighted_value, r.cum_respondents, r.cum_with_respondents, r.cum_numerator, r.cum_denominator,
         r.value AS latest_value, lp.end_date AS latest_end_date,
         EXISTS (SELECT 1 FROM results d WHERE d.indicator_id = i.id AND d.period_sequence = s.latest_due) AS latest_due_reported
       FROM indicators i
       LEFT JOIN started s ON s.pilot_id = i.pilot_id
       LEFT JOIN results r ON r.indicator_id = i.id AND r.period_sequence = (
         SELECT max(r2.period_sequence) FROM results r2 WHERE r2.indicator_id = i.id AND r2.period_sequence <= s.last_started)
       LEFT JOIN reporting_periods lp ON lp.id = r.period_id
       WHERE i.archived_at IS NULL ${pilotFilter("i.pilot_id", pilotIds)}
       ORDER BY i.pilot_id, i.display_order, i.id`,
  ).all(pilotIds === null ? { asOf } : { asOf, pilotIds: JSON.stringify(pilotIds) }) as RawRow[];
  return rows.map((row) => ({
    indicator: {
      id: row.id,
      pilotId: row.pilot_id,
      code: row.code,
      name: row.name,
      kind: row.kind,
      measure: row.measure,
      cumulation: row.cumulation,
      unit: row.unit,
      baseline: row.baseline,
      goal: row.goal,
      goalDirection: row.goal_direction,
      goalText: row.goal_text,
      scaleMin: row.scale_min,
      scaleMax: row.scale_max,
      ...ruleFieldsOf(row),
    },
    totals: row.cum_count === null ? null : totalsFrom(row as RawTotals),
    latestDueReported: row.latest_due_reported === 1,
  }));
}

/** For each pilot: the latest period due by `asOf` (ended before it) and its end date. */
export function queryDuePeriods(db: AppDatabase, asOf: IsoDate, pilotIds: readonly number[] | null): Map<number, { sequence: number; endDate: IsoDate }> {
  const rows = prepareCached(
    db.$client,
    `SELECT p.pilot_id, max(p.sequence) AS sequence, p.end_date FROM reporting_periods p
       WHERE p.end_date < @asOf ${pilotFilter("p.pilot_id", pilotIds)}
       GROUP BY p.pilot_id`,
  ).all(pilotIds === null ? { asOf } : { asOf, pilotIds: JSON.stringify(pilotIds) }) as { pilot_id: number; sequence: number; end_date: IsoDate }[];
  return new Map(rows.map((r) => [r.pilot_id, { sequence: r.sequence, endDate: r.end_date }]));
}

/**
 * The running totals of each indicator over the periods before `sequence`, from its latest earlier
 * result: what a new value for period `sequence` adds to. Indicators without earlier results get none.
 */
export function queryTotalsBeforePeriod(db: AppDatabase, indicatorIds: readonly number[], sequence: number): Map<number, ResultTotals> {
  const rows = prepareCached(
    db.$client,
    `SELECT i.value AS indicator_id, r.cum_count, r.cum_value, r.cum_weighted_value, r.cum_respondents, r.cum_with_respondents,
              r.cum_numerator, r.cum_denominator, r.value AS latest_value, p.end_date AS latest_end_date
       FROM json_each(@ids) i
       JOIN results r ON r.indicator_id = i.value AND r.period_sequence = (
         SELECT max(r2.period_sequence) FROM results r2 WHERE r2.indicator_id = i.value AND r2.period_sequence < @sequence)
       JOIN reporting_periods p ON p.id = r.period_id`,
  ).all({ ids: JSON.stringify(indicatorIds), sequence }) as (RawTotals & { indicator_id: number })[];
  return new Map(rows.map((row) => [row.indicator_id, totalsFrom(row)]));
}
