import { asc, eq, inArray } from "drizzle-orm";
import { refreshCumulativeTotals } from "../../db/cumulativeTotals";
import type { AppDatabase } from "../../db/client";
import { indicators, periodReports, reportingPeriods, results, stakeholderPeriods } from "../../db/schema";
import type { ReportingFrequency } from "../../shared/domain";
import { message } from "../../shared/i18n/message";
import { generateReportingPeriods } from "../../shared/periods";
import { conflict } from "../errors";

type Transaction = Parameters<Parameters<AppDatabase["transaction"]>[0]>[0];

/**
 * Makes the stored periods match the pilot's dates and frequency. A period that already holds data
 * (results, register entries, a period report) must survive unchanged (same start and end), otherwise the
 * change is refused and the message names the periods: data is never moved to a different time span
 * behind the coordinator's back, nor left pointing at a period that is gone.
 */
export function syncReportingPeriods(tx: Transaction, pilotId: number, startDate: string, endDate: string, frequency: ReportingFrequency): void {
  const wanted = generateReportingPeriods(startDate, endDate, frequency);
  const existing = tx.select().from(reportingPeriods).where(eq(reportingPeriods.pilotId, pilotId)).orderBy(asc(reportingPeriods.sequence)).all();
  const periodIds = existing.map((p) => p.id);
  // Results, register entries and period reports all point at their period: none may be left without one.
  const periodIdsWithData = new Set(
    [
      ...tx.selectDistinct({ periodId: results.periodId }).from(results).where(eq(results.pilotId, pilotId)).all(),
      ...(periodIds.length > 0
        ? tx.selectDistinct({ periodId: stakeholderPeriods.periodId }).from(stakeholderPeriods).where(inArray(stakeholderPeriods.periodId, periodIds)).all()
        : []),
      ...tx.selectDistinct({ periodId: periodReports.periodId }).from(periodReports).where(eq(periodReports.pilotId, pilotId)).all(),
    ].map((r) => r.periodId),
  );
  const key = (p: { startDate: string; endDate: string }) => `${p.startDate}/${p.endDate}`;
  const wantedByKey = new Map(wanted.map((p) => [key(p), p]));
  const lost = existing.filter((p) => periodIdsWithData.has(p.id) && !wantedByKey.has(key(p)));
  if (lost.length > 0) {
    const periods = lost.map((p) => `${p.startDate} – ${p.endDate}`).join(", ");
    throw conflict(message("validation.periodsHoldData", { periods }));
  }
  const kept = existing.filter((p) => wantedByKey.has(key(p)));
  const keptKeys = new Set(kept.map(key));
  const removable = existing.filter((p) => !keptKeys.has(key(p))).map((p) => p.id);
  if (removable.length > 0) tx.delete(reportingPeriods).where(inArray(reportingPeriods.id, removable)).run();
  // Sequences may shift; move kept rows out of the way first so the unique (pilot, sequence) index holds.
  for (const period of kept) {
    tx.update(reportingPeriods).set({ sequence: -period.id }).where(eq(reportingPeriods.id, period.id)).run();
    tx.update(results).set({ periodSequence: -period.id }).where(eq(results.periodId, period.id)).run();
  }
  for (const period of wanted) {
    const keep = kept.find((p) => key(p) === key(period));
    if (keep) {
      tx.update(reportingPeriods).set({ sequence: period.sequence }).where(eq(reportingPeriods.id, keep.id)).run();
      tx.update(results).set({ periodSequence: period.sequence }).where(eq(results.periodId, keep.id)).run();
    } else {
      tx.insert(reportingPeriods)
        .values({ pilotId, ...period })
        .run();
    }
  }
  // Sequences order the running totals; recompute them for the pilot's indicators.
  const indicatorIds = tx
    .select({ id: indicators.id })
    .from(indicators)
    .where(eq(indicators.pilotId, pilotId))
    .all()
    .map((i) => i.id);
  refreshCumulativeTotals(tx, indicatorIds);
}
