import { and, asc, eq, inArray, lte } from "drizzle-orm";
import { sortByNames } from "../../shared/collation";
import type { AppDatabase } from "../../db/client";
import { indicators, pilots, projects, reportingPeriods, results } from "../../db/schema";
import { groupBy } from "../../shared/collections";
import type { IsoDate } from "../../shared/dates";
import type { Measure, ReportingFrequency, Status } from "../../shared/domain";
import { date, num, pct, sheetName, text, type ExportCell, type ExportColumn, type ExportDocument, type ExportSection } from "../../shared/exportDocument";
import { effectiveAsOf, periodInRange, type ExportRequest } from "../../shared/exportRequest";
import { message, type Message } from "../../shared/i18n/message";
import { intervalText } from "../../shared/signals";
import { periodLabel } from "../../shared/periods";
import type { PeriodResultValues } from "../../shared/progress";
import { codeKey, rollUpByCode, type RollupMember } from "../../shared/rollup";
import { translateFor, type Translate } from "../exports/localeCells";
import { trackingCells } from "../../shared/tracking";
import { unitWithScale } from "../../shared/units";
import { revisedGoalNote, type GoalRevision } from "../../shared/revisions";
import { goalRevisionsOf } from "../queries/indicatorRevisions";
import { invalidInput, userError } from "../errors";
import { computeIndicatorProgress, loadPilotsForProgress, type IndicatorWithProgress, type PilotForProgress } from "./indicatorProgress";
import { buildIndicatorTable, type IndicatorTableRow } from "./indicatorTable";

/**
 * Builds the evaluator's tables as export documents (shared/exportDocument.ts), with headings, titles,
 * notes and words (statuses, measures) in the reader's language. Names and comments stay as typed.
 */

const sayMessage = (t: Translate, m: Message) => t(m.key, m.values);

/** "revised from 400 — programme modification: The committee approved …", or nothing for a goal as contracted (docs/decisions/022). */
const revisionCell = (t: Translate, revision: GoalRevision | null | undefined, measure: Measure): ExportCell =>
  revision ? text(`${sayMessage(t, revisedGoalNote(revision, measure))}: ${revision.reason.text}`) : null;
/** The contracted goal, shown only where it differs from the current one. */
const originalGoalCell = (revision: GoalRevision | null | undefined, measure: Measure): ExportCell => (revision ? valueCell(measure, revision.original) : null);

/** Percentages are stored as 65.22; spreadsheets want the fraction 0.6522 formatted as a percentage. */
function valueCell(measure: Measure, value: number | null): ExportCell {
  return measure === "percentage" ? pct(value === null ? null : value / 100) : num(value);
}

interface Loaded {
  request: ExportRequest;
  language: string;
  t: Translate;
  asOf: IsoDate;
  projectName: string;
  pilots: PilotForProgress[];
  keepStatus: (status: Status) => boolean;
}

function loadScope(db: AppDatabase, request: ExportRequest, today: IsoDate, language: string): Loaded {
  const project = db.select({ id: projects.id, name: projects.name }).from(projects).where(eq(projects.id, request.projectId)).get();
  if (!project) throw userError("NOT_FOUND", message("exportFiles.errors.projectNotFound"));
  const chosen = request.pilotIds.length > 0;
  // A pilot chosen by name is exported even when archived; "all pilots" means the active ones.
  const pilotList = sortByNames(
    loadPilotsForProgress(db, { projectId: project.id, pilotIds: chosen ? request.pilotIds : undefined, includeArchived: chosen }),
    language,
    (pilot) => pilot.title,
  );
  if (chosen && pilotList.length !== new Set(request.pilotIds).size)
    throw invalidInput(message("exportFiles.errors.pilotsNotInProject"), { pilotIds: message("exportFiles.errors.choosePilotsOfProject") });
  const wanted = new Set(request.statuses);
  return {
    request,
    language,
    t: translateFor(language),
    asOf: effectiveAsOf(request, today),
    projectName: project.name,
    pilots: pilotList,
    keepStatus: (status) => wanted.size === 0 || wanted.has(status),
  };
}

function coverFilters(scope: Loaded): ExportDocument["filters"] {
  const { request, t } = scope;
  return [
    { label: t("exportFiles.filters.table"), value: text(t(`exportFiles.tables.${request.table}`)) },
    { label: t("exportFiles.filters.project"), value: text(scope.projectName) },
    {
      label: t("exportFiles.filters.pilots"),
      value: text(request.pilotIds.length ? scope.pilots.map((p) => p.title).join("; ") : t("exportFiles.filters.allActivePilots", { count: scope.pilots.length })),
    },
    { label: t("exportFiles.filters.resultsAsAt"), value: date(scope.asOf) },
    { label: t("exportFiles.filters.periodsFrom"), value: request.periodFrom ? date(request.periodFrom) : text(t("exportFiles.filters.pilotStart")) },
    { label: t("exportFiles.filters.periodsTo"), value: request.periodTo ? date(request.periodTo) : text(t("exportFiles.filters.pilotEnd")) },
    {
      label: t("exportFiles.filters.statuses"),
      value: text(request.statuses.length ? request.statuses.map((s) => t(`status.${s}`)).join(", ") : t("exportFiles.filters.allStatuses")),
    },
  ];
}

function document(scope: Loaded, title: string, sections: ExportSection[], notes: string[]): ExportDocument {
  return {
    table: scope.request.table,
    language: scope.language,
    coverName: coverNameOf(scope.t),
    title,
    fileStem: `${scope.request.table}-project-${scope.request.projectId}-${scope.asOf}`,
    createdAt: new Date().toISOString(),
    asOf: scope.asOf,
    filters: coverFilters(scope),
    notes,
    sections,
  };
}

/** The XLSX cover sheet's name, which no section may take. */
const coverNameOf = (t: Translate) => sheetName(t("exportFiles.cover.sheetName"), new Set());

function buildIndicatorsDocument(db: AppDatabase, scope: Loaded): ExportDocument {
  const { t } = scope;
  const table = buildIndicatorTable(db, scope.pilots, scope.asOf, scope.language);
  const withPilot = scope.pilots.length > 1;
  const anyRevised = table.rows.some((row) => row.goalRevision !== null);
  const columns: ExportColumn[] = [
    ...(withPilot ? [{ header: t("exportFiles.columns.pilot"), width: 36 }] : []),
    { header: t("exportFiles.columns.indicator"), width: 50 },
    { header: t("exportFiles.columns.unit"), width: 14 },
    { header: t("exportFiles.columns.baseline"), width: 11 },
    { header: t("exportFiles.columns.originalGoal"), width: 13 },
    { header: t("exportFiles.columns.currentResult"), width: 14 },
    { header: t("exportFiles.columns.interval"), width: 14, printed: false },
    { header: t("exportFiles.columns.percentOfGoal"), width: 11 },
    { header: t("exportFiles.columns.status"), width: 18 },
    { header: t("exportFiles.columns.comments"), width: 60 },
    { header: t("exportFiles.columns.goalAsWritten"), width: 30 },
    { header: t("exportFiles.columns.reportedUpTo"), width: 14 },
    { header: t("exportFiles.columns.signals"), width: 60, printed: false },
    // Goal revisions (docs/decisions/022) come last, so that the columns before keep their letters; on paper
    // only when a goal was revised (without one they repeat the goal, and A4 has no room to spare).
    { header: t("exportFiles.columns.currentGoal"), width: 13, printed: anyRevised },
    { header: t("exportFiles.columns.goalRevision"), width: 40, printed: anyRevised },
  ];
  const taken = new Set<string>([coverNameOf(t).toLowerCase()]);
  const sections = (["quantitative", "qualitative"] as const).map((kind) => {
    const title = t(`exportFiles.sections.${kind}`);
    const name = sheetName(title, taken);
    taken.add(name.toLowerCase());
    const rows = table.rows
      .filter((row) => row.kind === kind && scope.keepStatus(row.status))
      .map((row): ExportCell[] => [
        ...(withPilot ? [text(row.pilotTitle)] : []),
        text(row.name),
        text(row.unit),
        valueCell(row.measure, row.baseline),
        valueCell(row.measure, row.goalRevision?.original ?? row.goal),
        valueCell(row.measure, row.current),
        row.interval ? text(sayMessage(t, intervalText(row.interval, row.measure))) : null,
        pct(row.fractionOfGoal),
        text(t(`status.${row.status}`)),
        text(row.comments),
        text(row.goalText),
        date(row.reportedUpTo),
        row.signals.length ? text(row.signals.map((m) => sayMessage(t, m)).join("\n")) : null,
        valueCell(row.measure, row.goal),
        revisionCell(t, row.goalRevision, row.measure),
      ]);
    return { name, title, columns, rows };
  });
  sections.push(
    referenceSection(
      table.rows.filter((row) => scope.keepStatus(row.status)),
      withPilot,
      t,
      taken,
    ),
  );
  const title = withPilot
    ? t("exportFiles.titles.indicatorTables", { name: scope.projectName })
    : t("exportFiles.titles.indicatorTable", { name: scope.pilots[0]?.title ?? scope.projectName });
  return document(scope, title, sections, [t("exportFiles.notes.status"), t("exportFiles.notes.asOf"), t("exportFiles.notes.comments"), t("exportFiles.notes.evidence")]);
}

/**
 * Each indicator's reference sheet and its evidence by reported period (docs/decisions/019), as a section of
 * its own: paper has no room for six more text columns beside the figures, and a sheet of its own reads as
 * the reference it is.
 */
function referenceSection(rows: readonly IndicatorTableRow[], withPilot: boolean, t: Translate, taken: Set<string>): ExportSection {
  const name = sheetName(t("exportFiles.sections.reference"), taken);
  taken.add(name.toLowerCase());
  const columns: ExportColumn[] = [
    ...(withPilot ? [{ header: t("exportFiles.columns.pilot"), width: 30 }] : []),
    { header: t("exportFiles.columns.indicator"), width: 40 },
    { header: t("evidence.reference.definition"), width: 40 },
    // Under 25 characters: sized to their words on paper, so the indicator, definition and means keep room on A4.
    { header: t("evidence.reference.dataSource"), width: 20 },
    { header: t("evidence.reference.collectionMethod"), width: 20 },
    { header: t("evidence.reference.collectionFrequency"), width: 16 },
    { header: t("evidence.reference.responsible"), width: 18 },
    { header: t("evidence.reference.meansOfVerification"), width: 32 },
    { header: t("exportFiles.columns.evidenceAttached"), width: 12 },
    { header: t("exportFiles.columns.evidenceMissing"), width: 12 },
  ];
  const optional = (value: string) => (value.trim() === "" ? null : text(value));
  return {
    name,
    title: t("exportFiles.sections.referenceTitle"),
    columns,
    rows: rows.map((row): ExportCell[] => [
      ...(withPilot ? [text(row.pilotTitle)] : []),
      text(row.name),
      optional(row.reference.definition),
      optional(row.reference.dataSource),
      optional(row.reference.collectionMethod),
      optional(row.reference.collectionFrequency),
      optional(row.reference.responsible),
      optional(row.reference.meansOfVerification),
      num(row.evidence.attachedPeriods),
      num(row.evidence.missingPeriods),
    ]),
  };
}

interface PilotData {
  progress: Map<number, IndicatorWithProgress[]>;
  fullIndicators: Map<number, typeof indicators.$inferSelect>;
  periodsByPilot: Map<number, (typeof reportingPeriods.$inferSelect)[]>;
  resultsByIndicator: Map<number, (PeriodResultValues & { indicatorId: number })[]>;
  frequencies: Map<number, ReportingFrequency>;
  goalRevisions: Map<number, GoalRevision>;
}

function loadPilotData(db: AppDatabase, scope: Loaded): PilotData {
  const pilotIds = scope.pilots.map((p) => p.id);
  if (pilotIds.length === 0)
    return { progress: new Map(), fullIndicators: new Map(), periodsByPilot: new Map(), resultsByIndicator: new Map(), frequencies: new Map(), goalRevisions: new Map() };
  const periods = db.select().from(reportingPeriods).where(inArray(reportingPeriods.pilotId, pilotIds)).orderBy(asc(reportingPeriods.sequence)).all();
  // Only periods that have started by the date count, as in the status rule.
  const resultRows = db
    .select({
      indicatorId: results.indicatorId,
      periodSequence: results.periodSequence,
      periodEndDate: reportingPeriods.endDate,
      value: results.value,
      respondents: results.respondents,
      numerator: results.numerator,
      denominator: results.denominator,
    })
    .from(results)
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, results.periodId))
    .where(and(inArray(results.pilotId, pilotIds), lte(reportingPeriods.startDate, scope.asOf)))
    .orderBy(asc(results.periodSequence))
    .all();
  const fullIndicators = db.select().from(indicators).where(inArray(indicators.pilotId, pilotIds)).all();
  return {
    progress: computeIndicatorProgress(db, scope.pilots, scope.asOf, false),
    fullIndicators: new Map(fullIndicators.map((row) => [row.id, row])),
    goalRevisions: goalRevisionsOf(db, fullIndicators),
    periodsByPilot: groupBy(periods, (p) => p.pilotId),
    resultsByIndicator: groupBy(resultRows, (r) => r.indicatorId),
    frequencies: new Map(
      db
        .select({ id: pilots.id, frequency: pilots.reportingFrequency })
        .from(pilots)
        .where(inArray(pilots.id, pilotIds))
        .all()
        .map((p) => [p.id, p.frequency]),
    ),
  };
}

function buildTrackingDocument(db: AppDatabase, scope: Loaded): ExportDocument {
  const { t } = scope;
  const data = loadPilotData(db, scope);
  const taken = new Set<string>([coverNameOf(t).toLowerCase()]);
  const sections = scope.pilots.map((pilot): ExportSection => {
    const allPeriods = data.periodsByPilot.get(pilot.id) ?? [];
    const shown = allPeriods.filter((p) => periodInRange(p, scope.request));
    const frequency = data.frequencies.get(pilot.id) ?? "whole_pilot";
    const anyRevised = (data.progress.get(pilot.id) ?? []).some(({ indicator }) => data.goalRevisions.has(indicator.id));
    const columns: ExportColumn[] = [
      { header: t("exportFiles.columns.code"), width: 10 },
      { header: t("exportFiles.columns.indicator"), width: 44 },
      { header: t("exportFiles.columns.unit"), width: 12 },
      ...shown.flatMap((period) => {
        const label = periodLabel(period, frequency);
        const group = t(label.key, label.values);
        return [
          { header: t("exportFiles.columns.targetToDate"), short: t("exportFiles.columns.targetShort"), group, width: 11 },
          { header: t("exportFiles.columns.result"), group, width: 10 },
          { header: t("exportFiles.columns.cumulativeResult"), short: t("exportFiles.columns.cumulativeShort"), group, width: 12 },
          { header: t("exportFiles.columns.percentOfGoal"), short: "%", group, width: 10 },
        ];
      }),
      { header: t("exportFiles.columns.lifeOfPilotGoal"), short: t("exportFiles.columns.goal"), width: 12 },
      { header: t("exportFiles.columns.currentStatus"), short: t("exportFiles.columns.status"), width: 17 },
      // Goal revisions (docs/decisions/022) come last, so that the columns before keep their letters; on
      // paper only when one of the pilot's goals was revised.
      { header: t("exportFiles.columns.originalGoal"), width: 12, printed: anyRevised },
      { header: t("exportFiles.columns.goalRevision"), width: 30, printed: anyRevised },
    ];
    const rows = (data.progress.get(pilot.id) ?? [])
      .filter(({ progress }) => scope.keepStatus(progress.status))
      .map(({ indicator, progress }): ExportCell[] => {
        const cells = new Map(trackingCells(indicator, pilot, allPeriods, data.resultsByIndicator.get(indicator.id) ?? []).map((cell) => [cell.sequence, cell]));
        return [
          text(indicator.code ?? ""),
          text(indicator.name),
          text(unitWithScale(indicator)),
          ...shown.flatMap((period) => {
            const cell = cells.get(period.sequence)!;
            return [
              valueCell(indicator.measure, cell.targetToDate),
              valueCell(indicator.measure, cell.result),
              valueCell(indicator.measure, cell.cumulative),
              pct(cell.fractionOfGoal),
            ];
          }),
          valueCell(indicator.measure, indicator.goal),
          text(t(`status.${progress.status}`)),
          originalGoalCell(data.goalRevisions.get(indicator.id), indicator.measure),
          revisionCell(t, data.goalRevisions.get(indicator.id), indicator.measure),
        ];
      });
    const name = sheetName(pilot.title, taken);
    taken.add(name.toLowerCase());
    return { name, title: t("exportFiles.titles.trackingSection", { name: pilot.title }), columns, rows };
  });
  const title = t("exportFiles.titles.tracking", { name: scope.pilots.length === 1 ? scope.pilots[0]!.title : scope.projectName });
  return document(scope, title, sections, [t("exportFiles.notes.status"), t("exportFiles.notes.asOf"), t("exportFiles.notes.tracking")]);
}

function buildRollupDocument(db: AppDatabase, scope: Loaded): ExportDocument {
  const { t } = scope;
  const data = loadPilotData(db, scope);
  const members: (RollupMember & { status: Status })[] = [];
  const pilotRows: ExportCell[][] = [];
  for (const pilot of scope.pilots) {
    for (const { indicator, progress, totals } of data.progress.get(pilot.id) ?? []) {
      const full = data.fullIndicators.get(indicator.id)!;
      const latest = (data.resultsByIndicator.get(indicator.id) ?? []).at(-1) ?? null;
      members.push({
        pilotTitle: pilot.title,
        code: indicator.code,
        name: indicator.name,
        measure: indicator.measure,
        cumulation: indicator.cumulation,
        unit: indicator.unit,
        goal: indicator.goal,
        goalDirection: indicator.goalDirection,
        scaleMin: full.scaleMin,
        scaleMax: full.scaleMax,
        entryForm: full.entryForm,
        current: progress.current,
        totals,
        latestFraction: latest ? { numerator: latest.numerator, denominator: latest.denominator } : null,
        originalGoal: data.goalRevisions.get(indicator.id)?.original ?? null,
        status: progress.status,
      });
      if (!scope.keepStatus(progress.status)) continue;
      pilotRows.push([
        text(pilot.title),
        text(indicator.code ?? ""),
        text(indicator.name),
        text(unitWithScale(indicator)),
        valueCell(indicator.measure, indicator.baseline),
        valueCell(indicator.measure, indicator.goal),
        valueCell(indicator.measure, progress.current),
        pct(progress.percentOfGoal === null ? null : progress.percentOfGoal / 100),
        text(t(`status.${progress.status}`)),
        date(totals.latest?.periodEndDate ?? null),
        originalGoalCell(data.goalRevisions.get(indicator.id), indicator.measure),
        revisionCell(t, data.goalRevisions.get(indicator.id), indicator.measure),
      ]);
    }
  }
  // Totals always cover every chosen pilot; the status filter only decides which codes are listed.
  const listedCodes = new Set<string | null>(members.filter((m) => scope.keepStatus(m.status)).map((m) => codeKey(m.code)));
  const totals = rollUpByCode(members).filter((total) => listedCodes.has(total.code));
  const totalRows = totals.map((total): ExportCell[] => [
    text(total.code),
    text(total.names.join("\n")),
    text(t(`exportFiles.measures.${total.measure}`)),
    text(total.measure === "percentage" ? "%" : total.unit),
    num(total.pilotCount),
    num(total.reportedCount),
    text(t(`exportFiles.aggregations.${total.aggregation}`)),
    num(total.respondents),
    num(total.numerator),
    num(total.denominator),
    valueCell(total.measure, total.goal),
    valueCell(total.measure, total.result),
    pct(total.fractionOfGoal),
    text(total.notes.map((note) => t(note.key, note.values)).join(" ")),
    total.originalGoal === null ? null : valueCell(total.measure, total.originalGoal),
  ]);
  const anyRevised = data.goalRevisions.size > 0;
  const sections: ExportSection[] = [
    {
      name: sheetName(t("exportFiles.sections.pilotsIndicators"), new Set([coverNameOf(t).toLowerCase()])),
      title: t("exportFiles.sections.pilotsIndicatorsTitle"),
      columns: [
        { header: t("exportFiles.columns.pilot"), width: 36 },
        { header: t("exportFiles.columns.code"), width: 10 },
        { header: t("exportFiles.columns.indicator"), width: 44 },
        { header: t("exportFiles.columns.unit"), width: 12 },
        { header: t("exportFiles.columns.baseline"), width: 11 },
        { header: t("exportFiles.columns.goal"), width: 11 },
        { header: t("exportFiles.columns.currentResult"), width: 13 },
        { header: t("exportFiles.columns.percentOfGoal"), width: 10 },
        { header: t("exportFiles.columns.status"), width: 18 },
        { header: t("exportFiles.columns.reportedUpTo"), width: 13 },
        { header: t("exportFiles.columns.originalGoal"), width: 11, printed: anyRevised },
        { header: t("exportFiles.columns.goalRevision"), width: 30, printed: anyRevised },
      ],
      rows: pilotRows,
    },
    {
      name: sheetName(t("exportFiles.sections.totals"), new Set([coverNameOf(t).toLowerCase()])),
      title: t("exportFiles.sections.totalsTitle"),
      columns: [
        { header: t("exportFiles.columns.code"), width: 10 },
        { header: t("exportFiles.columns.indicators"), width: 44 },
        { header: t("exportFiles.columns.measure"), width: 11 },
        { header: t("exportFiles.columns.unit"), width: 12 },
        { header: t("exportFiles.columns.pilots"), width: 8 },
        { header: t("exportFiles.columns.reportedBy"), width: 10 },
        { header: t("exportFiles.columns.howTotalled"), width: 26 },
        { header: t("exportFiles.columns.respondents"), width: 11 },
        { header: t("exportFiles.columns.numerator"), width: 10 },
        { header: t("exportFiles.columns.denominator"), width: 11 },
        { header: t("exportFiles.columns.goal"), width: 11 },
        { header: t("exportFiles.columns.result"), width: 11 },
        { header: t("exportFiles.columns.percentOfGoal"), width: 10 },
        { header: t("exportFiles.columns.notes"), width: 60 },
        { header: t("exportFiles.columns.originalGoal"), width: 11, printed: anyRevised },
      ],
      rows: totalRows,
      emptyText: t("exportFiles.sections.totalsEmpty"),
    },
  ];
  return document(scope, t("exportFiles.titles.rollup", { name: scope.projectName }), sections, [
    t("exportFiles.notes.status"),
    t("exportFiles.notes.asOf"),
    t("exportFiles.notes.rollup"),
  ]);
}

/** The export in `language` (the reader's: ctx.language). */
export function buildExportDocument(db: AppDatabase, request: ExportRequest, today: IsoDate, language = "en"): ExportDocument {
  const scope = loadScope(db, request, today, language);
  switch (request.table) {
    case "indicators":
      return buildIndicatorsDocument(db, scope);
    case "tracking":
      return buildTrackingDocument(db, scope);
    case "rollup":
      return buildRollupDocument(db, scope);
  }
}
