import type { PlanStore, StoredIndicator, StoredPilot, StoredProject, StoredResult } from "../../server/imports/plan/store";
import type { PeriodSlot, PlanOptions } from "../../server/imports/plan/types";
import { PlanState } from "../../server/imports/plan/state";
import type { Cell } from "../../shared/importFormat";
import type { SheetData } from "../../server/imports/readSpreadsheet";
import { translate } from "../../server/i18n";

/** Stored rows written in a test, for the planners (server/imports/plan/), which read nothing else. */
export interface StoredRows {
  projects?: StoredProject[];
  pilots?: StoredPilot[];
  periods?: Record<number, PeriodSlot[]>;
  indicators?: Record<number, StoredIndicator[]>;
  results?: StoredResult[];
}

export function memoryPlanStore(rows: StoredRows): PlanStore {
  const results = rows.results ?? [];
  return {
    projects: () => rows.projects ?? [],
    pilots: (only) => (rows.pilots ?? []).filter((p) => only === null || p.id === only),
    periods: (pilotId) => rows.periods?.[pilotId] ?? [],
    indicators: (pilotId) => rows.indicators?.[pilotId] ?? [],
    resultRange: (indicatorId) => {
      const values = results.filter((r) => r.indicatorId === indicatorId).map((r) => r.value);
      return { count: values.length, lowest: values.length ? Math.min(...values) : null, highest: values.length ? Math.max(...values) : null };
    },
    results: (ids) => results.filter((r) => ids.includes(r.indicatorId)),
  };
}

export const TODAY = "2026-11-23";

export function planState(rows: StoredRows, options: Partial<PlanOptions> = {}): PlanState {
  return new PlanState(memoryPlanStore(rows), { pilotId: null, today: TODAY, fileName: "test.csv", ...options });
}

/** A sheet from CSV-like lines: cells split on commas, empty cells as the CSV reader gives them (""). */
export function sheet(name: string, lines: string[]): SheetData {
  return { name, rows: lines.map((line) => line.split(",") as Cell[]) };
}

/** The problems as the reader sees them in English: "row column: message". */
export function englishProblems(state: PlanState): string[] {
  return state.problems.map((p) => `${p.row} ${p.column}: ${translate("en", p.message)}`);
}

export const welcomeProject: StoredProject = { id: 1, name: "Rural Welcome", tolerancePercent: 15 };
export const valleyDesk: StoredPilot = { id: 10, projectId: 1, title: "Valley Desk", startDate: "2026-01-01", endDate: "2026-12-31", archived: false, version: 1 };
export const quarters: PeriodSlot[] = [
  { id: 101, sequence: 1, startDate: "2026-01-01", endDate: "2026-03-31" },
  { id: 102, sequence: 2, startDate: "2026-04-01", endDate: "2026-06-30" },
  { id: 103, sequence: 3, startDate: "2026-07-01", endDate: "2026-09-30" },
  { id: 104, sequence: 4, startDate: "2026-10-01", endDate: "2026-12-31" },
];
export const hours: StoredIndicator = {
  id: 1000,
  version: 1,
  archived: false,
  code: "LANG-H",
  name: "Hours of language courses",
  kind: "quantitative",
  measure: "count",
  cumulation: "increments",
  unit: "hours",
  baseline: 0,
  goal: 230,
  goalDirection: "at_least",
  goalText: "",
  scaleMin: null,
  levelAggregation: "latest",
  entryForm: "standard",
  wholeNumbers: false,
  delivery: "linear",
  milestoneShape: "interpolated",
  milestones: [],
  scaleMax: null,
  displayOrder: 1,
  fromStakeholderRegister: false,
};
export const valleyRows: StoredRows = { projects: [welcomeProject], pilots: [valleyDesk], periods: { 10: quarters }, indicators: { 10: [hours] } };
