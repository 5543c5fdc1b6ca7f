import type { AppDatabase } from "../../db/client";
import { prepareCached } from "../../db/statements";
import type { IsoDate } from "../../shared/dates";
import type { Cumulation, GoalDirection, IndicatorKind, Measure, ReportingFrequency } from "../../shared/domain";
import type { ResultTotals } from "../../shared/progress";
import type { StoredValues, TotalsContribution } from "../../shared/resultRules";

/*
 * The statements of the save path (results.savePeriod), in raw SQL with statements prepared once:
 * saving is the write every coordinator makes, and SQLite has one writer at a time, so its service
 * time bounds how many saves per second one machine takes (docs/performance.md).
 */

export interface PeriodContext {
  period: { id: number; pilotId: number; sequence: number; startDate: IsoDate; endDate: IsoDate };
  pilot: { id: number; title: string; startDate: IsoDate; endDate: IsoDate; reportingFrequency: ReportingFrequency; archivedAt: string | null; isFictional: boolean };
  project: { id: number; name: string; tolerancePercent: number };
}

interface PeriodContextRow {
  period_id: number;
  pilot_id: number;
  sequence: number;
  period_start: IsoDate;
  period_end: IsoDate;
  title: string;
  pilot_start: IsoDate;
  pilot_end: IsoDate;
  reporting_frequency: ReportingFrequency;
  pilot_archived_at: string | null;
  is_fictional: number;
  project_id: number;
  project_name: string;
  tolerance_percent: number;
}

export function queryPeriodContext(db: AppDatabase, periodId: number): PeriodContext | null {
  const row = prepareCached<[number], PeriodContextRow>(
    db.$client,
    `SELECT rp.id AS period_id, rp.pilot_id, rp.sequence, rp.start_date AS period_start, rp.end_date AS period_end,
            pl.title, pl.start_date AS pilot_start, pl.end_date AS pilot_end, pl.reporting_frequency, pl.archived_at AS pilot_archived_at, pl.is_fictional,
            pr.id AS project_id, pr.name AS project_name, pr.tolerance_percent
     FROM reporting_periods rp JOIN pilots pl ON pl.id = rp.pilot_id JOIN projects pr ON pr.id = pl.project_id
     WHERE rp.id = ?`,
  ).get(periodId);
  if (!row) return null;
  return {
    period: { id: row.period_id, pilotId: row.pilot_id, sequence: row.sequence, startDate: row.period_start, endDate: row.period_end },
    pilot: {
      id: row.pilot_id,
      title: row.title,
      startDate: row.pilot_start,
      endDate: row.pilot_end,
      reportingFrequency: row.reporting_frequency,
      archivedAt: row.pilot_archived_at,
      isFictional: row.is_fictional === 1,
    },
    project: { id: row.project_id, name: row.project_name, tolerancePercent: row.tolerance_percent },
  };
}

/** The fields the entry checks and the status rule need. */
export interface IndicatorForSave {
  id: number;
  name: string;
  unit: string;
  kind: IndicatorKind;
  measure: Measure;
  cumulation: Cumulation;
  baseline: number;
  goal: number;
  goalDirection: GoalDirection;
  scaleMin: number | null;
  scaleMax: number | null;
  /** Its results come from the stakeholder register, not from the period form. */
  fromStakeholderRegister: boolean;
}

/** The active indicators of `pilotId` among `indicatorIds`. */
export function queryActiveIndicatorsOfPilot(db: AppDatabase, pilotId: number, indicatorIds: readonly number[]): IndicatorForSave[] {
  return prepareCached<[string, number], Omit<IndicatorForSave, "fromStakeholderRegister"> & { fromStakeholderRegister: number }>(
    db.$client,
    `SELECT id, name, unit, kind, measure, cumulation, baseline, goal, goal_direction AS goalDirection, scale_min AS scaleMin, scale_max AS scaleMax,
            from_stakeholder_register AS fromStakeholderRegister
     FROM indicators WHERE id IN (SELECT value FROM json_each(?)) AND pilot_id = ? AND archived_at IS NULL`,
  )
    .all(JSON.stringify(indicatorIds), pilotId)
    .map((row) => ({ ...row, fromStakeholderRegister: row.fromStakeholderRegister === 1 }));
}

export interface StoredResult extends StoredValues {
  id: number;
  indicatorId: number;
  comment: string;
  enteredBy: string;
  enteredAt: string;
  version: number;
}

export function queryPeriodResults(db: AppDatabase, periodId: number, indicatorIds: readonly number[]): StoredResult[] {
  return prepareCached<[number, string], StoredResult>(
    db.$client,
    `SELECT id, indicator_id AS indicatorId, value, respondents, numerator, denominator, comment, entered_by AS enteredBy, entered_at AS enteredAt, version
     FROM results WHERE period_id = ? AND indicator_id IN (SELECT value FROM json_each(?))`,
  ).all(periodId, JSON.stringify(indicatorIds));
}

interface ResultWrite {
  values: StoredValues;
  comment: string;
  enteredBy: string;
  enteredAt: string;
  /** The running totals up to and including this result. */
  totals: ResultTotals;
}

const totalsParams = (totals: ResultTotals) => ({
  cumCount: totals.reportedCount,
  cumValue: totals.valueSum,
  cumWeightedValue: totals.weightedValueSum,
  cumRespondents: totals.respondentSum,
  cumWithRespondents: totals.periodsWithRespondents,
  cumNumerator: totals.numeratorSum,
  cumDenominator: totals.denominatorSum,
});

/** Returns the new result's id. */
export function insertResult(db: AppDatabase, at: { indicatorId: number; periodId: number; pilotId: number; periodSequence: number }, write: ResultWrite): number {
  const outcome = prepareCached(
    db.$client,
    `INSERT INTO results (indicator_id, period_id, pilot_id, period_sequence, value, respondents, numerator, denominator, comment, entered_by, entered_at,
       cum_count, cum_value, cum_weighted_value, cum_respondents, cum_with_respondents, cum_numerator, cum_denominator)
     VALUES (@indicatorId, @periodId, @pilotId, @periodSequence, @value, @respondents, @numerator, @denominator, @comment, @enteredBy, @enteredAt,
       @cumCount, @cumValue, @cumWeightedValue, @cumRespondents, @cumWithRespondents, @cumNumerator, @cumDenominator)`,
  ).run({ ...at, ...write.values, comment: write.comment, enteredBy: write.enteredBy, enteredAt: write.enteredAt, ...totalsParams(write.totals) });
  return Number(outcome.lastInsertRowid);
}

/** Updates a result if it still has `expectedVersion`; false when someone changed it in between. */
export function updateResult(db: AppDatabase, id: number, expectedVersion: number, write: ResultWrite): boolean {
  const outcome = prepareCached(
    db.$client,
    `UPDATE results SET value = @value, respondents = @respondents, numerator = @numerator, denominator = @denominator,
       comment = @comment, entered_by = @enteredBy, entered_at = @enteredAt, version = version + 1,
       cum_count = @cumCount, cum_value = @cumValue, cum_weighted_value = @cumWeightedValue, cum_respondents = @cumRespondents,
       cum_with_respondents = @cumWithRespondents, cum_numerator = @cumNumerator, cum_denominator = @cumDenominator
     WHERE id = @id AND version = @expectedVersion`,
  ).run({ id, expectedVersion, ...write.values, comment: write.comment, enteredBy: write.enteredBy, enteredAt: write.enteredAt, ...totalsParams(write.totals) });
  return outcome.changes === 1;
}

/** Moves the running totals of the indicator's results after `sequence` by `change`. */
export function shiftLaterTotals(db: AppDatabase, indicatorId: number, sequence: number, change: TotalsContribution): void {
  prepareCached(
    db.$client,
    `UPDATE results SET cum_count = cum_count + @reportedCount, cum_value = cum_value + @valueSum, cum_weighted_value = cum_weighted_value + @weightedValueSum,
       cum_respondents = cum_respondents + @respondentSum, cum_with_respondents = cum_with_respondents + @periodsWithRespondents,
       cum_numerator = cum_numerator + @numeratorSum, cum_denominator = cum_denominator + @denominatorSum
     WHERE indicator_id = @indicatorId AND period_sequence > @sequence`,
  ).run({ indicatorId, sequence, ...change });
}

/** The indicators among `indicatorIds` that have results after `sequence` (usually none: people report the latest period). */
export function queryIndicatorsWithLaterResults(db: AppDatabase, pilotId: number, sequence: number): Set<number> {
  const rows = prepareCached<[number, number], { indicatorId: number }>(
    db.$client,
    `SELECT DISTINCT indicator_id AS indicatorId FROM results WHERE pilot_id = ? AND period_sequence > ?`,
  ).all(pilotId, sequence);
  return new Set(rows.map((r) => r.indicatorId));
}
