import type { AppDatabase } from "../../db/client";

export interface LatestComment {
  indicatorId: number;
  comment: string;
  periodSequence: number;
  enteredBy: string;
  enteredAt: string;
}

/** The most recent non-empty comment of each indicator, in one grouped query. */
export function queryLatestComments(db: AppDatabase, indicatorIds: readonly number[]): Map<number, LatestComment> {
  if (indicatorIds.length === 0) return new Map();
  const rows = db.$client
    .prepare(
      `SELECT indicator_id AS indicatorId, comment, max(period_sequence) AS periodSequence, entered_by AS enteredBy, entered_at AS enteredAt
       FROM results
       WHERE indicator_id IN (SELECT value FROM json_each(?)) AND comment <> ''
       GROUP BY indicator_id`,
    )
    .all(JSON.stringify(indicatorIds)) as LatestComment[];
  return new Map(rows.map((r) => [r.indicatorId, r]));
}
