import type { AppDatabase } from "../../db/client";
import type { IsoDate } from "../../shared/dates";
import type { Message } from "../../shared/i18n/message";
import { describeProjection } from "../../shared/projection";
import type { LikelyToMiss } from "./earlyWarning";
import { signalsFor } from "./indicatorSignalsFor";
import { portfolioLikelyToMiss } from "./portfolioProgress";

/** An indicator likely to miss its goal, worded: the projection, and the pace still needed to reach the goal. */
export interface PacedWarning extends LikelyToMiss {
  projectionText: Message;
  /** "Needs 46 hours a quarter" (signals.pace.*), or null when no pace can be said. */
  pace: Message | null;
}

/**
 * The early warning as "needs attention" finds it (the portfolio's snapshot, not computed again) with the
 * pace still needed: the managers' weekly summary and the to-do page say the same sentence. `pilotIds`
 * keeps the pilots asked about, before any pace is read.
 */
export function likelyToMissWithPace(db: AppDatabase, asOf: IsoDate, pilotIds?: ReadonlySet<number>): PacedWarning[] {
  const warnings = portfolioLikelyToMiss(db, undefined, asOf).filter((w) => pilotIds === undefined || pilotIds.has(w.pilot.id));
  // The projection says the goal will be missed, so the pace still needed applies as to an indicator at risk.
  const paces = signalsFor(
    db,
    warnings.map((w) => ({ indicator: w.indicator, progress: { ...w.progress, status: "at_risk" as const }, tolerancePercent: w.pilot.tolerancePercent })),
    asOf,
  );
  return warnings.map((w) => ({
    ...w,
    projectionText: describeProjection(w.projection, w.indicator),
    pace: paces.get(w.indicator.id)?.messages.find((m) => m.key.startsWith("signals.pace.")) ?? null,
  }));
}
