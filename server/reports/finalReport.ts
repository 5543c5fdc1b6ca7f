import { intervalText } from "../../shared/signals";
import { revisedGoalNote } from "../../shared/revisions";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { type EvidenceAnnexRow, queryEvidenceAnnex, queryReferenceSheetAnnex, type ReferenceSheetAnnexEntry } from "../queries/evidence";
import { communicationActivities, indicators, pilots, projects, reportSections } from "../../db/schema";
import type { IsoDate } from "../../shared/dates";
import { formatNumber, formatPercent } from "../../shared/numbers";
import { formattingLocaleOf } from "../../shared/i18n/languages";
import { reportSectionKeys, type OutletType, type ReportSectionKey } from "../../shared/domain";
import { translate, translatorFor } from "../i18n";
import { periodLabel, periodNumberLabel } from "../../shared/periods";
import { describeProgressChart, type ProgressChartData } from "../../shared/progressChart";
import { progressSeries } from "../../shared/series";
import { queryPilotIndicators, queryPilotPeriods, queryPilotResultsUpTo } from "../queries/pilotPage";
import { loadPilotsForProgress } from "../services/indicatorProgress";
import { buildIndicatorTable, type IndicatorTableRow } from "../services/indicatorTable";
import { sanitizeReportHtml } from "./richText";

export interface FinalReportSection {
  key: ReportSectionKey;
  title: string;
  contentHtml: string;
  /** Null until the section is first saved. */
  version: number | null;
  updatedBy: string;
  updatedAt: string | null;
}

export interface CommunicationEntry {
  id: number;
  no: number;
  title: string;
  date: IsoDate;
  outletType: OutletType;
  outletName: string;
  link: string;
  version: number;
}

/**
 * A row of 4a/4b, with the goal and the current result written as the report shows them in the reader's
 * language ("at least 400 hours", "65.22%"; "almeno 400 hours", "65,22 %" in Italian). A goal the pilot
 * wrote in its own words stays as written, and so do units, which are user data.
 */
export type ReportIndicatorRow = IndicatorTableRow & {
  currentText: string;
  /** Its progress chart by period (drawn under the row in the DOCX and the print view), with the chart in words. */
  chart: ProgressChartData & { altText: string };
};

type Translate = ReturnType<typeof translatorFor>;

function quantityText(value: number, row: IndicatorTableRow, locale: string): string {
  if (row.measure === "percentage") return formatPercent(value, 2, locale);
  // A score's unit carries its scale ("(0–100)", shared/units.ts): the report never shows a score without it.
  return `${formatNumber(value, 2, locale)}${row.unit ? ` ${row.unit}` : ""}`;
}

/** "225 hours (≈45–81%)", then "97,83 % dell'obiettivo · Sotto le attese": the figure, its 95 % interval where a share has a known base (decision 018), how far it is to the goal, and its status. */
export function currentResultText(row: IndicatorTableRow, t: Translate, locale: string): string {
  if (row.current === null) return `${t("report.notReported")}\n${row.statusLabel}`;
  const say = t as unknown as (key: string, values?: object) => string;
  const cell = row.interval ? intervalText(row.interval, row.measure) : null;
  const interval = cell ? ` (${say(cell.key, cell.values)})` : "";
  const progress = row.fractionOfGoal === null ? [] : [t("report.ofGoal", { percent: formatPercent(row.fractionOfGoal * 100, 2, locale) })];
  return `${quantityText(row.current, row, locale)}${interval}\n${[...progress, row.statusLabel].join(" · ")}`;
}

/**
 * The numeric goal always ("at least 400 hours"), and under it the goal as the pilot wrote it when it did:
 * the words alone would hide the number that the % of goal and the status are measured against.
 */
export function goalText(row: IndicatorTableRow, writtenGoal: string | undefined, t: Translate, locale: string): string {
  const value = quantityText(row.goal, row, locale);
  const numeric = row.goalDirection === "at_most" ? t("format.atMost", { value }) : t("format.atLeast", { value });
  // A revised goal says what it was contracted as and why it changed (docs/decisions/022): evaluators judge against both.
  const say = t as unknown as (key: string, values?: object) => string;
  const note = row.goalRevision ? revisedGoalNote(row.goalRevision, row.measure) : null;
  const revised = note && row.goalRevision ? `${numeric} (${say(note.key, note.values)}: ${row.goalRevision.reason.text})` : numeric;
  return writtenGoal ? `${revised}\n${t("report.goalAsWritten", { text: writtenGoal })}` : revised;
}

function rowKey(row: { name: string; code: string | null }): string {
  return `${row.name}|${row.code ?? ""}`;
}

export interface FinalReport {
  /** The language the headings, goals and figures are written in. */
  language: string;
  asOf: IsoDate;
  pilot: {
    id: number;
    projectId: number;
    title: string;
    partnerOrganisation: string;
    location: string;
    country: string;
    startDate: IsoDate;
    endDate: IsoDate;
    coordinatorName: string;
    projectName: string;
    programme: string;
  };
  sections: FinalReportSection[];
  /** 4a and 4b: the indicator tables from the live data, with the coordinators' comments. */
  quantitative: ReportIndicatorRow[];
  qualitative: ReportIndicatorRow[];
  /** 4e, in date order, numbered. */
  communication: CommunicationEntry[];
  /** The annex's first part: each indicator's saved reference sheet, its filled fields only, in indicator order. */
  referenceSheets: ReferenceSheetAnnexEntry[];
  /** The evidence annex: every attached file and link, by indicator and period, with who attached and who checked it. */
  evidenceAnnex: EvidenceAnnexRow[];
  fileStem: string;
}

/**
 * The pilot final report (D.T2.5.2 layout) as it stands at `asOf`, its headings and figures in `language`
 * (the narrative, indicator names and comments stay as written); null if the pilot does not exist.
 */
export function buildFinalReport(db: AppDatabase, pilotId: number, asOf: IsoDate, language: string): FinalReport | null {
  const pilot = db
    .select({
      id: pilots.id,
      projectId: pilots.projectId,
      title: pilots.title,
      partnerOrganisation: pilots.partnerOrganisation,
      location: pilots.location,
      country: pilots.country,
      startDate: pilots.startDate,
      endDate: pilots.endDate,
      coordinatorName: pilots.coordinatorName,
      projectName: projects.name,
      programme: projects.programme,
      reportingFrequency: pilots.reportingFrequency,
    })
    .from(pilots)
    .innerJoin(projects, eq(projects.id, pilots.projectId))
    .where(eq(pilots.id, pilotId))
    .get();
  if (!pilot) return null;
  const t = translatorFor(language);
  const locale = formattingLocaleOf(language);
  const stored = new Map(
    db
      .select()
      .from(reportSections)
      .where(eq(reportSections.pilotId, pilotId))
      .all()
      .map((s) => [s.sectionKey, s]),
  );
  const sections = reportSectionKeys.map((key) => {
    const row = stored.get(key);
    // Sanitised on the way out as well as in: whatever wrote the row (a seed, an import), only the allowed tags reach a page or a document.
    return {
      key,
      title: t(`reportSections.${key}`),
      contentHtml: sanitizeReportHtml(row?.contentHtml ?? ""),
      version: row?.version ?? null,
      updatedBy: row?.updatedBy ?? "",
      updatedAt: row?.updatedAt ?? null,
    };
  });
  const table = buildIndicatorTable(db, loadPilotsForProgress(db, { pilotIds: [pilotId], includeArchived: true }), asOf, language);
  // Goals the pilot wrote in words ("Average grade = 8 (on the scale from 1 to 10)"), by the key the rows are told apart by.
  const writtenGoals = new Map(
    db
      .select({ name: indicators.name, code: indicators.code, goalText: indicators.goalText })
      .from(indicators)
      .where(eq(indicators.pilotId, pilotId))
      .all()
      .filter((i) => i.goalText.trim() !== "")
      .map((i) => [rowKey(i), i.goalText]),
  );
  const charts = progressCharts(db, pilot, asOf, language);
  const inWords = (row: IndicatorTableRow): ReportIndicatorRow => ({
    ...row,
    goalText: goalText(row, writtenGoals.get(rowKey(row)), t, locale),
    currentText: currentResultText(row, t, locale),
    chart: charts.get(rowKey(row)) ?? {
      name: row.name,
      measure: row.measure,
      goal: row.goal,
      scaleMin: null,
      scaleMax: null,
      points: [],
      altText: t("charts.indicator.nothingReported", { name: row.name }),
    },
  });
  const communication = db
    .select()
    .from(communicationActivities)
    .where(and(eq(communicationActivities.pilotId, pilotId), isNull(communicationActivities.archivedAt)))
    .orderBy(asc(communicationActivities.date), asc(communicationActivities.id))
    .all()
    .map((row, index) => ({
      id: row.id,
      no: index + 1,
      title: row.title,
      date: row.date,
      outletType: row.outletType,
      outletName: row.outletName,
      link: row.link,
      version: row.version,
    }));
  const { reportingFrequency: _frequency, ...pilotShown } = pilot;
  return {
    language,
    asOf,
    pilot: pilotShown,
    sections,
    quantitative: table.rows.filter((r) => r.kind === "quantitative").map(inWords),
    qualitative: table.rows.filter((r) => r.kind === "qualitative").map(inWords),
    communication,
    referenceSheets: queryReferenceSheetAnnex(db, pilotId),
    evidenceAnnex: queryEvidenceAnnex(db, pilotId),
    fileStem: `final-report-${
      pilot.title
        .replace(/[^A-Za-z0-9]+/g, "-")
        .replace(/^-|-$/g, "")
        .slice(0, 60)
        .toLowerCase() || pilotId
    }`,
  };
}

/**
 * Each indicator's points by period at `asOf` (the pilot page's series, shared/series.ts), labelled and
 * described in the reader's language, by the key the report's rows are told apart by.
 */
function progressCharts(
  db: AppDatabase,
  pilot: { id: number; startDate: IsoDate; endDate: IsoDate; reportingFrequency: Parameters<typeof periodLabel>[1] },
  asOf: IsoDate,
  language: string,
): Map<string, ProgressChartData & { altText: string }> {
  const t = translatorFor(language);
  const locale = formattingLocaleOf(language);
  const say = t as unknown as (key: string, values?: Record<string, unknown>) => string;
  const periods = queryPilotPeriods(db, pilot.id);
  const lastStarted = periods.filter((p) => p.startDate <= asOf).at(-1)?.sequence ?? 0;
  const results = queryPilotResultsUpTo(db, pilot.id, lastStarted, periods);
  const labels = new Map(periods.map((p) => [p.sequence, translate(language, periodLabel(p, pilot.reportingFrequency))]));
  const charts = new Map<string, ProgressChartData & { altText: string }>();
  for (const indicator of queryPilotIndicators(db, pilot.id)) {
    const own = results.filter((r) => r.indicatorId === indicator.id);
    const series = progressSeries(indicator, pilot, periods, own);
    const data: ProgressChartData = {
      name: indicator.name,
      measure: indicator.measure,
      goal: indicator.goal,
      scaleMin: indicator.scaleMin,
      scaleMax: indicator.scaleMax,
      points: series.map((point) => ({
        label: labels.get(point.sequence) ?? translate(language, periodNumberLabel(point.sequence)),
        resultToDate: point.resultToDate,
        periodValue: point.periodValue,
        target: point.target,
      })),
    };
    const figure = (value: number) => (indicator.measure === "percentage" ? formatPercent(value, 2, locale) : formatNumber(value, 2, locale));
    charts.set(rowKey(indicator), { ...data, altText: describeProgressChart(data, say, figure) });
  }
  return charts;
}
