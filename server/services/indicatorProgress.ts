import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { pilots, projects } from "../../db/schema";
import { maxDate, type IsoDate } from "../../shared/dates";
import { currentResult, emptyTotals, evaluateProgress, type IndicatorProgress, type ResultTotals } from "../../shared/progress";
import { queryDuePeriods, queryIndicatorTotals, type IndicatorSummary } from "../queries/indicatorTotals";

export interface PilotForProgress {
  id: number;
  projectId: number;
  title: string;
  country: string;
  partnerOrganisation: string;
  startDate: IsoDate;
  endDate: IsoDate;
  isFictional: boolean;
  projectName: string;
  tolerancePercent: number;
}

export type { IndicatorSummary };

export interface IndicatorWithProgress {
  indicator: IndicatorSummary;
  progress: IndicatorProgress;
  totals: ResultTotals;
}

export function loadPilotsForProgress(db: AppDatabase, filter: { projectId?: number; pilotIds?: number[]; includeArchived?: boolean }): PilotForProgress[] {
  const conditions = filter.includeArchived ? [] : [isNull(pilots.archivedAt), isNull(projects.archivedAt)];
  if (filter.projectId !== undefined) conditions.push(eq(pilots.projectId, filter.projectId));
  if (filter.pilotIds !== undefined) conditions.push(inArray(pilots.id, filter.pilotIds));
  return db
    .select({
      id: pilots.id,
      projectId: pilots.projectId,
      title: pilots.title,
      country: pilots.country,
      partnerOrganisation: pilots.partnerOrganisation,
      startDate: pilots.startDate,
      endDate: pilots.endDate,
      isFictional: pilots.isFictional,
      projectName: projects.name,
      tolerancePercent: projects.tolerancePercent,
    })
    .from(pilots)
    .innerJoin(projects, eq(projects.id, pilots.projectId))
    .where(and(...conditions))
    .orderBy(asc(projects.name), asc(pilots.title))
    .all();
}

/**
 * Progress of every active indicator of the given pilots at `asOf`: totals come from one grouped SQL
 * query, the status rule from shared/progress.ts. Returns indicators grouped by pilot, in display order.
 */
export function computeIndicatorProgress(db: AppDatabase, pilotList: readonly PilotForProgress[], asOf: IsoDate, allPilots: boolean): Map<number, IndicatorWithProgress[]> {
  const pilotIds = pilotList.map((p) => p.id);
  const byPilot = new Map<number, IndicatorWithProgress[]>(pilotIds.map((id) => [id, []]));
  if (pilotIds.length === 0) return byPilot;
  const idFilter = allPilots ? null : pilotIds;
  const dueByPilot = queryDuePeriods(db, asOf, idFilter);
  const pilotById = new Map(pilotList.map((p) => [p.id, p]));
  for (const { indicator, totals: found, latestDueReported } of queryIndicatorTotals(db, asOf, idFilter)) {
    const pilot = pilotById.get(indicator.pilotId);
    if (!pilot) continue;
    const due = dueByPilot.get(indicator.pilotId) ?? null;
    const totals = found ?? emptyTotals;
    const latestReportedEnd = totals.latest?.periodEndDate ?? null;
    const referenceDate = due && latestReportedEnd ? maxDate(due.endDate, latestReportedEnd) : (due?.endDate ?? latestReportedEnd);
    const progress = evaluateProgress({
      indicator,
      pilot,
      tolerancePercent: pilot.tolerancePercent,
      asOf,
      current: currentResult(indicator, totals),
      referenceDate,
      latestDuePeriodReported: due === null ? null : latestDueReported,
    });
    byPilot.get(indicator.pilotId)!.push({ indicator, progress, totals });
  }
  return byPilot;
}
