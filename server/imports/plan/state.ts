import {
  IMPORT_LIMITS,
  type ActionCounts,
  type ImportProblem,
  type ImportText,
  type PreviewRow,
  type RowAction,
  type RowReader,
  type SheetKind,
} from "../../../shared/importFormat";
import { message } from "../../../shared/i18n/message";
import type { PlanStore, StoredPilot } from "./store";
import { readableLength } from "./text";
import { ImportRefused, nameKey, type IndicatorPlan, type PilotPlan, type PlanOptions, type ProjectPlan, type ResultWrite } from "./types";

const emptyCounts = (): ActionCounts => ({ create: 0, change: 0, unchanged: 0 });

/**
 * What the planners of one file share: the stored projects and pilots they look rows up in, what the
 * file's earlier sheets would create, the problems and preview rows collected so far, and the counts.
 * Sheets are planned in order (projects, pilots, indicators, results), each seeing what the earlier ones add.
 */
export class PlanState {
  readonly problems: ImportProblem<ImportText>[] = [];
  problemCount = 0;
  readonly previewRows: PreviewRow<ImportText>[] = [];
  readonly notices: ImportText[] = [];
  readonly counts = { projects: emptyCounts(), pilots: emptyCounts(), indicators: emptyCounts(), results: emptyCounts(), blankResultRows: 0 };

  readonly projectsByName = new Map<string, ProjectPlan>();
  private readonly projectsById = new Map<number, ProjectPlan>();
  private readonly storedPilotByKey = new Map<string, StoredPilot>();
  private readonly duplicatePilotKeys = new Set<string>();
  /** Pilots by nameKey(project, title): stored ones once loaded, and the ones the file creates. */
  readonly pilotPlans = new Map<string, PilotPlan>();
  /** Stored pilots whose periods and indicators were read: the fingerprint covers them. */
  readonly loadedPilots: PilotPlan[] = [];
  /** Names the file refers to, found or not: the fingerprint covers them too. */
  readonly lookedUpProjects = new Set<string>();
  readonly lookedUpPilots = new Set<string>();
  /** Stored indicators whose results the Results sheet compared with: the fingerprint covers them. */
  readonly resultIndicatorIds: number[] = [];

  readonly projectsToCreate: ProjectPlan[] = [];
  readonly pilotsToCreate: PilotPlan[] = [];
  readonly indicatorWrites: IndicatorPlan[] = [];
  readonly resultWrites: ResultWrite[] = [];

  /** The pilot of a pilot's page; null for whole projects. */
  readonly onlyPilot: PilotPlan | null;
  private rowsDone = 0;
  private lastPilot: { project: string; title: string; plan: PilotPlan } | null = null;

  constructor(
    readonly store: PlanStore,
    readonly options: PlanOptions,
    private readonly totalRows = 0,
  ) {
    for (const p of store.projects()) {
      if (!this.projectsByName.has(nameKey(p.name)))
        this.projectsByName.set(nameKey(p.name), { id: p.id, name: p.name, fields: null, tolerancePercent: p.tolerancePercent, rows: [] });
    }
    for (const p of this.projectsByName.values()) this.projectsById.set(p.id!, p);
    const storedPilots = store.pilots(options.pilotId);
    if (options.pilotId !== null && storedPilots.length === 0) throw new ImportRefused(message("importFile.errors.pilotNotFound"));
    for (const p of storedPilots) {
      const k = nameKey(this.projectsById.get(p.projectId)?.name ?? "", p.title);
      if (this.storedPilotByKey.has(k)) this.duplicatePilotKeys.add(k);
      else this.storedPilotByKey.set(k, p);
    }
    this.onlyPilot = options.pilotId !== null ? this.loadPilot(storedPilots[0]!) : null;
  }

  addProblems(list: readonly ImportProblem<ImportText>[]): void {
    this.problemCount += list.length;
    for (const p of list) if (this.problems.length < IMPORT_LIMITS.maxListedProblems) this.problems.push({ ...p, message: readableLength(p.message) });
  }

  /** Lists a created or changed row; `describe` runs only while the list has room (large files have 100,000 rows). */
  listRow(sheet: string, row: number, action: RowAction, describe: () => { label: ImportText; detail: ImportText }): void {
    if (action !== "unchanged" && this.previewRows.length < IMPORT_LIMITS.maxListedRows) this.previewRows.push({ sheet, row, action, ...describe() });
  }

  count(kind: SheetKind, action: RowAction): void {
    this.counts[kind][action]++;
  }

  /** One more row read; progress is reported every 5,000. */
  tick(): void {
    if (++this.rowsDone % 5000 === 0) this.options.onProgress?.(this.rowsDone, this.totalRows);
  }

  storedPilot(key: string): StoredPilot | undefined {
    return this.storedPilotByKey.get(key);
  }

  /** Loads a stored pilot with its periods and indicators, once. */
  loadPilot(stored: StoredPilot): PilotPlan {
    const project = this.projectsById.get(stored.projectId)!;
    const k = nameKey(project?.name ?? "", stored.title);
    const cached = this.pilotPlans.get(k);
    if (cached) return cached;
    const plan: PilotPlan = {
      id: stored.id,
      version: stored.version,
      project,
      title: stored.title,
      fields: null,
      startDate: stored.startDate,
      endDate: stored.endDate,
      archived: stored.archived,
      periods: this.store.periods(stored.id),
      indicatorsByCode: new Map(),
      indicatorsByName: new Map(),
      nextDisplayOrder: 1,
      rows: [],
    };
    for (const { id, version, archived, ...fields } of this.store.indicators(stored.id)) {
      const indicator: IndicatorPlan = { id, version, pilot: plan, fields, storedFields: fields, archived, write: null, rows: [] };
      // Active indicators win over archived ones of the same name.
      if (fields.code && (!plan.indicatorsByCode.has(nameKey(fields.code)) || !indicator.archived)) plan.indicatorsByCode.set(nameKey(fields.code), indicator);
      if (!plan.indicatorsByName.has(nameKey(fields.name)) || !indicator.archived) plan.indicatorsByName.set(nameKey(fields.name), indicator);
      plan.nextDisplayOrder = Math.max(plan.nextDisplayOrder, fields.displayOrder! + 1);
    }
    this.pilotPlans.set(k, plan);
    this.loadedPilots.push(plan);
    return plan;
  }

  /** The pilot a row of the Indicators or Results sheet belongs to, or undefined with the row's problem recorded. */
  pilotOfRow(reader: RowReader<"indicators"> | RowReader<"results">): PilotPlan | undefined {
    const r = reader as RowReader<"results">;
    const title = r.text("Pilot");
    const onlyPilot = this.onlyPilot;
    // Rows of one pilot usually follow each other: remember the last one found.
    const last = this.lastPilot;
    if (!onlyPilot && last && last.title === title && last.project === r.text("Project")) return last.plan;
    if (onlyPilot) {
      if (title !== "" && nameKey(title) !== nameKey(onlyPilot.title)) {
        r.problem("Pilot", message("importFile.problems.otherPilot", { title, pilot: onlyPilot.title }));
        return undefined;
      }
      return onlyPilot;
    }
    const projectName = r.text("Project");
    if (projectName === "") return void r.problem("Project", message("importFile.problems.nameProject"));
    if (title === "") return void r.problem("Pilot", message("importFile.problems.namePilot"));
    const k = nameKey(projectName, title);
    this.lookedUpProjects.add(projectName);
    this.lookedUpPilots.add(k);
    const known = this.pilotPlans.get(k);
    if (known) {
      this.lastPilot = { project: projectName, title, plan: known };
      return known;
    }
    if (this.duplicatePilotKeys.has(k)) return void r.problem("Pilot", message("importFile.problems.ambiguousPilot", { project: projectName, title }));
    const stored = this.storedPilotByKey.get(k);
    if (stored) {
      this.lastPilot = { project: projectName, title, plan: this.loadPilot(stored) };
      return this.lastPilot.plan;
    }
    return void r.problem("Pilot", message("importFile.problems.unknownPilot", { title, project: projectName }));
  }
}
