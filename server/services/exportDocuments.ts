import { and, asc, eq, inArray, lte } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { indicators, pilots, projects, reportingPeriods, results } from "../../db/schema";
import { groupBy } from "../../shared/collections";
import type { IsoDate } from "../../shared/dates";
import type { Measure, ReportingFrequency, Status } from "../../shared/domain";
import { COVER_SHEET_NAME, date, num, pct, sheetName, text, type ExportCell, type ExportColumn, type ExportDocument, type ExportSection } from "../../shared/exportDocument";
import { effectiveAsOf, exportTableLabels, periodInRange, type ExportRequest } from "../../shared/exportRequest";
import { periodLabel } from "../../shared/periods";
import { DEFAULT_LANGUAGE } from "../../shared/i18n/languages";
import { translate } from "../i18n";
import { statusLabels, type PeriodResultValues } from "../../shared/progress";
import { codeKey, rollUpByCode, rollupAggregationLabels, type RollupMember } from "../../shared/rollup";
import { trackingCells } from "../../shared/tracking";
import { invalidInput, notFound } from "../trpc";
import { computeIndicatorProgress, loadPilotsForProgress, type IndicatorWithProgress, type PilotForProgress } from "./indicatorProgress";
import { buildIndicatorTable } from "./indicatorTable";
import { message } from "../../shared/i18n/message";

/** Builds the evaluator's tables as export documents (shared/exportDocument.ts). */

const measureNames: Record<Measure, string> = { count: "Count", score: "Score", percentage: "Percentage" };

/** Percentages are stored as 65.22; spreadsheets want the fraction 0.6522 formatted as a percentage. */
function valueCell(measure: Measure, value: number | null): ExportCell {
  return measure === "percentage" ? pct(value === null ? null : value / 100) : num(value);
}

const unitOf = (indicator: { measure: Measure; unit: string }) => (indicator.measure === "percentage" ? "%" : indicator.unit);

interface Loaded {
  request: ExportRequest;
  asOf: IsoDate;
  projectName: string;
  pilots: PilotForProgress[];
  keepStatus: (status: Status) => boolean;
}

function loadScope(db: AppDatabase, request: ExportRequest, today: IsoDate): Loaded {
  const project = db.select({ id: projects.id, name: projects.name }).from(projects).where(eq(projects.id, request.projectId)).get();
  if (!project) throw notFound(message("shell.notFound.project"));
  const chosen = request.pilotIds.length > 0;
  // A pilot chosen by name is exported even when archived; "all pilots" means the active ones.
  const pilotList = loadPilotsForProgress(db, { projectId: project.id, pilotIds: chosen ? request.pilotIds : undefined, includeArchived: chosen });
  if (chosen && pilotList.length !== new Set(request.pilotIds).size)
    throw invalidInput("Some of the chosen pilots are not in this project.", { pilotIds: "Choose pilots of the chosen project." });
  const wanted = new Set(request.statuses);
  return {
    request,
    asOf: effectiveAsOf(request, today),
    projectName: project.name,
    pilots: pilotList,
    keepStatus: (status) => wanted.size === 0 || wanted.has(status),
  };
}

function coverFilters(scope: Loaded): ExportDocument["filters"] {
  const { request } = scope;
  return [
    { label: "Table", value: text(exportTableLabels[request.table]) },
    { label: "Project", value: text(scope.projectName) },
    {
      label: "Pilots",
      value: text(request.pilotIds.length ? scope.pilots.map((p) => p.title).join("; ") : `All active pilots (${scope.pilots.length})`),
    },
    { label: "Results as at", value: date(scope.asOf) },
    { label: "Periods from", value: request.periodFrom ? date(request.periodFrom) : text("the pilot's start") },
    { label: "Periods to", value: request.periodTo ? date(request.periodTo) : text("the pilot's end") },
    { label: "Statuses", value: text(request.statuses.length ? request.statuses.map((s) => statusLabels[s]).join(", ") : "All") },
  ];
}

const STATUS_NOTE =
  "Status: counts are compared with the goal pro-rated to the elapsed share of the pilot, scores and percentages with the goal (docs/decisions/001-status-rule.md).";
const AS_OF_NOTE = "Results as at a date count every period that has started by that date; a period range without a date is read as at the range's last day.";

function document(scope: Loaded, title: string, sections: ExportSection[], notes: string[]): ExportDocument {
  return {
    table: scope.request.table,
    title,
    fileStem: `${scope.request.table}-project-${scope.request.projectId}-${scope.asOf}`,
    createdAt: new Date().toISOString(),
    asOf: scope.asOf,
    filters: coverFilters(scope),
    notes,
    sections,
  };
}

function buildIndicatorsDocument(db: AppDatabase, scope: Loaded): ExportDocument {
  const table = buildIndicatorTable(db, scope.pilots, scope.asOf);
  const withPilot = scope.pilots.length > 1;
  const columns: ExportColumn[] = [
    ...(withPilot ? [{ header: "Pilot", width: 36 }] : []),
    { header: "Indicator", width: 50 },
    { header: "Unit", width: 14 },
    { header: "Baseline", width: 11 },
    { header: "Original goal", width: 13 },
    { header: "Current result", width: 14 },
    { header: "% of goal", width: 11 },
    { header: "Status", width: 18 },
    { header: "Comments", width: 60 },
    { header: "Goal as written", width: 30 },
    { header: "Reported up to", width: 14 },
  ];
  const taken = new Set<string>([COVER_SHEET_NAME.toLowerCase()]);
  const sections = (["quantitative", "qualitative"] as const).map((kind) => {
    const title = kind === "quantitative" ? "Quantitative indicators" : "Qualitative indicators";
    const name = sheetName(title, taken);
    taken.add(name.toLowerCase());
    const rows = table.rows
      .filter((row) => row.kind === kind && scope.keepStatus(row.status))
      .map((row): ExportCell[] => [
        ...(withPilot ? [text(row.pilotTitle)] : []),
        text(row.name),
        text(row.unit),
        valueCell(row.measure, row.baseline),
        valueCell(row.measure, row.goal),
        valueCell(row.measure, row.current),
        pct(row.fractionOfGoal),
        text(row.statusLabel),
        text(row.comments),
        text(row.goalText),
        date(row.reportedUpTo),
      ]);
    return { name, title, columns, rows };
  });
  const title = withPilot ? `Indicator tables: ${scope.projectName}` : `Indicator table: ${scope.pilots[0]?.title ?? scope.projectName}`;
  return document(scope, title, sections, [STATUS_NOTE, AS_OF_NOTE, "Comments are those of every period that has started by the date."]);
}

interface PilotData {
  progress: Map<number, IndicatorWithProgress[]>;
  fullIndicators: Map<number, typeof indicators.$inferSelect>;
  periodsByPilot: Map<number, (typeof reportingPeriods.$inferSelect)[]>;
  resultsByIndicator: Map<number, (PeriodResultValues & { indicatorId: number })[]>;
  frequencies: Map<number, ReportingFrequency>;
}

function loadPilotData(db: AppDatabase, scope: Loaded): PilotData {
  const pilotIds = scope.pilots.map((p) => p.id);
  if (pilotIds.length === 0) return { progress: new Map(), fullIndicators: new Map(), periodsByPilot: new Map(), resultsByIndicator: new Map(), frequencies: new Map() };
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
  return {
    progress: computeIndicatorProgress(db, scope.pilots, scope.asOf, false),
    fullIndicators: new Map(db.select().from(indicators).where(inArray(indicators.pilotId, pilotIds)).all().map((row) => [row.id, row])),
    periodsByPilot: groupBy(periods, (p) => p.pilotId),
    resultsByIndicator: groupBy(resultRows, (r) => r.indicatorId),
    frequencies: new Map(
      db.select({ id: pilots.id, frequency: pilots.reportingFrequency }).from(pilots).where(inArray(pilots.id, pilotIds)).all().map((p) => [p.id, p.frequency]),
    ),
  };
}

function buildTrackingDocument(db: AppDatabase, scope: Loaded): ExportDocument {
  const data = loadPilotData(db, scope);
  const taken = new Set<string>([COVER_SHEET_NAME.toLowerCase()]);
  const sections = scope.pilots.map((pilot): ExportSection => {
    const allPeriods = data.periodsByPilot.get(pilot.id) ?? [];
    const shown = allPeriods.filter((p) => periodInRange(p, scope.request));
    const frequency = data.frequencies.get(pilot.id) ?? "whole_pilot";
    const columns: ExportColumn[] = [
      { header: "Code", width: 10 },
      { header: "Indicator", width: 44 },
      { header: "Unit", width: 12 },
      ...shown.flatMap((period) => {
        const group = translate(DEFAULT_LANGUAGE, periodLabel(period, frequency));
        return [
          { header: "Target to date", short: "Target", group, width: 11 },
          { header: "Result", group, width: 10 },
          { header: "Cumulative result", short: "Cumul.", group, width: 12 },
          { header: "% of goal", short: "%", group, width: 10 },
        ];
      }),
      { header: "Life-of-pilot goal", short: "Goal", width: 12 },
      { header: "Current status", short: "Status", width: 17 },
    ];
    const rows = (data.progress.get(pilot.id) ?? [])
      .filter(({ progress }) => scope.keepStatus(progress.status))
      .map(({ indicator, progress }): ExportCell[] => {
        const cells = new Map(
          trackingCells(indicator, pilot, allPeriods, data.resultsByIndicator.get(indicator.id) ?? []).map((cell) => [cell.sequence, cell]),
        );
        return [
          text(indicator.code ?? ""),
          text(indicator.name),
          text(unitOf(indicator)),
          ...shown.flatMap((period) => {
            const cell = cells.get(period.sequence)!;
            return [valueCell(indicator.measure, cell.targetToDate), valueCell(indicator.measure, cell.result), valueCell(indicator.measure, cell.cumulative), pct(cell.fractionOfGoal)];
          }),
          valueCell(indicator.measure, indicator.goal),
          text(statusLabels[progress.status]),
        ];
      });
    const name = sheetName(pilot.title, taken);
    taken.add(name.toLowerCase());
    return { name, title: `Tracking: ${pilot.title}`, columns, rows };
  });
  const title = scope.pilots.length === 1 ? `Indicator performance tracking: ${scope.pilots[0]!.title}` : `Indicator performance tracking: ${scope.projectName}`;
  return document(scope, title, sections, [
    STATUS_NOTE,
    AS_OF_NOTE,
    "Target to date: counts pro-rated from baseline to goal at the period's end; scores and percentages: the goal. Cumulative result: the result to date by the status rule. Current status: as at the date above.",
  ]);
}

function buildRollupDocument(db: AppDatabase, scope: Loaded): ExportDocument {
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
        current: progress.current,
        totals,
        latestFraction: latest ? { numerator: latest.numerator, denominator: latest.denominator } : null,
        status: progress.status,
      });
      if (!scope.keepStatus(progress.status)) continue;
      pilotRows.push([
        text(pilot.title),
        text(indicator.code ?? ""),
        text(indicator.name),
        text(unitOf(indicator)),
        valueCell(indicator.measure, indicator.baseline),
        valueCell(indicator.measure, indicator.goal),
        valueCell(indicator.measure, progress.current),
        pct(progress.percentOfGoal === null ? null : progress.percentOfGoal / 100),
        text(statusLabels[progress.status]),
        date(totals.latest?.periodEndDate ?? null),
      ]);
    }
  }
  // Totals always cover every chosen pilot; the status filter only decides which codes are listed.
  const listedCodes = new Set<string | null>(members.filter((m) => scope.keepStatus(m.status)).map((m) => codeKey(m.code)));
  const totals = rollUpByCode(members).filter((total) => listedCodes.has(total.code));
  const totalRows = totals.map((total): ExportCell[] => [
    text(total.code),
    text(total.names.join("\n")),
    text(measureNames[total.measure]),
    text(total.measure === "percentage" ? "%" : total.unit),
    num(total.pilotCount),
    num(total.reportedCount),
    text(rollupAggregationLabels[total.aggregation]),
    num(total.respondents),
    num(total.numerator),
    num(total.denominator),
    valueCell(total.measure, total.goal),
    valueCell(total.measure, total.result),
    pct(total.fractionOfGoal),
    // The roll-up's notes are Messages; this document is still written in English throughout, like its labels.
    text(total.notes.map((note) => translate(DEFAULT_LANGUAGE, note)).join(" ")),
  ]);
  const sections: ExportSection[] = [
    {
      name: "Pilots' indicators",
      title: "Every pilot's indicators",
      columns: [
        { header: "Pilot", width: 36 },
        { header: "Code", width: 10 },
        { header: "Indicator", width: 44 },
        { header: "Unit", width: 12 },
        { header: "Baseline", width: 11 },
        { header: "Goal", width: 11 },
        { header: "Current result", width: 13 },
        { header: "% of goal", width: 10 },
        { header: "Status", width: 18 },
        { header: "Reported up to", width: 13 },
      ],
      rows: pilotRows,
    },
    {
      name: "Totals by shared code",
      title: "Indicators that share a code, totalled across pilots",
      columns: [
        { header: "Code", width: 10 },
        { header: "Indicators", width: 44 },
        { header: "Measure", width: 11 },
        { header: "Unit", width: 12 },
        { header: "Pilots", width: 8 },
        { header: "Reported by", width: 10 },
        { header: "How totalled", width: 26 },
        { header: "Respondents", width: 11 },
        { header: "Numerator", width: 10 },
        { header: "Denominator", width: 11 },
        { header: "Goal", width: 11 },
        { header: "Result", width: 11 },
        { header: "% of goal", width: 10 },
        { header: "Notes", width: 60 },
      ],
      rows: totalRows,
      emptyText: "No code is shared by two or more of the chosen indicators.",
    },
  ];
  return document(scope, `Project roll-up: ${scope.projectName}`, sections, [
    STATUS_NOTE,
    AS_OF_NOTE,
    "Indicators that share a code are totalled across pilots: counts are summed, scores averaged weighted by respondents, percentages pooled (numerators over denominators). Totals cover every chosen pilot whatever the status filter (docs/decisions/008-project-roll-up.md).",
  ]);
}

export function buildExportDocument(db: AppDatabase, request: ExportRequest, today: IsoDate): ExportDocument {
  const scope = loadScope(db, request, today);
  switch (request.table) {
    case "indicators":
      return buildIndicatorsDocument(db, scope);
    case "tracking":
      return buildTrackingDocument(db, scope);
    case "rollup":
      return buildRollupDocument(db, scope);
  }
}
