import type { AppDatabase } from "../../db/client";
import { IMPORT_LIMITS, sheetNames, type SheetKind } from "../../shared/importFormat";
import { message } from "../../shared/i18n/message";
import { stateFingerprint, type FingerprintScope } from "./fingerprint";
import { planIndicators } from "./plan/indicators";
import { planPilots } from "./plan/pilots";
import { planProjects } from "./plan/projects";
import { planResults } from "./plan/results";
import { PlanState } from "./plan/state";
import { sqlitePlanStore, type PlanStore } from "./plan/store";
import { ImportRefused, type ImportPlan, type PlanOptions } from "./plan/types";
import type { SheetData } from "./readSpreadsheet";

export { ImportRefused, type ImportPlan, type PlanOptions } from "./plan/types";

/**
 * Turns the sheets of an uploaded file into a plan: what each row would create or change, and every
 * problem with its row and column. Nothing is written here; applyImport.ts writes a plan without
 * problems, after checking that the stored rows it depends on have not changed (the fingerprint).
 * Each sheet has its planner in ./plan/ (projects, pilots, indicators, results), run in that order so that
 * a later sheet finds what an earlier one creates.
 */
export function planImport(db: AppDatabase, sheets: SheetData[], options: PlanOptions): ImportPlan {
  const plan = planSheets(sqlitePlanStore(db), sheets, options);
  plan.preview.token = stateFingerprint(db, plan.scope);
  return plan;
}

/** Which kind of sheet this is: by its name in a workbook, else by its columns. */
export function sheetKindOf(sheet: SheetData): SheetKind | null {
  const byName = (Object.entries(sheetNames) as [SheetKind, string][]).find(([, name]) => name.toLowerCase() === sheet.name.trim().toLowerCase());
  if (byName) return byName[0];
  const header = new Set(
    (sheet.rows[0] ?? []).map((c) =>
      String(c ?? "")
        .trim()
        .toLowerCase(),
    ),
  );
  if (header.has("goal")) return "indicators";
  if (header.has("value") || header.has("numerator") || header.has("period")) return "results";
  if (header.has("reporting frequency")) return "pilots";
  if (header.has("tolerance (%)") || header.has("programme")) return "projects";
  return null;
}

const rowLimits: Record<SheetKind, number> = {
  projects: IMPORT_LIMITS.maxProjectRows,
  pilots: IMPORT_LIMITS.maxPilotRows,
  indicators: IMPORT_LIMITS.maxIndicatorRows,
  results: IMPORT_LIMITS.maxResultRows,
};

/** The plan without its token (which needs the database): what the planners make of the sheets and the stored rows. */
export function planSheets(store: PlanStore, sheets: SheetData[], options: PlanOptions): ImportPlan {
  const bySheet = new Map<SheetKind, SheetData>();
  for (const sheet of sheets) {
    const kind = sheetKindOf(sheet);
    if (!kind || bySheet.has(kind)) continue;
    if (options.pilotId !== null && (kind === "projects" || kind === "pilots")) continue;
    // Messages name the sheet by its role, so a CSV file or a "Sheet1" reads as "Results".
    bySheet.set(kind, { ...sheet, name: sheetNames[kind] });
  }
  if (!bySheet.has("indicators") && !bySheet.has("results")) {
    throw new ImportRefused(message(options.pilotId === null ? "importFile.errors.noSheets" : "importFile.errors.noColumns"));
  }
  for (const [kind, sheet] of bySheet) {
    if (sheet.rows.length - 1 > rowLimits[kind])
      throw new ImportRefused(message("importFile.errors.tooManyRows", { sheet: sheet.name, rows: sheet.rows.length - 1, limit: rowLimits[kind] }));
  }
  const totalRows = [...bySheet.values()].reduce((sum, s) => sum + s.rows.length - 1, 0);
  const state = new PlanState(store, options, totalRows);

  const planners = { projects: planProjects, pilots: planPilots, indicators: planIndicators, results: planResults } as const;
  for (const kind of ["projects", "pilots", "indicators", "results"] as const) {
    const sheet = bySheet.get(kind);
    if (sheet) planners[kind](state, sheet);
  }
  options.onProgress?.(totalRows, totalRows);
  const bySheetThenRow = (a: { sheet: string; row: number }, b: { sheet: string; row: number }) =>
    a.sheet === b.sheet ? a.row - b.row : sheetOrder(a.sheet) - sheetOrder(b.sheet);
  state.previewRows.sort(bySheetThenRow);
  state.problems.sort(bySheetThenRow);

  const scope: FingerprintScope = {
    projectNames: [...state.lookedUpProjects],
    pilotKeys: [...state.lookedUpPilots],
    pilotIds: state.loadedPilots.map((p) => p.id!),
    indicatorIds: state.resultIndicatorIds,
  };
  const nothingToDo = state.projectsToCreate.length + state.pilotsToCreate.length + state.indicatorWrites.length + state.resultWrites.length === 0;
  return {
    fileName: options.fileName,
    today: options.today,
    preview: {
      sheets: [...bySheet.keys()],
      counts: state.counts,
      problems: state.problems,
      problemCount: state.problemCount,
      rows: state.previewRows,
      token: "",
      nothingToDo,
      notices: state.notices,
    },
    scope,
    projectsToCreate: state.projectsToCreate,
    pilotsToCreate: state.pilotsToCreate,
    indicatorWrites: state.indicatorWrites,
    resultWrites: state.resultWrites,
  };
}

const sheetOrder = (name: string) => Object.values(sheetNames).findIndex((n) => n.toLowerCase() === name.toLowerCase());
