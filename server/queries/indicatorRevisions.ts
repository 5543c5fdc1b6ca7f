import { asc, inArray } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { indicatorRevisions } from "../../db/schema";
import { groupBy } from "../../shared/collections";
import { goalRevisionOf, type GoalRevision, type RevisionRecord } from "../../shared/revisions";

type Reader = Pick<AppDatabase, "select">;

/** Every recorded change of goal, baseline or milestones of these indicators, oldest first (docs/decisions/022). */
export function revisionsByIndicator(db: Reader, indicatorIds: readonly number[]): Map<number, (RevisionRecord & { id: number })[]> {
  if (indicatorIds.length === 0) return new Map();
  const rows = db
    .select({
      id: indicatorRevisions.id,
      indicatorId: indicatorRevisions.indicatorId,
      field: indicatorRevisions.field,
      before: indicatorRevisions.before,
      after: indicatorRevisions.after,
      reasonCode: indicatorRevisions.reasonCode,
      reasonText: indicatorRevisions.reasonText,
      authorName: indicatorRevisions.authorName,
      at: indicatorRevisions.at,
    })
    .from(indicatorRevisions)
    .where(inArray(indicatorRevisions.indicatorId, [...indicatorIds]))
    .orderBy(asc(indicatorRevisions.id))
    .all();
  return groupBy(rows, (r) => r.indicatorId);
}

/** The revised goals among these indicators, by id: an indicator whose goal is the original one is not in the map. */
export function goalRevisionsOf(db: Reader, indicatorList: readonly { id: number; goal: number }[]): Map<number, GoalRevision> {
  const revisions = revisionsByIndicator(
    db,
    indicatorList.map((i) => i.id),
  );
  const out = new Map<number, GoalRevision>();
  for (const indicator of indicatorList) {
    const revision = goalRevisionOf(indicator.goal, revisions.get(indicator.id) ?? []);
    if (revision) out.set(indicator.id, revision);
  }
  return out;
}
