import type { AppDatabase } from "../../db/client";
import type { IndicatorRow, ReportingPeriodRow } from "../../db/schema";
import { prepareCached } from "../../db/statements";
import type { IsoDate } from "../../shared/dates";
import { ruleColumns, ruleFieldsOf, type RawRuleColumns } from "./indicatorRuleColumns";
import { parseConfirmation, type PlausibilityConfirmation } from "../../shared/signals";

/*
 * The rows of one pilot's page, in raw SQL with statements prepared once: the page is opened far more
 * often than anything is written, and mapping ~720 results through the query builder cost more than
 * reading them (docs/performance.md).
 */

export function queryPilotPeriods(db: AppDatabase, pilotId: number): ReportingPeriodRow[] {
  return prepareCached<[number], ReportingPeriodRow>(
    db.$client,
    `SELECT id, pilot_id AS pilotId, sequence, start_date AS startDate, end_date AS endDate FROM reporting_periods WHERE pilot_id = ? ORDER BY sequence`,
  ).all(pilotId);
}

export function queryPilotIndicators(db: AppDatabase, pilotId: number): IndicatorRow[] {
  return prepareCached<[number], Omit<IndicatorRow, "fromStakeholderRegister" | keyof RawRuleColumns> & { fromStakeholderRegister: number } & RawRuleColumns>(
    db.$client,
    `SELECT id, pilot_id AS pilotId, code, name, kind, measure, cumulation, ${ruleColumns("")}, unit, baseline, goal, goal_direction AS goalDirection, goal_text AS goalText,
            scale_min AS scaleMin, scale_max AS scaleMax, display_order AS displayOrder, from_stakeholder_register AS fromStakeholderRegister,
            archived_at AS archivedAt, version, created_at AS createdAt, updated_at AS updatedAt
     FROM indicators WHERE pilot_id = ?`,
  )
    .all(pilotId)
    .map((row) => ({ ...row, ...ruleFieldsOf(row), fromStakeholderRegister: row.fromStakeholderRegister === 1 }));
}

export interface PilotResultRow {
  id: number;
  indicatorId: number;
  periodId: number;
  periodSequence: number;
  periodEndDate: IsoDate;
  value: number;
  respondents: number | null;
  numerator: number | null;
  denominator: number | null;
  comment: string;
  enteredBy: string;
  enteredAt: string;
  version: number;
  /** The coordinator's confirmation of an unusual figure (shared/signals.ts), parsed; null when none was asked. */
  plausibilityConfirmation: PlausibilityConfirmation | null;
}

type RawResult = [number, number, number, number, number, number | null, number | null, number | null, string, string, string, number, string | null];

/**
 * The pilot's results up to period `upToSequence`, in period order, with their period's end date (the pilot
 * page: periods started by its date; the period form: this period and the earlier ones, for its preview).
 * Rows come back as arrays and are mapped here: better-sqlite3 builds plain arrays about twice as fast
 * as objects, which matters for the ~720 rows of a 36-period pilot.
 */
export function queryPilotResultsUpTo(db: AppDatabase, pilotId: number, upToSequence: number, periods: readonly ReportingPeriodRow[]): PilotResultRow[] {
  const endDates = new Map(periods.map((p) => [p.sequence, p.endDate]));
  return prepareCached<[number, number], RawResult>(
    db.$client,
    `SELECT id, indicator_id, period_id, period_sequence, value, respondents, numerator, denominator, comment, entered_by, entered_at, version, plausibility_confirmation
     FROM results WHERE pilot_id = ? AND period_sequence <= ? ORDER BY period_sequence`,
  )
    .raw()
    .all(pilotId, upToSequence)
    .map(([id, indicatorId, periodId, periodSequence, value, respondents, numerator, denominator, comment, enteredBy, enteredAt, version, confirmation]) => ({
      id,
      indicatorId,
      periodId,
      periodSequence,
      periodEndDate: endDates.get(periodSequence)!,
      value,
      respondents,
      numerator,
      denominator,
      comment,
      enteredBy,
      enteredAt,
      version,
      plausibilityConfirmation: parseConfirmation(confirmation),
    }));
}
