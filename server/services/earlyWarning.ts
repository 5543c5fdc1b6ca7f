import type { AppDatabase } from "../../db/client";
import type { IsoDate } from "../../shared/dates";
import { projectCount, projectionMethodOf, scoreTrend, type Projection } from "../../shared/projection";
import { queryIndicatorTrends } from "../queries/indicatorTrends";
import type { IndicatorWithProgress, PilotForProgress } from "./indicatorProgress";

export interface LikelyToMiss extends IndicatorWithProgress {
  pilot: PilotForProgress;
  projection: Projection;
}

/**
 * Indicators not already underperforming or at risk whose trend says they will miss their goal by the pilot's
 * end, from SQL-aggregated trend sums (server/queries/indicatorTrends.ts) and the shared projection rule,
 * largest projected shortfall first. Those already flagged are left out before any result is read.
 */
export function findLikelyToMiss(db: AppDatabase, pilotList: readonly PilotForProgress[], progress: ReadonlyMap<number, IndicatorWithProgress[]>, asOf: IsoDate): LikelyToMiss[] {
  const candidates = pilotList
    .filter((pilot) => pilot.endDate >= asOf)
    .flatMap((pilot) => (progress.get(pilot.id) ?? []).filter((r) => r.progress.status !== "underperforming" && r.progress.status !== "at_risk"))
    .map((r) => r.indicator.id);
  const trends = new Map(queryIndicatorTrends(db, asOf, candidates).map((t) => [t.indicatorId, t]));
  const found: LikelyToMiss[] = [];
  for (const pilot of pilotList) {
    for (const row of progress.get(pilot.id) ?? []) {
      const trend = trends.get(row.indicator.id);
      if (!trend) continue;
      // Indicators counted at the end have no trend row (queryIndicatorTrends leaves them out): nothing is projected before their final period.
      const projection =
        projectionMethodOf(row.indicator) === "line" && trend.sums !== null
          ? projectCount({ indicator: row.indicator, pilot, tolerancePercent: pilot.tolerancePercent, asOf, sums: trend.sums, lastPeriodEndDate: trend.lastPeriodEndDate })
          : scoreTrend(row.indicator, trend.lastValues ?? [], asOf, pilot);
      if (projection.kind !== "none" && projection.likelyToMiss) found.push({ pilot, ...row, projection });
    }
  }
  const severity = (p: Projection) => (p.kind === "count" ? p.shortfallPercent : -1);
  return found.sort((a, b) => severity(b.projection) - severity(a.projection));
}
