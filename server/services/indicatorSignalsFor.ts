import type { AppDatabase } from "../../db/client";
import { prepareCached } from "../../db/statements";
import type { IsoDate } from "../../shared/dates";
import type { ReportingFrequency } from "../../shared/domain";
import { indicatorSignals, type IndicatorSignals, type SignalPeriodResult } from "../../shared/indicatorSignals";
import type { IndicatorProgress } from "../../shared/progress";
import type { IndicatorSummary } from "../queries/indicatorTotals";

/*
 * The signals (shared/indicatorSignals.ts, docs/decisions/018) of a handful of indicators across pilots:
 * what "needs attention" shows beside each flagged indicator. It reads only the results of the indicators
 * asked about (a few dozen), never the whole programme.
 */

export interface SignalsRequest {
  indicator: IndicatorSummary;
  progress: IndicatorProgress;
  tolerancePercent: number;
}

const json = (ids: Iterable<number>) => JSON.stringify([...new Set(ids)]);

export function signalsFor(db: AppDatabase, requests: readonly SignalsRequest[], asOf: IsoDate): Map<number, IndicatorSignals> {
  const out = new Map<number, IndicatorSignals>();
  if (requests.length === 0) return out;
  const results = prepareCached<[string, string], SignalPeriodResult & { indicatorId: number }>(
    db.$client,
    `SELECT r.indicator_id AS indicatorId, r.period_sequence AS periodSequence, r.value, r.numerator, r.denominator
     FROM results r JOIN reporting_periods p ON p.id = r.period_id
     WHERE r.indicator_id IN (SELECT value FROM json_each(?)) AND p.start_date <= ?
     ORDER BY r.indicator_id, r.period_sequence`,
  ).all(json(requests.map((r) => r.indicator.id)), asOf);
  const pilots = prepareCached<[string], { id: number; frequency: ReportingFrequency; periods: number }>(
    db.$client,
    `SELECT pl.id, pl.reporting_frequency AS frequency, (SELECT count(*) FROM reporting_periods rp WHERE rp.pilot_id = pl.id) AS periods
     FROM pilots pl WHERE pl.id IN (SELECT value FROM json_each(?))`,
  ).all(json(requests.map((r) => r.indicator.pilotId)));
  const pilotById = new Map(pilots.map((p) => [p.id, p]));
  const byIndicator = new Map<number, SignalPeriodResult[]>();
  for (const row of results) {
    const list = byIndicator.get(row.indicatorId);
    if (list) list.push(row);
    else byIndicator.set(row.indicatorId, [row]);
  }
  for (const { indicator, progress, tolerancePercent } of requests) {
    const pilot = pilotById.get(indicator.pilotId);
    if (!pilot) continue;
    const own = byIndicator.get(indicator.id) ?? [];
    // Periods are numbered 1..n, so those after the latest reported one are n minus its number.
    const remaining = progress.isFinal ? 0 : pilot.periods - (own.at(-1)?.periodSequence ?? 0);
    out.set(
      indicator.id,
      indicatorSignals({
        indicator,
        frequency: pilot.frequency,
        tolerancePercent,
        status: progress.status,
        current: progress.current,
        results: own,
        remainingPeriods: remaining,
      }),
    );
  }
  return out;
}
