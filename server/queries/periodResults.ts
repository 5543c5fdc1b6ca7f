import type { AppDatabase } from "../../db/client";
import { prepareCached } from "../../db/statements";
import type { IsoDate } from "../../shared/dates";
import type { ReportingFrequency } from "../../shared/domain";
import type { StoredValues } from "../../shared/resultRules";

/* The period a save or a form is about, with its pilot and project, in one prepared statement. */

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
