import type { AppDatabase } from "../../../db/client";
import { ruleColumns, ruleFieldsOf, type RawRuleColumns } from "../../queries/indicatorRuleColumns";
import type { IndicatorDefinition, PeriodSlot } from "./types";

/**
 * What the planners read of the stored data, as named rows. The planners see only this, never SQL, so
 * that each can be tested with rows written in the test (tests/unit/import-plan-*.test.ts).
 */
export interface StoredProject {
  id: number;
  name: string;
  tolerancePercent: number;
}

export interface StoredPilot {
  id: number;
  projectId: number;
  title: string;
  startDate: string;
  endDate: string;
  archived: boolean;
  version: number;
}

export interface StoredIndicator extends IndicatorDefinition {
  id: number;
  version: number;
  archived: boolean;
}

export interface StoredResult {
  id: number;
  indicatorId: number;
  sequence: number;
  value: number;
  respondents: number | null;
  numerator: number | null;
  denominator: number | null;
  comment: string;
  version: number;
}

/** How many results an indicator has, and their lowest and highest value. */
export interface ResultRange {
  count: number;
  lowest: number | null;
  highest: number | null;
}

export interface PlanStore {
  projects(): StoredProject[];
  /** Every pilot, or only this one. */
  pilots(onlyPilotId: number | null): StoredPilot[];
  /** A pilot's periods in order. */
  periods(pilotId: number): PeriodSlot[];
  /** A pilot's indicators in display order. */
  indicators(pilotId: number): StoredIndicator[];
  resultRange(indicatorId: number): ResultRange;
  results(indicatorIds: readonly number[]): StoredResult[];
}

export function sqlitePlanStore(db: AppDatabase): PlanStore {
  const sqlite = db.$client;
  const pilotColumns = "id, project_id AS projectId, title, start_date AS startDate, end_date AS endDate, archived_at IS NOT NULL AS archived, version";
  // Prepared once: a large file loads a hundred pilots or more.
  const selectPeriods = sqlite.prepare("SELECT id, sequence, start_date AS startDate, end_date AS endDate FROM reporting_periods WHERE pilot_id = ? ORDER BY sequence");
  const selectIndicators = sqlite.prepare(
    `SELECT id, version, code, name, kind, measure, cumulation, ${ruleColumns("")}, unit, baseline, goal, goal_direction AS goalDirection, goal_text AS goalText,
            scale_min AS scaleMin, scale_max AS scaleMax, display_order AS displayOrder, from_stakeholder_register AS fromStakeholderRegister,
            archived_at IS NOT NULL AS archived
     FROM indicators WHERE pilot_id = ? ORDER BY display_order, id`,
  );
  const selectRange = sqlite.prepare("SELECT count(*) AS count, min(value) AS lowest, max(value) AS highest FROM results WHERE indicator_id = ?");
  const asBoolean = <T extends { archived: unknown }>(row: T) => ({ ...row, archived: row.archived === 1 || row.archived === true });
  const indicatorOf = (row: StoredIndicator) => ({
    ...asBoolean(row),
    ...ruleFieldsOf(row as unknown as RawRuleColumns),
    fromStakeholderRegister: (row.fromStakeholderRegister as unknown) === 1 || row.fromStakeholderRegister === true,
  });
  return {
    projects: () => sqlite.prepare("SELECT id, name, tolerance_percent AS tolerancePercent FROM projects ORDER BY id").all() as StoredProject[],
    pilots: (onlyPilotId) =>
      (onlyPilotId === null
        ? (sqlite.prepare(`SELECT ${pilotColumns} FROM pilots ORDER BY id`).all() as StoredPilot[])
        : (sqlite.prepare(`SELECT ${pilotColumns} FROM pilots WHERE id = ?`).all(onlyPilotId) as StoredPilot[])
      ).map(asBoolean),
    periods: (pilotId) => selectPeriods.all(pilotId) as PeriodSlot[],
    indicators: (pilotId) => (selectIndicators.all(pilotId) as StoredIndicator[]).map(indicatorOf),
    resultRange: (indicatorId) => selectRange.get(indicatorId) as ResultRange,
    results: (indicatorIds) =>
      indicatorIds.length === 0
        ? []
        : (sqlite
            .prepare(
              `SELECT id, indicator_id AS indicatorId, period_sequence AS sequence, value, respondents, numerator, denominator, comment, version
               FROM results WHERE indicator_id IN (SELECT value FROM json_each(?))`,
            )
            .all(JSON.stringify(indicatorIds)) as StoredResult[]),
  };
}
