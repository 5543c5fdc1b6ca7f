import type { z } from "zod";
import type { AppDatabase } from "../../db/client";
import type { IsoDate } from "../../shared/dates";
import type { Cumulation, GoalDirection, IndicatorKind, Measure, ReportingFrequency } from "../../shared/domain";
import {
  columns,
  cumulationCell,
  dateCell,
  frequencyCell,
  goalDirectionCell,
  hasNoValues,
  IMPORT_LIMITS,
  indicatorFieldColumns,
  kindCell,
  mapHeader,
  measureCell,
  numberCell,
  pilotFieldColumns,
  projectFieldColumns,
  readResultRow,
  resultFieldColumns,
  type ResultRowValues,
  RowReader,
  sheetNames,
  type ActionCounts,
  type ColumnName,
  type ImportPreview,
  type ImportProblem,
  type ImportText,
  type PreviewRow,
  type RowAction,
  type SheetKind,
} from "../../shared/importFormat";
import { message } from "../../shared/i18n/message";
import { messageOfIssue } from "../../shared/i18n/translateIssue";
import { ImportTextError } from "./importErrors";
import { generateReportingPeriods } from "../../shared/periods";
import { emptyTotals, type ResultTotals } from "../../shared/progress";
import { appendToTotals, checkEnteredValues, progressAtPeriodEndFromTotals, type StoredValues } from "../../shared/resultRules";
import { indicatorFields, MAX_MAGNITUDE, pilotFields, projectFields, resultEntry, savePeriodResults, type IndicatorFields, type PilotFields, type ProjectFields } from "../../shared/schemas";
import { stateFingerprint, type FingerprintScope } from "./fingerprint";
import type { SheetData } from "./readSpreadsheet";

/**
 * Turns the sheets of an uploaded file into a plan: what each row would create or change, and every
 * problem with its row and column. Nothing is written here; applyImport.ts writes a plan without
 * problems, after checking that the stored rows it depends on have not changed (the fingerprint).
 * The result rules are the period form's (shared/resultRules.ts), applied to the rows that would be written.
 */

export interface PlanOptions {
  /** Import into this pilot (its page); null imports whole projects (Projects page, or an empty database). */
  pilotId: number | null;
  enteredBy: string;
  today: IsoDate;
  onProgress?: (done: number, total: number) => void;
}

interface PeriodSlot {
  id: number | null;
  sequence: number;
  startDate: IsoDate;
  endDate: IsoDate;
}

export interface ProjectPlan {
  id: number | null;
  name: string;
  fields: ProjectFields | null;
  tolerancePercent: number;
}

export interface IndicatorPlan {
  id: number | null;
  version: number;
  pilot: PilotPlan;
  fields: Omit<IndicatorFields, "pilotId">;
  archived: boolean;
  /** The indicator has results stored already. */
  write: "create" | "change" | null;
}

export interface PilotPlan {
  id: number | null;
  version: number;
  project: ProjectPlan;
  title: string;
  fields: PilotFields | null;
  startDate: IsoDate;
  endDate: IsoDate;
  archived: boolean;
  periods: PeriodSlot[];
  indicatorsByCode: Map<string, IndicatorPlan>;
  indicatorsByName: Map<string, IndicatorPlan>;
  nextDisplayOrder: number;
}

export interface ResultWrite {
  indicator: IndicatorPlan;
  period: PeriodSlot;
  values: StoredValues;
  comment: string;
  enteredBy: string;
  existing: { id: number; version: number } | null;
}

export interface ImportPlan {
  preview: ImportPreview<ImportText>;
  scope: FingerprintScope;
  projectsToCreate: ProjectPlan[];
  pilotsToCreate: PilotPlan[];
  indicatorWrites: IndicatorPlan[];
  resultWrites: ResultWrite[];
}

export class ImportRefused extends ImportTextError {}

const emptyCounts = (): ActionCounts => ({ create: 0, change: 0, unchanged: 0 });
const key = (first: string, second?: string) => (second === undefined ? first.trim().toLowerCase() : `${first.trim().toLowerCase()}\u0000${second.trim().toLowerCase()}`);

/** Which kind of sheet this is: by its name in a workbook, else by its columns. */
function sheetKindOf(sheet: SheetData): SheetKind | null {
  const byName = (Object.entries(sheetNames) as [SheetKind, string][]).find(([, name]) => name.toLowerCase() === sheet.name.trim().toLowerCase());
  if (byName) return byName[0];
  const header = new Set((sheet.rows[0] ?? []).map((c) => String(c ?? "").trim().toLowerCase()));
  if (header.has("goal")) return "indicators";
  if (header.has("value") || header.has("numerator") || header.has("period")) return "results";
  if (header.has("reporting frequency")) return "pilots";
  if (header.has("tolerance (%)") || header.has("programme")) return "projects";
  return null;
}

/** A stored result as the driver returns it in raw mode (arrays: a large file compares 100,000 of them). */
type StoredResult = [id: number, indicatorId: number, sequence: number, value: number, respondents: number | null, numerator: number | null, denominator: number | null, comment: string, version: number];
const storedValues = (r: StoredResult): StoredValues => ({ value: r[3], respondents: r[4], numerator: r[5], denominator: r[6] });

export function planImport(db: AppDatabase, sheets: SheetData[], options: PlanOptions): ImportPlan {
  const sqlite = db.$client;
  const problems: ImportProblem<ImportText>[] = [];
  let problemCount = 0;
  const addProblems = (list: readonly ImportProblem<ImportText>[]) => {
    problemCount += list.length;
    for (const p of list) if (problems.length < IMPORT_LIMITS.maxListedProblems) problems.push({ ...p, message: readableLength(p.message) });
  };
  const previewRows: PreviewRow<ImportText>[] = [];
  /** Lists a created or changed row; `describe` runs only while the list has room (large files have 100,000 rows). */
  const listRow = (sheet: string, row: number, action: RowAction, describe: () => { label: ImportText; detail: ImportText }) => {
    if (action !== "unchanged" && previewRows.length < IMPORT_LIMITS.maxListedRows) previewRows.push({ sheet, row, action, ...describe() });
  };
  const counts = { projects: emptyCounts(), pilots: emptyCounts(), indicators: emptyCounts(), results: emptyCounts(), blankResultRows: 0 };

  const bySheet = new Map<SheetKind, SheetData>();
  for (const sheet of sheets) {
    const kind = sheetKindOf(sheet);
    if (!kind || bySheet.has(kind)) continue;
    if (options.pilotId !== null && (kind === "projects" || kind === "pilots")) continue;
    // Messages name the sheet by its role, so a CSV file or a "Sheet1" reads as "Results".
    bySheet.set(kind, { ...sheet, name: sheetNames[kind] });
  }
  if (!bySheet.has("indicators") && !bySheet.has("results")) {
    throw new ImportRefused(
      message(options.pilotId === null ? "importFile.errors.noSheets" : "importFile.errors.noColumns"),
    );
  }
  const limits: Record<SheetKind, number> = {
    projects: IMPORT_LIMITS.maxProjectRows,
    pilots: IMPORT_LIMITS.maxPilotRows,
    indicators: IMPORT_LIMITS.maxIndicatorRows,
    results: IMPORT_LIMITS.maxResultRows,
  };
  for (const [kind, sheet] of bySheet) {
    if (sheet.rows.length - 1 > limits[kind])
      throw new ImportRefused(message("importFile.errors.tooManyRows", { sheet: sheet.name, rows: sheet.rows.length - 1, limit: limits[kind] }));
  }
  const totalRows = [...bySheet.values()].reduce((sum, s) => sum + s.rows.length - 1, 0);
  let rowsDone = 0;
  const tick = () => {
    if (++rowsDone % 5000 === 0) options.onProgress?.(rowsDone, totalRows);
  };

  // --- What is stored: projects by name, pilots by (project, title). ---
  const projectsByName = new Map<string, ProjectPlan>();
  for (const p of sqlite.prepare("SELECT id, name, tolerance_percent AS tolerance FROM projects ORDER BY id").all() as { id: number; name: string; tolerance: number }[]) {
    if (!projectsByName.has(key(p.name))) projectsByName.set(key(p.name), { id: p.id, name: p.name, fields: null, tolerancePercent: p.tolerance });
  }
  const projectsById = new Map([...projectsByName.values()].map((p) => [p.id!, p]));
  interface StoredPilot {
    id: number;
    project_id: number;
    title: string;
    start_date: string;
    end_date: string;
    archived_at: string | null;
    version: number;
  }
  const storedPilots = (
    options.pilotId === null
      ? sqlite.prepare("SELECT id, project_id, title, start_date, end_date, archived_at, version FROM pilots ORDER BY id").all()
      : sqlite.prepare("SELECT id, project_id, title, start_date, end_date, archived_at, version FROM pilots WHERE id = ?").all(options.pilotId)
  ) as StoredPilot[];
  if (options.pilotId !== null && storedPilots.length === 0) throw new ImportRefused(message("importFile.errors.pilotNotFound"));
  const storedPilotByKey = new Map<string, StoredPilot>();
  const duplicatePilotKeys = new Set<string>();
  for (const p of storedPilots) {
    const k = key(projectsById.get(p.project_id)?.name ?? "", p.title);
    if (storedPilotByKey.has(k)) duplicatePilotKeys.add(k);
    else storedPilotByKey.set(k, p);
  }

  // Prepared once: a large file loads a hundred pilots or more.
  const selectPeriods = sqlite.prepare("SELECT id, sequence, start_date AS startDate, end_date AS endDate FROM reporting_periods WHERE pilot_id = ? ORDER BY sequence");
  const selectIndicators = sqlite.prepare(
    `SELECT id, version, code, name, kind, measure, cumulation, unit, baseline, goal, goal_direction AS goalDirection, goal_text AS goalText,
            scale_min AS scaleMin, scale_max AS scaleMax, display_order AS displayOrder, archived_at AS archivedAt
     FROM indicators WHERE pilot_id = ? ORDER BY display_order, id`,
  );
  const pilotPlans = new Map<string, PilotPlan>();
  const loadedPilots: PilotPlan[] = [];
  /** Loads a stored pilot with its periods and indicators, once. */
  const loadPilot = (stored: StoredPilot): PilotPlan => {
    const k = key(projectsById.get(stored.project_id)?.name ?? "", stored.title);
    const cached = pilotPlans.get(k);
    if (cached) return cached;
    const plan: PilotPlan = {
      id: stored.id,
      version: stored.version,
      project: projectsById.get(stored.project_id)!,
      title: stored.title,
      fields: null,
      startDate: stored.start_date,
      endDate: stored.end_date,
      archived: stored.archived_at !== null,
      periods: selectPeriods.all(stored.id) as PeriodSlot[],
      indicatorsByCode: new Map(),
      indicatorsByName: new Map(),
      nextDisplayOrder: 1,
    };
    const indicatorRows = selectIndicators.all(stored.id) as (Omit<IndicatorFields, "pilotId"> & { id: number; version: number; archivedAt: string | null; displayOrder: number })[];
    for (const { id, version, archivedAt, ...fields } of indicatorRows) {
      const indicator: IndicatorPlan = { id, version, pilot: plan, fields, archived: archivedAt !== null, write: null };
      // Active indicators win over archived ones of the same name.
      if (fields.code && (!plan.indicatorsByCode.has(key(fields.code)) || !indicator.archived)) plan.indicatorsByCode.set(key(fields.code), indicator);
      if (!plan.indicatorsByName.has(key(fields.name)) || !indicator.archived) plan.indicatorsByName.set(key(fields.name), indicator);
      plan.nextDisplayOrder = Math.max(plan.nextDisplayOrder, fields.displayOrder! + 1);
    }
    pilotPlans.set(k, plan);
    loadedPilots.push(plan);
    return plan;
  };
  const onlyPilot = options.pilotId !== null ? loadPilot(storedPilots[0]!) : null;

  const projectsToCreate: ProjectPlan[] = [];
  const pilotsToCreate: PilotPlan[] = [];
  const indicatorWrites: IndicatorPlan[] = [];
  const lookedUpProjects = new Set<string>();
  const lookedUpPilots = new Set<string>();

  // --- Projects sheet ---
  const projectSheet = bySheet.get("projects");
  if (projectSheet) {
    const { positions, problems: headerProblems } = mapHeader("projects", projectSheet.name, projectSheet.rows[0] ?? []);
    addProblems(headerProblems);
    const seen = new Map<string, number>();
    if (headerProblems.length === 0)
      projectSheet.rows.slice(1).forEach((cells, index) => {
        tick();
        const reader = new RowReader<"projects">(projectSheet.name, index + 2, cells, positions);
        if (reader.isBlank()) return;
        const name = reader.text("Project");
        const candidate = {
          name,
          programme: reader.text("Programme"),
          startDate: reader.read("Start date", dateCell) ?? "",
          endDate: reader.read("End date", dateCell) ?? "",
          tolerancePercent: reader.read("Tolerance (%)", numberCell) ?? undefined,
        };
        const parsed = projectFields.safeParse(candidate);
        if (!parsed.success) addZodProblems(reader, parsed.error, projectFieldColumns);
        const k = key(name);
        if (seen.has(k)) reader.problem("Project", message("importFile.problems.projectTwice", { name, row: seen.get(k)! }));
        seen.set(k, reader.rowNumber);
        lookedUpProjects.add(name);
        addProblems(reader.problems);
        if (reader.problems.length > 0 || !parsed.success) return;
        const existing = projectsByName.get(k);
        const action: RowAction = existing ? "unchanged" : "create";
        counts.projects[action]++;
        listRow(projectSheet.name, reader.rowNumber, action, () => ({ label: name, detail: message("importFile.rows.project", { start: parsed.data.startDate, end: parsed.data.endDate }) }));
        if (!existing) {
          const plan: ProjectPlan = { id: null, name: parsed.data.name, fields: parsed.data, tolerancePercent: parsed.data.tolerancePercent };
          projectsByName.set(k, plan);
          projectsToCreate.push(plan);
        }
      });
  }

  // --- Pilots sheet ---
  const pilotSheet = bySheet.get("pilots");
  if (pilotSheet) {
    const { positions, problems: headerProblems } = mapHeader("pilots", pilotSheet.name, pilotSheet.rows[0] ?? []);
    addProblems(headerProblems);
    const seen = new Map<string, number>();
    if (headerProblems.length === 0)
      pilotSheet.rows.slice(1).forEach((cells, index) => {
        tick();
        const reader = new RowReader<"pilots">(pilotSheet.name, index + 2, cells, positions);
        if (reader.isBlank()) return;
        const projectName = reader.text("Project");
        const project = projectsByName.get(key(projectName));
        lookedUpProjects.add(projectName);
        if (!project) reader.problem("Project", projectName ? message("importFile.problems.unknownProject", { name: projectName }) : message("importFile.problems.nameProject"));
        const candidate = {
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
        const parsed = pilotFields.safeParse(candidate);
        if (!parsed.success) addZodProblems(reader, parsed.error, pilotFieldColumns);
        const k = key(projectName, candidate.title);
        if (seen.has(k)) reader.problem("Pilot", message("importFile.problems.pilotTwice", { title: candidate.title, row: seen.get(k)! }));
        seen.set(k, reader.rowNumber);
        lookedUpPilots.add(k);
        addProblems(reader.problems);
        if (reader.problems.length > 0 || !parsed.success || !project) return;
        const stored = storedPilotByKey.get(k);
        const action: RowAction = stored ? "unchanged" : "create";
        counts.pilots[action]++;
        listRow(pilotSheet.name, reader.rowNumber, action, () => ({ label: `${project.name} › ${candidate.title}`, detail: message("importFile.rows.pilot", { start: parsed.data.startDate, end: parsed.data.endDate, frequency: parsed.data.reportingFrequency }) }));
        if (stored) {
          loadPilot(stored);
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
        };
        pilotPlans.set(k, plan);
        pilotsToCreate.push(plan);
      });
  }

  /** The pilot a row of the Indicators or Results sheet belongs to. */
  // Rows of one pilot usually follow each other: remember the last one found.
  let lastPilot: { project: string; title: string; plan: PilotPlan } | null = null;
  const pilotOfRow = (reader: RowReader<"indicators"> | RowReader<"results">): PilotPlan | undefined => {
    const r = reader as RowReader<"results">;
    const title = r.text("Pilot");
    if (!onlyPilot && lastPilot && lastPilot.title === title && lastPilot.project === r.text("Project")) return lastPilot.plan;
    if (onlyPilot) {
      if (title !== "" && key(title) !== key(onlyPilot.title)) {
        r.problem("Pilot", message("importFile.problems.otherPilot", { title, pilot: onlyPilot.title }));
        return undefined;
      }
      return onlyPilot;
    }
    const projectName = r.text("Project");
    if (projectName === "") return void r.problem("Project", message("importFile.problems.nameProject"));
    if (title === "") return void r.problem("Pilot", message("importFile.problems.namePilot"));
    const k = key(projectName, title);
    lookedUpProjects.add(projectName);
    lookedUpPilots.add(k);
    const known = pilotPlans.get(k);
    if (known) {
      lastPilot = { project: projectName, title, plan: known };
      return known;
    }
    if (duplicatePilotKeys.has(k)) return void r.problem("Pilot", message("importFile.problems.ambiguousPilot", { project: projectName, title }));
    const stored = storedPilotByKey.get(k);
    if (stored) {
      lastPilot = { project: projectName, title, plan: loadPilot(stored) };
      return lastPilot.plan;
    }
    return void r.problem("Pilot", message("importFile.problems.unknownPilot", { title, project: projectName }));
  };

  // --- Indicators sheet ---
  const indicatorSheet = bySheet.get("indicators");
  if (indicatorSheet) {
    const required = options.pilotId === null ? ["Project", "Pilot", ...columnsRequired("indicators")] : columnsRequired("indicators");
    const { positions, problems: headerProblems } = mapHeader("indicators", indicatorSheet.name, indicatorSheet.rows[0] ?? [], required);
    addProblems(headerProblems);
    const seen = new Map<IndicatorPlan, number>();
    if (headerProblems.length === 0)
      indicatorSheet.rows.slice(1).forEach((cells, index) => {
        tick();
        const reader = new RowReader<"indicators">(indicatorSheet.name, index + 2, cells, positions);
        if (reader.isBlank()) return;
        const pilot = pilotOfRow(reader);
        const measure = reader.read("Measure", measureCell);
        const kind = reader.read("Kind", kindCell);
        const optionalNumber = (column: ColumnName<"indicators">) => reader.read(column, numberCell) ?? undefined;
        const order = optionalNumber("Order");
        const candidate = {
          pilotId: 1,
          code: reader.text("Code") || null,
          name: reader.text("Indicator"),
          kind: kind ?? undefined,
          measure: measure ?? undefined,
          cumulation: reader.read("Cumulation", cumulationCell) ?? undefined,
          unit: reader.text("Unit"),
          baseline: optionalNumber("Baseline"),
          goal: reader.read("Goal", numberCell) ?? undefined,
          goalDirection: reader.read("Goal direction", goalDirectionCell) ?? undefined,
          goalText: reader.text("Goal text"),
          scaleMin: reader.read("Scale min", numberCell) ?? null,
          scaleMax: reader.read("Scale max", numberCell) ?? null,
          displayOrder: order,
        };
        if (kind === null) reader.problem("Kind", message("importFile.problems.giveKind"));
        if (measure === null) reader.problem("Measure", message("importFile.problems.giveMeasure"));
        if (candidate.goal === undefined && reader.text("Goal") === "") reader.problem("Goal", message("importFile.problems.giveGoal"));
        const parsed = reader.problems.length === 0 ? indicatorFields.safeParse(candidate) : null;
        if (parsed && !parsed.success) addZodProblems(reader, parsed.error, indicatorFieldColumns);
        if (!pilot || !parsed?.success) return void addProblems(reader.problems);
        const { pilotId: _placeholder, ...fields } = parsed.data;
        const existing = (fields.code ? pilot.indicatorsByCode.get(key(fields.code)) : undefined) ?? pilot.indicatorsByName.get(key(fields.name));
        if (existing && seen.has(existing)) reader.problem("Indicator", message("importFile.problems.indicatorTwice", { row: seen.get(existing)! }));
        if (existing?.archived) reader.problem("Indicator", message("importFile.problems.indicatorArchived", { name: existing.fields.name }));
        let action: RowAction = "create";
        if (existing && reader.problems.length === 0) {
          const next = { ...fields, displayOrder: fields.displayOrder ?? existing.fields.displayOrder };
          action = sameIndicator(existing.fields, next) ? "unchanged" : "change";
          if (action === "change") {
            const stored = existing.id === null ? null : (sqlite.prepare("SELECT count(*) AS n, min(value) AS lo, max(value) AS hi FROM results WHERE indicator_id = ?").get(existing.id) as { n: number; lo: number; hi: number });
            if (stored && stored.n > 0 && (existing.fields.measure !== next.measure || existing.fields.cumulation !== next.cumulation))
              reader.problem("Measure", message("importFile.problems.measureLocked", { name: existing.fields.name, count: stored.n }));
            if (stored && stored.n > 0 && next.measure === "score" && next.scaleMin !== null && next.scaleMax !== null && (stored.lo < next.scaleMin || stored.hi > next.scaleMax))
              reader.problem("Scale min", message("importFile.problems.scaleExcludesResults", { low: stored.lo, high: stored.hi }));
            existing.fields = next;
            existing.write = existing.write ?? "change";
          }
        }
        addProblems(reader.problems);
        if (reader.problems.length > 0) return;
        counts.indicators[action]++;
        listRow(indicatorSheet.name, reader.rowNumber, action, () => ({ label: `${pilot.title} › ${fields.name}`, detail: describeIndicator(fields) }));
        if (existing) {
          seen.set(existing, reader.rowNumber);
          if (action === "change") indicatorWrites.push(existing);
          return;
        }
        const created: IndicatorPlan = { id: null, version: 0, pilot, fields: { ...fields, displayOrder: fields.displayOrder ?? pilot.nextDisplayOrder }, archived: false, write: "create" };
        pilot.nextDisplayOrder = Math.max(pilot.nextDisplayOrder, created.fields.displayOrder! + 1);
        if (fields.code) pilot.indicatorsByCode.set(key(fields.code), created);
        pilot.indicatorsByName.set(key(fields.name), created);
        seen.set(created, reader.rowNumber);
        indicatorWrites.push(created);
      });
  }

  // --- Results sheet ---
  const resultSheet = bySheet.get("results");
  const resultWrites: ResultWrite[] = [];
  interface CheckedResult extends ResultWrite {
    row: number;
  }
  const checkedByIndicator = new Map<IndicatorPlan, CheckedResult[]>();
  if (resultSheet) {
    const required = options.pilotId === null ? ["Project", "Pilot", "Period"] : ["Period"];
    const { positions, problems: headerProblems } = mapHeader("results", resultSheet.name, resultSheet.rows[0] ?? [], required);
    if (!positions.has("Code") && !positions.has("Indicator"))
      headerProblems.push({ sheet: resultSheet.name, row: 1, column: "Indicator", message: message("importFile.problems.codeOrIndicatorMissing") });
    addProblems(headerProblems);
    const seen = new Map<IndicatorPlan, Map<number, number>>();
    if (headerProblems.length === 0)
      resultSheet.rows.slice(1).forEach((cells, index) => {
        tick();
        const reader = new RowReader<"results">(resultSheet.name, index + 2, cells, positions);
        if (reader.isBlank()) return;
        const row = readResultRow(reader);
        checkResultRowLimits(reader, row);
        if (reader.problems.length === 0 && hasNoValues(row)) {
          counts.blankResultRows++;
          return;
        }
        const pilot = pilotOfRow(reader);
        let indicator: IndicatorPlan | undefined;
        let period: PeriodSlot | undefined;
        if (pilot) {
          if (pilot.archived) reader.problem("Pilot", message("importFile.problems.pilotArchived", { title: pilot.title }));
          if (row.code === "" && row.indicator === "") reader.problem("Indicator", message("importFile.problems.nameIndicator"));
          else {
            indicator = row.code ? pilot.indicatorsByCode.get(key(row.code)) : pilot.indicatorsByName.get(key(row.indicator));
            if (!indicator) reader.problem(row.code ? "Code" : "Indicator", message("importFile.problems.unknownIndicator", { name: row.code || row.indicator, pilot: pilot.title }));
            else if (indicator.archived) reader.problem("Indicator", message("importFile.problems.indicatorArchivedResults", { name: indicator.fields.name }));
          }
          period = findPeriod(reader, pilot, row.period, row.periodStart, row.periodEnd, options.today);
        }
        if (indicator && period) {
          let rowsBySequence = seen.get(indicator);
          if (!rowsBySequence) seen.set(indicator, (rowsBySequence = new Map()));
          const earlier = rowsBySequence.get(period.sequence);
          if (earlier !== undefined) reader.problem("Period", message("importFile.problems.resultTwice", { row: earlier }));
          else rowsBySequence.set(period.sequence, reader.rowNumber);
        }
        const readable = row.value !== undefined && row.respondents !== undefined && row.numerator !== undefined && row.denominator !== undefined;
        let values: StoredValues | null = null;
        if (indicator && readable) {
          const check = checkEnteredValues({ ...indicator.fields, scaleMin: indicator.fields.scaleMin, scaleMax: indicator.fields.scaleMax }, { value: row.value!, respondents: row.respondents!, numerator: row.numerator!, denominator: row.denominator! });
          if (check.ok) values = check.values;
          else for (const [field, text] of Object.entries(check.fieldErrors)) reader.problem(resultFieldColumns[field as keyof typeof resultFieldColumns], text);
        }
        if (reader.problems.length > 0 || !indicator || !period || !values) return void addProblems(reader.problems);
        const checked: CheckedResult = { row: reader.rowNumber, indicator, period, values, comment: row.comment, enteredBy: row.enteredBy || options.enteredBy, existing: null };
        const list = checkedByIndicator.get(indicator);
        if (list) list.push(checked);
        else checkedByIndicator.set(indicator, [checked]);
      });
  }

  // --- Compare with the stored results, and apply the explanation rule to what would be written. ---
  const storedIndicatorIds = [...checkedByIndicator.keys()].filter((i) => i.id !== null).map((i) => i.id!);
  const storedResults = new Map<number, Map<number, StoredResult>>();
  if (storedIndicatorIds.length > 0) {
    const rows = sqlite
      .prepare(
        `SELECT id, indicator_id, period_sequence, value, respondents, numerator, denominator, comment, version
         FROM results WHERE indicator_id IN (SELECT value FROM json_each(?))`,
      )
      .raw()
      .all(JSON.stringify(storedIndicatorIds)) as StoredResult[];
    for (const r of rows) {
      let bySequence = storedResults.get(r[1]);
      if (!bySequence) storedResults.set(r[1], (bySequence = new Map()));
      bySequence.set(r[2], r);
    }
  }
  for (const [indicator, checked] of checkedByIndicator) {
    const stored = (indicator.id === null ? undefined : storedResults.get(indicator.id)) ?? new Map<number, StoredResult>();
    const imported = new Map(checked.map((c) => [c.period.sequence, c]));
    const pilot = indicator.pilot;
    // The running totals matter only for rows without a comment (the explanation rule).
    const needsTotals = checked.some((c) => c.comment === "");
    let totals: ResultTotals = emptyTotals;
    // Periods in order; a pilot has at most a few dozen.
    for (const period of pilot.periods) {
      const sequence = period.sequence;
      const item = imported.get(sequence);
      const before = stored.get(sequence);
      if (!item && !before) continue;
      const endDate = period.endDate;
      if (item) {
        item.existing = before ? { id: before[0], version: before[8] } : null;
        const unchanged = before !== undefined && sameValues(storedValues(before), item.values) && before[7] === item.comment;
        const action: RowAction = unchanged ? "unchanged" : before ? "change" : "create";
        // A row with a comment meets the explanation rule whatever its status, so only the others are evaluated.
        if (action !== "unchanged" && item.comment === "") {
          const progress = progressAtPeriodEndFromTotals({
            indicator: indicator.fields,
            pilot: { startDate: pilot.startDate, endDate: pilot.endDate },
            tolerancePercent: pilot.project.tolerancePercent,
            period: { sequence, endDate },
            values: item.values,
            totalsBefore: totals,
          });
          if (progress.needsExplanation) {
            addProblems([{ sheet: resultSheet!.name, row: item.row, column: "Comment", message: message("importFile.problems.explainShortfall") }]);
            continue;
          }
        }
        if (action !== "unchanged") resultWrites.push(item);
        counts.results[action]++;
        listRow(resultSheet!.name, item.row, action, () => ({ label: message("importFile.rows.resultLabel", { pilot: pilot.title, indicator: indicator.fields.name, sequence }), detail: describeValues(indicator.fields.measure, item.values, item.comment) }));
        if (needsTotals) totals = appendToTotals(totals, item.values, endDate);
      } else if (before && needsTotals) {
        totals = appendToTotals(totals, storedValues(before), endDate);
      }
    }
  }
  options.onProgress?.(totalRows, totalRows);
  previewRows.sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : sheetOrder(a.sheet) - sheetOrder(b.sheet)));
  problems.sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : sheetOrder(a.sheet) - sheetOrder(b.sheet)));

  const scope: FingerprintScope = {
    projectNames: [...lookedUpProjects],
    pilotKeys: [...lookedUpPilots],
    pilotIds: loadedPilots.map((p) => p.id!),
    indicatorIds: storedIndicatorIds,
  };
  const nothingToDo = projectsToCreate.length + pilotsToCreate.length + indicatorWrites.length + resultWrites.length === 0;
  return {
    preview: {
      sheets: [...bySheet.keys()],
      counts,
      problems,
      problemCount,
      rows: previewRows,
      token: stateFingerprint(db, scope),
      nothingToDo,
    },
    scope,
    projectsToCreate,
    pilotsToCreate,
    indicatorWrites,
    resultWrites,
  };
}

const sheetOrder = (name: string) => Object.values(sheetNames).findIndex((n) => n.toLowerCase() === name.toLowerCase());

function columnsRequired(kind: SheetKind): string[] {
  return (columns[kind] as readonly string[]).filter((c) => ["Indicator", "Kind", "Measure", "Goal"].includes(c));
}

const periodMaps = new WeakMap<PilotPlan, Map<number, PeriodSlot>>();
function periodBySequence(pilot: PilotPlan): Map<number, PeriodSlot> {
  let map = periodMaps.get(pilot);
  if (!map) periodMaps.set(pilot, (map = new Map(pilot.periods.map((p) => [p.sequence, p]))));
  return map;
}

function findPeriod(reader: RowReader<"results">, pilot: PilotPlan, sequence: number | null | undefined, start: string | null | undefined, end: string | null | undefined, today: IsoDate): PeriodSlot | undefined {
  if (sequence === undefined || start === undefined || end === undefined) return undefined;
  // The pilot's span: "periods 1 to 4, 2020-09-01 to 2021-08-31", or that it has none.
  const spanned = (key: string, values: Record<string, string | number>) =>
    pilot.periods.length > 0
      ? message(`${key}`, { ...values, periods: pilot.periods.length, start: pilot.startDate, end: pilot.endDate })
      : message(`${key}NoPeriods`, values);
  let period: PeriodSlot | undefined;
  if (sequence !== null) {
    period = periodBySequence(pilot).get(sequence);
    if (!period) return void reader.problem("Period", spanned("importFile.problems.periodOutside", { sequence, title: pilot.title }));
  } else if (start !== null) {
    period = pilot.periods.find((p) => p.startDate === start);
    if (!period) return void reader.problem("Period start", spanned("importFile.problems.noPeriodStarts", { title: pilot.title, day: start }));
  } else {
    return void reader.problem("Period", message("importFile.problems.givePeriod"));
  }
  if (start !== null && start !== period.startDate) reader.problem("Period start", message("importFile.problems.periodStartsOn", { sequence: period.sequence, day: period.startDate, given: start }));
  if (end !== null && end !== period.endDate) reader.problem("Period end", message("importFile.problems.periodEndsOn", { sequence: period.sequence, day: period.endDate, given: end }));
  if (period.startDate > today) reader.problem("Period", message("importFile.problems.periodNotStarted", { sequence: period.sequence, day: period.startDate }));
  return period;
}

function addZodProblems<K extends SheetKind>(reader: RowReader<K>, error: z.ZodError, fieldColumns: Record<string, string>) {
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "");
    const column = (fieldColumns[field] ?? "") as ColumnName<K> | "";
    // The placeholder ids are not the person's concern.
    if (field === "pilotId" || field === "projectId") continue;
    reader.problem(column, issue.code === "invalid_type" && issue.input === undefined ? message("validation.required") : messageOfIssue(issue));
  }
}

/** A percentage's value is derived from its numerator and denominator (and rounded), so those decide. */
const sameValues = (a: StoredValues, b: StoredValues) =>
  a.respondents === b.respondents && a.numerator === b.numerator && a.denominator === b.denominator && (b.numerator !== null || a.value === b.value);

const indicatorKeys = ["code", "name", "kind", "measure", "cumulation", "unit", "baseline", "goal", "goalDirection", "goalText", "scaleMin", "scaleMax", "displayOrder"] as const;

function sameIndicator(a: Omit<IndicatorFields, "pilotId">, b: Omit<IndicatorFields, "pilotId">): boolean {
  return indicatorKeys.every((k) => (a[k] ?? null) === (b[k] ?? null));
}

/** What an indicator row sets, as a message: the reader's language names the kind and measure and writes the goal. */
function describeIndicator(f: { kind: IndicatorKind; measure: Measure; cumulation: Cumulation; goal: number; goalDirection: GoalDirection; unit: string }): ImportText {
  const unit = f.measure === "percentage" ? " %" : f.unit ? ` ${f.unit}` : "";
  return message(f.goalDirection === "at_most" ? "importFile.rows.indicatorAtMost" : "importFile.rows.indicatorAtLeast", { kind: f.kind, measure: f.measure, goal: f.goal, unit });
}

/** What a results row sets, with the start of its comment (the comment as typed). */
function describeValues(measure: Measure, v: StoredValues, comment: string): ImportText {
  const shown = comment.length > 80 ? `${comment.slice(0, 77)}…` : comment;
  const values: Record<string, string | number> = { value: v.value, comment: shown };
  if (v.respondents !== null) values.respondents = v.respondents;
  if (v.numerator !== null) values.numerator = v.numerator;
  if (v.denominator !== null) values.denominator = v.denominator;
  return message(`importFile.rows.${measure}${comment ? "WithComment" : ""}`, values);
}

/**
 * The period form's limits on what a result may hold (shared/schemas.ts), for the rows of a file: numbers
 * within ±10¹² (a count of 1e300 would make the running totals absurd or infinite), a comment of at most
 * 5,000 characters and a name of at most 200, neither with control characters. A value over the limit is
 * dropped from the row (undefined), as an unreadable one is, so the row is not written.
 */
function checkResultRowLimits(reader: RowReader<"results">, row: ResultRowValues): void {
  const numbers = [
    ["value", "Value"],
    ["respondents", "Respondents"],
    ["numerator", "Numerator"],
    ["denominator", "Denominator"],
  ] as const;
  for (const [field, column] of numbers) {
    const value = row[field];
    if (typeof value === "number" && Math.abs(value) > MAX_MAGNITUDE) {
      reader.problem(column, message("validation.tooLarge"));
      row[field] = undefined;
    }
  }
  const comment = resultEntry.shape.comment.safeParse(row.comment);
  if (!comment.success) reader.problem("Comment", messageOfIssue(comment.error.issues[0]!));
  const enteredBy = savePeriodResults.shape.enteredBy.safeParse(row.enteredBy);
  if (!enteredBy.success) reader.problem("Entered by", messageOfIssue(enteredBy.error.issues[0]!));
}

/** Problems quote the cell they are about; a 100,000-character cell is shown by its beginning. */
const LONG_QUOTE = /"([^"]{61,})"|“([^”]{61,})”/g;
function readableLength(problem: ImportText): ImportText {
  if (typeof problem !== "string") {
    // A message quotes cells through its values: shorten those, the sentence around them is the catalogue's.
    if (!problem.values) return problem;
    const values = Object.fromEntries(Object.entries(problem.values).map(([name, value]) => [name, typeof value === "string" && value.length > 60 ? `${value.slice(0, 60)}…` : value]));
    return { ...problem, values };
  }
  const message = problem;
  let text = message.length > 200 ? message.replace(LONG_QUOTE, (_match, plain: string | undefined, curly: string | undefined) => (plain !== undefined ? `"${plain.slice(0, 60)}…"` : `“${curly!.slice(0, 60)}…”`)) : message;
  if (text.length > 500) text = `${text.slice(0, 240)} … ${text.slice(-200)}`;
  return text;
}
