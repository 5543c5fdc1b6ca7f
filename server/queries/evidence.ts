import type { AppDatabase } from "../../db/client";
import { prepareCached } from "../../db/statements";
import type { IsoDate } from "../../shared/dates";
import type { ReportingFrequency } from "../../shared/domain";
import { evidenceStatus, referenceSheetFields, type EvidenceCounts, type EvidenceStatus, type ReferenceSheetField } from "../../shared/evidence";
import type { IndicatorReferenceFields } from "../../shared/schemas";

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

/** A pilot's evidence gaps as the portfolio counts them. */
export interface PilotEvidenceGaps {
  /** Results with evidence attached. */
  withEvidence: number;
  /** Results whose reference sheet expects evidence and that have none. */
  missing: number;
  /** Approved periods whose reviewer noted that evidence is still pending. */
  pendingApprovals: number;
}

/** The pilot page's counts: its results, and the portfolio's figures. */
export type PilotEvidenceCounts = EvidenceCounts & PilotEvidenceGaps;

const noGaps: PilotEvidenceGaps = { withEvidence: 0, missing: 0, pendingApprovals: 0 };

/**
 * Per pilot: results of its active indicators with evidence, results whose reference sheet expects evidence
 * and that have none, and approvals with evidence pending. One statement for any number of pilots (the
 * portfolio asks for all of them at once), driven by the evidence, the reference sheets and the approvals,
 * never by all results: its cost grows with the results that expect or have evidence, not with the
 * programme (docs/decisions/019, "Where the gaps show"). The same rule as evidenceStatus (shared/evidence.ts).
 */
export function queryPilotEvidenceCounts(db: AppDatabase, pilotIds: readonly number[]): Map<number, PilotEvidenceGaps> {
  const counts = new Map(pilotIds.map((id) => [id, { ...noGaps }]));
  if (pilotIds.length === 0) return counts;
  const rows = prepareCached<[{ ids: string }], PilotEvidenceGaps & { pilotId: number }>(
    db.$client,
    // CROSS JOIN keeps SQLite from starting at the (much larger) indicators table.
    `WITH attached AS (
       SELECT e.pilot_id AS pilotId, COUNT(DISTINCT e.indicator_id || '/' || e.period_id) AS n
       FROM evidence_items e JOIN indicators i ON i.id = e.indicator_id AND i.archived_at IS NULL
       WHERE e.removed_at IS NULL AND e.pilot_id IN (SELECT value FROM json_each(@ids))
         AND EXISTS (SELECT 1 FROM results r WHERE r.indicator_id = e.indicator_id AND r.period_id = e.period_id)
       GROUP BY e.pilot_id),
     missing AS (
       SELECT i.pilot_id AS pilotId, COUNT(*) AS n
       FROM indicator_references ref CROSS JOIN indicators i ON i.id = ref.indicator_id AND i.archived_at IS NULL
       JOIN results r ON r.indicator_id = ref.indicator_id
       WHERE TRIM(ref.means_of_verification) <> '' AND i.pilot_id IN (SELECT value FROM json_each(@ids))
         AND NOT EXISTS (SELECT 1 FROM evidence_items e WHERE e.period_id = r.period_id AND e.indicator_id = r.indicator_id AND e.removed_at IS NULL)
       GROUP BY i.pilot_id),
     pending AS (
       SELECT pr.pilot_id AS pilotId, COUNT(*) AS n FROM period_reports pr
       WHERE pr.state = 'approved' AND TRIM(pr.evidence_note) <> '' AND pr.pilot_id IN (SELECT value FROM json_each(@ids))
       GROUP BY pr.pilot_id)
     SELECT pilotId, SUM(withEvidence) AS withEvidence, SUM(missing) AS missing, SUM(pendingApprovals) AS pendingApprovals FROM (
       SELECT pilotId, n AS withEvidence, 0 AS missing, 0 AS pendingApprovals FROM attached
       UNION ALL SELECT pilotId, 0, n, 0 FROM missing
       UNION ALL SELECT pilotId, 0, 0, n FROM pending)
     GROUP BY pilotId`,
  ).all({ ids: JSON.stringify(pilotIds) });
  for (const { pilotId, ...gaps } of rows) counts.set(pilotId, gaps);
  return counts;
}

/** Results of the pilot's active indicators: the "of how many" of the pilot page's evidence counts. */
export function queryPilotResultCount(db: AppDatabase, pilotId: number): number {
  return prepareCached<[number], { n: number }>(
    db.$client,
    "SELECT COUNT(*) AS n FROM results r JOIN indicators i ON i.id = r.indicator_id AND i.archived_at IS NULL WHERE r.pilot_id = ?",
  ).get(pilotId)!.n;
}

/** The reference sheet as shown on the pilot page and in the exports: every field empty when none was saved. */
export type ReferenceSheet = IndicatorReferenceFields;

export interface IndicatorEvidenceSummary {
  reference: ReferenceSheet;
  /** Reported periods (a result, in a period started by the date) with evidence attached. */
  attachedPeriods: number;
  /** Reported periods whose reference sheet expects evidence and that have none attached. */
  missingPeriods: number;
}

const emptySummary = (): IndicatorEvidenceSummary => ({
  reference: { definition: "", dataSource: "", collectionMethod: "", collectionFrequency: "", responsible: "", meansOfVerification: "" },
  attachedPeriods: 0,
  missingPeriods: 0,
});

/** Per indicator of the pilots: its reference sheet and its evidence by reported period up to `asOf`. One statement. */
export function queryIndicatorEvidenceSummaries(db: AppDatabase, pilotIds: readonly number[], asOf: IsoDate): Map<number, IndicatorEvidenceSummary> {
  if (pilotIds.length === 0) return new Map();
  type Row = ReferenceSheet & { indicatorId: number; attachedPeriods: number };
  const rows = prepareCached<[{ pilotIds: string; asOf: string }], Row & { reported: number }>(
    db.$client,
    `SELECT i.id AS indicatorId, COALESCE(ref.definition, '') AS definition, COALESCE(ref.data_source, '') AS dataSource,
            COALESCE(ref.collection_method, '') AS collectionMethod, COALESCE(ref.collection_frequency, '') AS collectionFrequency,
            COALESCE(ref.responsible, '') AS responsible, COALESCE(ref.means_of_verification, '') AS meansOfVerification,
            COUNT(p.id) AS reported,
            COALESCE(SUM(p.id IS NOT NULL AND EXISTS (
              SELECT 1 FROM evidence_items e WHERE e.period_id = r.period_id AND e.indicator_id = r.indicator_id AND e.removed_at IS NULL)), 0) AS attachedPeriods
     FROM indicators i LEFT JOIN indicator_references ref ON ref.indicator_id = i.id
     LEFT JOIN results r ON r.indicator_id = i.id
     LEFT JOIN reporting_periods p ON p.id = r.period_id AND p.start_date <= @asOf
     WHERE i.pilot_id IN (SELECT value FROM json_each(@pilotIds))
     GROUP BY i.id`,
  ).all({ pilotIds: JSON.stringify(pilotIds), asOf });
  return new Map(
    rows.map(({ indicatorId, reported, attachedPeriods, ...reference }) => [
      indicatorId,
      { reference, attachedPeriods, missingPeriods: reference.meansOfVerification.trim() === "" ? 0 : reported - attachedPeriods },
    ]),
  );
}

/** The summary of one indicator, empty when the query had no row for it (an indicator made meanwhile). */
export const summaryOf = (summaries: Map<number, IndicatorEvidenceSummary>, indicatorId: number) => summaries.get(indicatorId) ?? emptySummary();

export interface EvidenceGap {
  pilotId: number;
  frequency: ReportingFrequency;
  indicatorId: number;
  indicatorName: string;
  meansOfVerification: string;
  /** The reported periods without the expected evidence, in order. */
  periods: { id: number; sequence: number; startDate: IsoDate; endDate: IsoDate }[];
}

export interface PendingEvidenceApproval {
  pilotId: number;
  frequency: ReportingFrequency;
  periodId: number;
  sequence: number;
  startDate: IsoDate;
  endDate: IsoDate;
  note: string;
  approvedBy: string | null;
}

/**
 * "Needs attention"'s evidence gaps for the pilots: per active indicator, the reported periods whose expected
 * evidence is missing, and the approved periods whose reviewer noted that evidence is pending. Two
 * statements whatever the number of pilots; driven by the reference sheets, so an installation without any
 * reads nothing else.
 */
export function queryEvidenceGaps(db: AppDatabase, pilotIds: readonly number[]): { missing: EvidenceGap[]; pending: PendingEvidenceApproval[] } {
  if (pilotIds.length === 0) return { missing: [], pending: [] };
  const ids = JSON.stringify(pilotIds);
  type MissingRow = Omit<EvidenceGap, "periods"> & { periodId: number; sequence: number; startDate: IsoDate; endDate: IsoDate };
  const missingRows = prepareCached<[string], MissingRow>(
    db.$client,
    `SELECT i.pilot_id AS pilotId, pl.reporting_frequency AS frequency, i.id AS indicatorId, i.name AS indicatorName, ref.means_of_verification AS meansOfVerification,
            p.id AS periodId, p.sequence, p.start_date AS startDate, p.end_date AS endDate
     FROM indicator_references ref
     CROSS JOIN indicators i ON i.id = ref.indicator_id AND i.archived_at IS NULL
     JOIN pilots pl ON pl.id = i.pilot_id
     JOIN results r ON r.indicator_id = i.id
     JOIN reporting_periods p ON p.id = r.period_id
     WHERE TRIM(ref.means_of_verification) <> '' AND i.pilot_id IN (SELECT value FROM json_each(?))
       AND NOT EXISTS (SELECT 1 FROM evidence_items e WHERE e.period_id = r.period_id AND e.indicator_id = r.indicator_id AND e.removed_at IS NULL)
     ORDER BY i.pilot_id, i.display_order, i.id, p.sequence`,
  ).all(ids);
  const missing: EvidenceGap[] = [];
  for (const { periodId, sequence, startDate, endDate, ...indicator } of missingRows) {
    const last = missing.at(-1);
    const gap = last?.indicatorId === indicator.indicatorId ? last : (missing[missing.push({ ...indicator, periods: [] }) - 1] as EvidenceGap);
    gap.periods.push({ id: periodId, sequence, startDate, endDate });
  }
  const pending = prepareCached<[string], PendingEvidenceApproval>(
    db.$client,
    `SELECT p.pilot_id AS pilotId, pl.reporting_frequency AS frequency, p.id AS periodId, p.sequence, p.start_date AS startDate, p.end_date AS endDate,
            pr.evidence_note AS note, u.name AS approvedBy
     FROM period_reports pr JOIN reporting_periods p ON p.id = pr.period_id JOIN pilots pl ON pl.id = pr.pilot_id LEFT JOIN users u ON u.id = pr.last_transition_by
     WHERE pr.state = 'approved' AND TRIM(pr.evidence_note) <> '' AND pr.pilot_id IN (SELECT value FROM json_each(?))
     ORDER BY p.pilot_id, p.sequence`,
  ).all(ids);
  return { missing, pending };
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

export interface ReferenceSheetAnnexEntry {
  indicatorId: number;
  indicatorName: string;
  /** The filled fields only, in the sheet's order (shared/evidence.ts). */
  fields: { field: ReferenceSheetField; value: string }[];
}

/**
 * The final report annex's reference sheets: per active indicator with a saved sheet, in indicator order, its
 * filled fields. A sheet saved with every field empty says nothing, so it is left out like a missing one.
 */
export function queryReferenceSheetAnnex(db: AppDatabase, pilotId: number): ReferenceSheetAnnexEntry[] {
  const rows = db.$client
    .prepare(
      `SELECT i.id AS indicatorId, i.name AS indicatorName, ref.definition, ref.data_source AS dataSource, ref.collection_method AS collectionMethod,
              ref.collection_frequency AS collectionFrequency, ref.responsible, ref.means_of_verification AS meansOfVerification
       FROM indicator_references ref JOIN indicators i ON i.id = ref.indicator_id
       WHERE i.pilot_id = ? AND i.archived_at IS NULL
       ORDER BY i.display_order, i.id`,
    )
    .all(pilotId) as ({ indicatorId: number; indicatorName: string } & ReferenceSheet)[];
  return rows
    .map((row) => ({
      indicatorId: row.indicatorId,
      indicatorName: row.indicatorName,
      fields: referenceSheetFields.filter((field) => row[field].trim() !== "").map((field) => ({ field, value: row[field] })),
    }))
    .filter((entry) => entry.fields.length > 0);
}
