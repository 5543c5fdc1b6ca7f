import { and, asc, eq, isNull } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { communicationActivities, pilots, projects, reportSections } from "../../db/schema";
import type { IsoDate } from "../../shared/dates";
import { formatNumber, formatPercent } from "../../shared/numbers";
import { reportSectionKeys, reportSectionTitles, type OutletType, type ReportSectionKey } from "../../shared/domain";
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

/** A row of 4a/4b, with the current result written as the report shows it ("405 hours", "65.22 %"). */
export type ReportIndicatorRow = IndicatorTableRow & { currentText: string };

function currentResultText(row: IndicatorTableRow): string {
  if (row.current === null) return "not reported";
  if (row.measure === "percentage") return formatPercent(row.current, 2);
  return `${formatNumber(row.current)}${row.measure === "count" && row.unit ? ` ${row.unit}` : ""}`;
}

export interface FinalReport {
  asOf: IsoDate;
  pilot: { id: number; projectId: number; title: string; partnerOrganisation: string; location: string; country: string; startDate: IsoDate; endDate: IsoDate; coordinatorName: string; projectName: string; programme: string };
  sections: FinalReportSection[];
  /** 4a and 4b: the indicator tables from the live data, with the coordinators' comments. */
  quantitative: ReportIndicatorRow[];
  qualitative: ReportIndicatorRow[];
  /** 4e, in date order, numbered. */
  communication: CommunicationEntry[];
  fileStem: string;
}

/** The pilot final report (D.T2.5.2 layout) as it stands at `asOf`; null if the pilot does not exist. */
export function buildFinalReport(db: AppDatabase, pilotId: number, asOf: IsoDate): FinalReport | null {
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
    })
    .from(pilots)
    .innerJoin(projects, eq(projects.id, pilots.projectId))
    .where(eq(pilots.id, pilotId))
    .get();
  if (!pilot) return null;
  const stored = new Map(db.select().from(reportSections).where(eq(reportSections.pilotId, pilotId)).all().map((s) => [s.sectionKey, s]));
  const sections = reportSectionKeys.map((key) => {
    const row = stored.get(key);
    // Sanitised on the way out as well as in: whatever wrote the row (a seed, an import), only the allowed tags reach a page or a document.
    return { key, title: reportSectionTitles[key], contentHtml: sanitizeReportHtml(row?.contentHtml ?? ""), version: row?.version ?? null, updatedBy: row?.updatedBy ?? "", updatedAt: row?.updatedAt ?? null };
  });
  const table = buildIndicatorTable(db, loadPilotsForProgress(db, { pilotIds: [pilotId], includeArchived: true }), asOf);
  const communication = db
    .select()
    .from(communicationActivities)
    .where(and(eq(communicationActivities.pilotId, pilotId), isNull(communicationActivities.archivedAt)))
    .orderBy(asc(communicationActivities.date), asc(communicationActivities.id))
    .all()
    .map((row, index) => ({ id: row.id, no: index + 1, title: row.title, date: row.date, outletType: row.outletType, outletName: row.outletName, link: row.link, version: row.version }));
  return {
    asOf,
    pilot,
    sections,
    quantitative: table.rows.filter((r) => r.kind === "quantitative").map((r) => ({ ...r, currentText: currentResultText(r) })),
    qualitative: table.rows.filter((r) => r.kind === "qualitative").map((r) => ({ ...r, currentText: currentResultText(r) })),
    communication,
    fileStem: `final-report-${pilot.title.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60).toLowerCase() || pilotId}`,
  };
}
