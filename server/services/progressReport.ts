import { eq } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { projects } from "../../db/schema";
import type { IsoDate } from "../../shared/dates";
import { addDays } from "../../shared/dates";
import { date, num, pct, sheetName, text, type ExportCell, type ExportDocument, type ExportSection } from "../../shared/exportDocument";
import { message } from "../../shared/i18n/message";
import { periodLabel } from "../../shared/periods";
import { projectReportingPeriods, reportFigures } from "../../shared/programmeIndicators";
import { notFound } from "../errors";
import { translateFor, type Translate } from "../exports/localeCells";
import { loadProgrammeProgress, type ContributionLine } from "./programmeProgress";

/**
 * The progress report a lead partner copies into Jems for one reporting period of the project: per
 * programme indicator the target, what the report before this one gave (the figures as at that period's
 * end), this report and the cumulative value (as at this period's end), with the contributing pilots. One
 * document, written as XLSX by the export machinery and shown by the print view (decision 028).
 */

const contributionText = (t: Translate, line: ContributionLine, unit: string) =>
  `${line.pilotTitle}: ${line.indicatorName} (${t(`status.${line.status}`)}; ${line.value === null ? t("programme.report.notYetCounted") : `${line.value} ${unit}`})`;

export function buildProgressReport(db: AppDatabase, request: { projectId: number; period: number }, language: string, createdAt: string): ExportDocument {
  const t = translateFor(language);
  const project = db.select().from(projects).where(eq(projects.id, request.projectId)).get();
  if (!project) throw notFound(message("projects.notFound"));
  const periods = projectReportingPeriods(project);
  const period = periods.find((p) => p.sequence === request.period);
  if (!period) throw notFound(message("programme.errors.periodNotFound", { period: request.period, count: periods.length }));
  const previousPeriod = periods.find((p) => p.sequence === request.period - 1) ?? null;
  const now = loadProgrammeProgress(db, project.id, period.endDate);
  const before = previousPeriod ? new Map(loadProgrammeProgress(db, project.id, previousPeriod.endDate).map((row) => [row.id, row])) : new Map();
  const label = periodLabel(period, "half_yearly");
  const periodName = t(label.key, label.values);

  const indicatorRows = now.map((row): ExportCell[] => {
    // Before the first period nothing was reported: a sum or count starts at 0, a mean at nothing.
    const previous = previousPeriod ? (before.get(row.id)?.achieved ?? null) : row.aggregation === "mean" ? null : 0;
    const figures = reportFigures(row.aggregation, row.target, previous, row.achieved);
    return [
      text(row.code),
      text(row.name),
      text(t(`programme.levels.${row.level}`)),
      text(row.unit),
      text(t(`programme.aggregations.${row.aggregation}`)),
      num(figures.target),
      num(figures.previouslyReported),
      num(figures.thisReport),
      num(figures.cumulative),
      pct(figures.cumulative === null || figures.target === 0 ? null : figures.cumulative / figures.target),
      num(row.stillDue),
      text(row.contributions.map((line) => contributionText(t, line, row.unit)).join("\n")),
    ];
  });
  const contributionRows = now.flatMap((row) =>
    row.contributions.map((line): ExportCell[] => {
      const earlier = before.get(row.id)?.contributions.find((c: ContributionLine) => c.indicatorId === line.indicatorId) ?? null;
      return [
        text(row.code),
        text(line.pilotTitle),
        text(line.indicatorName),
        text(t(`programme.rules.${line.rule}`)),
        text(t(`status.${line.status}`)),
        num(previousPeriod ? (earlier?.value ?? null) : null),
        num(line.value),
        text(line.warnings.map((w) => t(w.key, w.values)).join(" ")),
      ];
    }),
  );
  const taken = new Set<string>();
  const coverName = sheetName(t("exportFiles.cover.sheetName"), taken);
  taken.add(coverName.toLowerCase());
  const named = (title: string) => {
    const name = sheetName(title, taken);
    taken.add(name.toLowerCase());
    return name;
  };
  const sections: ExportSection[] = [
    {
      name: named(t("programme.report.indicatorsSheet")),
      title: t("programme.report.indicatorsTitle"),
      columns: [
        { header: t("programme.columns.code"), width: 10 },
        { header: t("programme.columns.indicator"), width: 44 },
        { header: t("programme.columns.level"), width: 10 },
        { header: t("programme.columns.unit"), width: 16 },
        { header: t("programme.columns.aggregation"), width: 14 },
        { header: t("programme.columns.target"), width: 10 },
        { header: t("programme.columns.previouslyReported"), width: 12 },
        { header: t("programme.columns.thisReport"), width: 11 },
        { header: t("programme.columns.cumulative"), width: 11 },
        { header: t("programme.columns.percentOfTarget"), width: 10 },
        { header: t("programme.columns.stillDue"), width: 10 },
        { header: t("programme.columns.contributingPilots"), width: 60 },
      ],
      rows: indicatorRows,
      emptyText: t("programme.report.noIndicators"),
    },
    {
      name: named(t("programme.report.contributionsSheet")),
      title: t("programme.report.contributionsTitle"),
      columns: [
        { header: t("programme.columns.code"), width: 10 },
        { header: t("programme.columns.pilot"), width: 32 },
        { header: t("programme.columns.pilotIndicator"), width: 40 },
        { header: t("programme.columns.rule"), width: 22 },
        { header: t("programme.columns.status"), width: 16 },
        { header: t("programme.columns.previouslyReported"), width: 12 },
        { header: t("programme.columns.cumulative"), width: 11 },
        { header: t("programme.columns.warnings"), width: 50 },
      ],
      rows: contributionRows,
      emptyText: t("programme.report.noContributions"),
    },
  ];
  return {
    table: "progress_report",
    language,
    coverName,
    title: t("programme.report.title", { name: project.name, period: periodName }),
    fileStem: `progress-report-project-${project.id}-period-${period.sequence}`,
    createdAt,
    asOf: period.endDate,
    filters: [
      { label: t("programme.report.project"), value: text(project.name) },
      { label: t("programme.report.programme"), value: text(project.programme) },
      { label: t("programme.report.period"), value: text(periodName) },
      { label: t("programme.report.periodStart"), value: date(period.startDate) },
      { label: t("programme.report.periodEnd"), value: date(period.endDate) },
      { label: t("programme.report.previousAsAt"), value: previousPeriod ? date(previousPeriod.endDate) : text(t("programme.report.firstReport")) },
    ],
    notes: [t("programme.report.noteFigures"), t("programme.report.noteTime"), t("programme.report.noteWarnings")],
    sections,
  };
}

/** The periods a report can be made for, labelled in the reader's language; `current` is the one today falls in. */
export function reportPeriodChoices(db: AppDatabase, projectId: number, today: IsoDate, language: string) {
  const t = translateFor(language);
  const project = db.select().from(projects).where(eq(projects.id, projectId)).get();
  if (!project) throw notFound(message("projects.notFound"));
  return projectReportingPeriods(project).map((period) => {
    const label = periodLabel(period, "half_yearly");
    return { sequence: period.sequence, startDate: period.startDate, endDate: period.endDate, label: t(label.key, label.values), ended: addDays(period.endDate, 1) <= today };
  });
}
