import { sql } from "drizzle-orm";
import type { AppDatabase } from "./client";

type Transaction = Parameters<Parameters<AppDatabase["transaction"]>[0]>[0];

/**
 * Recomputes the running totals (`cum_*`) of every result of the given indicators, in period order,
 * with one window-function UPDATE. Call it inside the transaction that wrote the results, so the
 * totals are never out of step with the values. `null` recomputes every indicator (demo data, imports).
 * Rows before `fromSequence` are read but not rewritten: a change cannot alter the totals before it.
 */
export function refreshCumulativeTotals(tx: Transaction | AppDatabase, indicatorIds: readonly number[] | null, fromSequence = 0): void {
  if (indicatorIds !== null && indicatorIds.length === 0) return;
  const filter = indicatorIds === null ? sql`` : sql`WHERE indicator_id IN (SELECT value FROM json_each(${JSON.stringify(indicatorIds)}))`;
  tx.run(sql`
    UPDATE results SET
      cum_count = w.cum_count, cum_value = w.cum_value, cum_weighted_value = w.cum_weighted_value,
      cum_respondents = w.cum_respondents, cum_with_respondents = w.cum_with_respondents,
      cum_numerator = w.cum_numerator, cum_denominator = w.cum_denominator
    FROM (
      SELECT id,
        count(*) OVER running AS cum_count,
        total(value) OVER running AS cum_value,
        total(value * respondents) OVER running AS cum_weighted_value,
        total(respondents) OVER running AS cum_respondents,
        count(respondents) OVER running AS cum_with_respondents,
        total(numerator) OVER running AS cum_numerator,
        total(denominator) OVER running AS cum_denominator
      FROM results ${filter}
      WINDOW running AS (PARTITION BY indicator_id ORDER BY period_sequence ROWS UNBOUNDED PRECEDING)
    ) AS w
    WHERE results.id = w.id AND results.period_sequence >= ${fromSequence}`);
}
