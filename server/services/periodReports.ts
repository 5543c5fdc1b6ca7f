import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { indicators, periodReports, users } from "../../db/schema";
import type { ReviewState } from "../../shared/domain";
import { message } from "../../shared/i18n/message";
import { emptyTotals } from "../../shared/progress";
import { progressAtPeriodEndFromTotals } from "../../shared/resultRules";
import { isEditable, type PeriodCompleteness } from "../../shared/review";
import { userError } from "../errors";
import { queryTotalsBeforePeriod } from "../queries/indicatorTotals";
import { queryPeriodContext, queryPeriodResults } from "../queries/periodResults";

type Reader = Pick<AppDatabase, "select">;

export interface PeriodReportView {
  state: ReviewState;
  /** 0 for a period never submitted (no row yet). */
  version: number;
  lastTransitionBy: string | null;
  lastTransitionAt: string | null;
  submittedAt: string | null;
  returnComment: string;
  reopenReason: string;
  /** The reviewer's note when approving with evidence pending. */
  evidenceNote: string;
}

const draft: PeriodReportView = {
  state: "draft",
  version: 0,
  lastTransitionBy: null,
  lastTransitionAt: null,
  submittedAt: null,
  returnComment: "",
  reopenReason: "",
  evidenceNote: "",
};

export function loadPeriodReports(db: Reader, periodIds: number[]): Map<number, PeriodReportView> {
  if (periodIds.length === 0) return new Map();
  const rows = db
    .select({ report: periodReports, byName: users.name })
    .from(periodReports)
    .leftJoin(users, eq(users.id, periodReports.lastTransitionBy))
    .where(inArray(periodReports.periodId, periodIds))
    .all();
  const byPeriod = new Map(
    rows.map(({ report, byName }) => [
      report.periodId,
      {
        state: report.state,
        version: report.version,
        lastTransitionBy: byName,
        lastTransitionAt: report.lastTransitionAt,
        submittedAt: report.submittedAt,
        returnComment: report.returnComment,
        reopenReason: report.reopenReason,
        evidenceNote: report.evidenceNote,
      },
    ]),
  );
  return new Map(periodIds.map((id) => [id, byPeriod.get(id) ?? draft]));
}

export function loadPeriodReport(db: Reader, periodId: number): PeriodReportView {
  return loadPeriodReports(db, [periodId]).get(periodId)!;
}

/** Refuses a write to a period that is submitted or approved; call it inside the write's transaction. */
export function assertPeriodEditable(db: Reader, periodId: number): void {
  const { state } = loadPeriodReport(db, periodId);
  if (isEditable(state)) return;
  throw userError("PRECONDITION_FAILED", message(state === "approved" ? "periods.locked.approved" : "periods.locked.submitted"));
}

/** The same for every period a write touches (archiving a stakeholder rewrites each period it was mapped in). */
export function assertPeriodsEditable(db: Reader, periodIds: readonly number[]): void {
  for (const [, report] of loadPeriodReports(db, [...new Set(periodIds)])) {
    if (isEditable(report.state)) continue;
    throw userError("PRECONDITION_FAILED", message(report.state === "approved" ? "periods.locked.approved" : "periods.locked.submitted"));
  }
}

/**
 * How complete a period's report is (shared/review.ts, PeriodCompleteness): which active indicators have
 * no result, and which results need an explanation, judged with the indicators as they are now.
 */
export function periodCompleteness(db: AppDatabase, periodId: number): PeriodCompleteness {
  const context = queryPeriodContext(db, periodId);
  if (!context) return { expected: 0, reported: 0, missing: [], unexplained: [] };
  const { period, pilot, project } = context;
  const active = db
    .select()
    .from(indicators)
    .where(and(eq(indicators.pilotId, pilot.id), isNull(indicators.archivedAt)))
    .orderBy(asc(indicators.displayOrder), asc(indicators.id))
    .all();
  const ids = active.map((i) => i.id);
  const resultByIndicator = new Map(queryPeriodResults(db, period.id, ids).map((r) => [r.indicatorId, r]));
  const totalsBefore = queryTotalsBeforePeriod(db, ids, period.sequence);
  const missing: PeriodCompleteness["missing"] = [];
  const unexplained: PeriodCompleteness["unexplained"] = [];
  for (const indicator of active) {
    const result = resultByIndicator.get(indicator.id);
    if (!result) {
      missing.push({ id: indicator.id, name: indicator.name });
      continue;
    }
    const progress = progressAtPeriodEndFromTotals({
      indicator,
      pilot,
      tolerancePercent: project.tolerancePercent,
      period,
      values: result,
      totalsBefore: totalsBefore.get(indicator.id) ?? emptyTotals,
    });
    if (progress.needsExplanation && result.comment.trim() === "") unexplained.push({ id: indicator.id, name: indicator.name });
  }
  return { expected: active.length, reported: active.length - missing.length, missing, unexplained };
}
