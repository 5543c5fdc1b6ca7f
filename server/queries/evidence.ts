import type { AppDatabase } from "../../db/client";
import { countEvidence, evidenceStatus, type EvidenceCounts, type EvidenceStatus } from "../../shared/evidence";

/*
 * What is attached where: the period form and the review page (per indicator of a period), the pilot page,
 * the exports and the final report (counts and the annex). Removed evidence is never shown here; its
 * history is in the audit trail.
 */

export interface EvidenceItemView {
  id: number;
  kind: "file" | "link";
  description: string;
  fileName: string | null;
  contentType: string | null;
  sizeBytes: number | null;
  url: string | null;
  addedBy: string;
  addedAt: string;
}

export interface IndicatorEvidence {
  indicatorId: number;
  name: string;
  meansOfVerification: string;
  hasResult: boolean;
  status: EvidenceStatus;
  items: EvidenceItemView[];
  checkedBy: string | null;
  checkedAt: string | null;
}

interface ItemRow extends EvidenceItemView {
  indicatorId: number;
}

/** Every active indicator of the period's pilot, in display order, with its evidence for the period. */
export function queryPeriodEvidence(db: AppDatabase, periodId: number): IndicatorEvidence[] {
  const indicatorRows = db.$client
    .prepare(
      `SELECT i.id AS indicatorId, i.name, COALESCE(ref.means_of_verification, '') AS meansOfVerification,
              EXISTS (SELECT 1 FROM results r WHERE r.indicator_id = i.id AND r.period_id = p.id) AS hasResult,
              c.checked_by AS checkedBy, c.checked_at AS checkedAt
       FROM reporting_periods p JOIN indicators i ON i.pilot_id = p.pilot_id AND i.archived_at IS NULL
       LEFT JOIN indicator_references ref ON ref.indicator_id = i.id
       LEFT JOIN evidence_checks c ON c.period_id = p.id AND c.indicator_id = i.id
       WHERE p.id = ? ORDER BY i.display_order, i.id`,
    )
    .all(periodId) as (Omit<IndicatorEvidence, "items" | "status" | "hasResult"> & { hasResult: number })[];
  const items = db.$client
    .prepare(
      `SELECT id, indicator_id AS indicatorId, kind, description, file_name AS fileName, content_type AS contentType, size_bytes AS sizeBytes, url,
              added_by AS addedBy, added_at AS addedAt
       FROM evidence_items WHERE period_id = ? AND removed_at IS NULL ORDER BY added_at, id`,
    )
    .all(periodId) as ItemRow[];
  return indicatorRows.map((row) => {
    const own = items.filter((item) => item.indicatorId === row.indicatorId).map(({ indicatorId: _, ...item }) => item);
    return { ...row, hasResult: Boolean(row.hasResult), items: own, status: evidenceStatus(row.meansOfVerification, own.length) };
  });
}

/** The evidence status of every stored result of the pilot's active indicators. */
function pilotResultStatuses(db: AppDatabase, pilotId: number): EvidenceStatus[] {
  const rows = db.$client
    .prepare(
      `SELECT COALESCE(ref.means_of_verification, '') AS means,
              (SELECT COUNT(*) FROM evidence_items e WHERE e.indicator_id = r.indicator_id AND e.period_id = r.period_id AND e.removed_at IS NULL) AS attached
       FROM results r JOIN indicators i ON i.id = r.indicator_id AND i.archived_at IS NULL
       LEFT JOIN indicator_references ref ON ref.indicator_id = i.id
       WHERE r.pilot_id = ?`,
    )
    .all(pilotId) as { means: string; attached: number }[];
  return rows.map((row) => evidenceStatus(row.means, row.attached));
}

/** How many of the pilot's results have evidence, and how many expect some and have none. */
export function queryPilotEvidenceCounts(db: AppDatabase, pilotId: number): EvidenceCounts {
  return countEvidence(pilotResultStatuses(db, pilotId));
}

export interface EvidenceAnnexRow {
  id: number;
  indicatorName: string;
  periodSequence: number;
  periodStart: string;
  periodEnd: string;
  kind: "file" | "link";
  name: string;
  contentType: string | null;
  description: string;
  addedBy: string;
  addedAt: string;
  /** Who checked this indicator's evidence for the period in review (null: not checked). */
  checkedBy: string | null;
  checkedAt: string | null;
}

/** The final report's evidence annex: every attached file and link of the pilot, by indicator and period. */
export function queryEvidenceAnnex(db: AppDatabase, pilotId: number): EvidenceAnnexRow[] {
  return db.$client
    .prepare(
      `SELECT e.id, i.name AS indicatorName, p.sequence AS periodSequence, p.start_date AS periodStart, p.end_date AS periodEnd, e.kind,
              COALESCE(e.file_name, e.url) AS name, e.content_type AS contentType, e.description,
              e.added_by AS addedBy, e.added_at AS addedAt, c.checked_by AS checkedBy, c.checked_at AS checkedAt
       FROM evidence_items e JOIN indicators i ON i.id = e.indicator_id JOIN reporting_periods p ON p.id = e.period_id
       LEFT JOIN evidence_checks c ON c.period_id = e.period_id AND c.indicator_id = e.indicator_id
       WHERE e.pilot_id = ? AND e.removed_at IS NULL AND i.archived_at IS NULL
       ORDER BY i.display_order, i.id, p.sequence, e.id`,
    )
    .all(pilotId) as EvidenceAnnexRow[];
}
