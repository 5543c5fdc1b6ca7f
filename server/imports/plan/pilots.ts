import type { ReportingFrequency } from "../../../shared/domain";
import { dateCell, frequencyCell, mapHeader, pilotFieldColumns, RowReader, type RowAction } from "../../../shared/importFormat";
import { message } from "../../../shared/i18n/message";
import { generateReportingPeriods } from "../../../shared/periods";
import { pilotFields } from "../../../shared/schemas";
import type { SheetData } from "../readSpreadsheet";
import type { PlanState } from "./state";
import { addZodProblems } from "./text";
import { nameKey, type PilotPlan } from "./types";

/** A row of the Pilots sheet as read; `projectId` is a placeholder for the schema (the project is found by name). */
export interface PilotRow {
  projectId: number;
  title: string;
  partnerOrganisation: string;
  location: string;
  country: string;
  startDate: string;
  endDate: string;
  reportingFrequency: ReportingFrequency | undefined;
  coordinatorName: string;
  coordinatorEmail: string;
  description: string;
}

export function readPilotRow(reader: RowReader<"pilots">): PilotRow {
  return {
    projectId: 1,
    title: reader.text("Pilot"),
    partnerOrganisation: reader.text("Partner organisation"),
    location: reader.text("Location"),
    country: reader.text("Country"),
    startDate: reader.read("Start date", dateCell) ?? "",
    endDate: reader.read("End date", dateCell) ?? "",
    reportingFrequency: reader.read("Reporting frequency", frequencyCell) ?? undefined,
    coordinatorName: reader.text("Coordinator"),
    coordinatorEmail: reader.text("Coordinator email"),
    description: reader.text("Description"),
  };
}

/**
 * The Pilots sheet: pilots that do not exist in their project are created with their reporting periods;
 * existing ones (found by project name and title) are not changed by an import.
 */
export function planPilots(state: PlanState, sheet: SheetData): void {
  const { positions, problems: headerProblems } = mapHeader("pilots", sheet.name, sheet.rows[0] ?? []);
  state.addProblems(headerProblems);
  if (headerProblems.length > 0) return;
  const seen = new Map<string, number>();
  sheet.rows.slice(1).forEach((cells, index) => {
    state.tick();
    const reader = new RowReader<"pilots">(sheet.name, index + 2, cells, positions, state.options.numberLocale);
    if (reader.isBlank()) return;
    const projectName = reader.text("Project");
    const project = state.projectsByName.get(nameKey(projectName));
    state.lookedUpProjects.add(projectName);
    if (!project) reader.problem("Project", projectName ? message("importFile.problems.unknownProject", { name: projectName }) : message("importFile.problems.nameProject"));
    const row = readPilotRow(reader);
    const parsed = pilotFields.safeParse(row);
    if (!parsed.success) addZodProblems(reader, parsed.error, pilotFieldColumns);
    const k = nameKey(projectName, row.title);
    if (seen.has(k)) reader.problem("Pilot", message("importFile.problems.pilotTwice", { title: row.title, row: seen.get(k)! }));
    seen.set(k, reader.rowNumber);
    state.lookedUpPilots.add(k);
    state.addProblems(reader.problems);
    if (reader.problems.length > 0 || !parsed.success || !project) return;
    const stored = state.storedPilot(k);
    const action: RowAction = stored ? "unchanged" : "create";
    state.count("pilots", action);
    state.listRow(sheet.name, reader.rowNumber, action, () => ({
      label: `${project.name} › ${row.title}`,
      detail: message("importFile.rows.pilot", { start: parsed.data.startDate, end: parsed.data.endDate, frequency: parsed.data.reportingFrequency }),
    }));
    if (stored) {
      state.loadPilot(stored);
      return;
    }
    const plan: PilotPlan = {
      id: null,
      version: 0,
      project,
      title: parsed.data.title,
      fields: parsed.data,
      startDate: parsed.data.startDate,
      endDate: parsed.data.endDate,
      archived: false,
      periods: generateReportingPeriods(parsed.data.startDate, parsed.data.endDate, parsed.data.reportingFrequency as ReportingFrequency).map((p) => ({ ...p, id: null })),
      indicatorsByCode: new Map(),
      indicatorsByName: new Map(),
      nextDisplayOrder: 1,
      rows: [reader.rowNumber],
    };
    state.pilotPlans.set(k, plan);
    state.pilotsToCreate.push(plan);
  });
}
