import { dateCell, mapHeader, numberCell, projectFieldColumns, RowReader, type RowAction } from "../../../shared/importFormat";
import { message } from "../../../shared/i18n/message";
import { projectFields } from "../../../shared/schemas";
import type { SheetData } from "../readSpreadsheet";
import type { PlanState } from "./state";
import { addZodProblems } from "./text";
import { nameKey, type ProjectPlan } from "./types";

/** A row of the Projects sheet as read, before the project schema checks it. */
export interface ProjectRow {
  name: string;
  programme: string;
  startDate: string;
  endDate: string;
  tolerancePercent: number | undefined;
}

export function readProjectRow(reader: RowReader<"projects">): ProjectRow {
  return {
    name: reader.text("Project"),
    programme: reader.text("Programme"),
    startDate: reader.read("Start date", dateCell) ?? "",
    endDate: reader.read("End date", dateCell) ?? "",
    tolerancePercent: reader.read("Tolerance (%)", numberCell) ?? undefined,
  };
}

/**
 * The Projects sheet: projects that do not exist are created; existing ones (found by name) are not
 * changed by an import (docs/import.md), so their rows are "unchanged".
 */
export function planProjects(state: PlanState, sheet: SheetData): void {
  const { positions, problems: headerProblems } = mapHeader("projects", sheet.name, sheet.rows[0] ?? []);
  state.addProblems(headerProblems);
  if (headerProblems.length > 0) return;
  const seen = new Map<string, number>();
  sheet.rows.slice(1).forEach((cells, index) => {
    state.tick();
    const reader = new RowReader<"projects">(sheet.name, index + 2, cells, positions, state.options.numberLocale);
    if (reader.isBlank()) return;
    const row = readProjectRow(reader);
    const parsed = projectFields.safeParse(row);
    if (!parsed.success) addZodProblems(reader, parsed.error, projectFieldColumns);
    const k = nameKey(row.name);
    if (seen.has(k)) reader.problem("Project", message("importFile.problems.projectTwice", { name: row.name, row: seen.get(k)! }));
    seen.set(k, reader.rowNumber);
    state.lookedUpProjects.add(row.name);
    state.addProblems(reader.problems);
    if (reader.problems.length > 0 || !parsed.success) return;
    const existing = state.projectsByName.get(k);
    const action: RowAction = existing ? "unchanged" : "create";
    state.count("projects", action);
    state.listRow(sheet.name, reader.rowNumber, action, () => ({
      label: row.name,
      detail: message("importFile.rows.project", { start: parsed.data.startDate, end: parsed.data.endDate }),
    }));
    if (!existing) {
      const plan: ProjectPlan = { id: null, name: parsed.data.name, fields: parsed.data, tolerancePercent: parsed.data.tolerancePercent, rows: [reader.rowNumber] };
      state.projectsByName.set(k, plan);
      state.projectsToCreate.push(plan);
    }
  });
}
