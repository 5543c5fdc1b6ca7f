import { eq, inArray } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { periodReports, users } from "../../db/schema";
import type { ReviewState } from "../../shared/domain";
import { message } from "../../shared/i18n/message";
import { isEditable } from "../../shared/review";
import { userError } from "../errors";

type Reader = Pick<AppDatabase, "select">;

export interface PeriodReportView {
  state: ReviewState;
  /** 0 for a period never submitted (no row yet). */
  version: number;
  lastTransitionBy: string | null;
  lastTransitionAt: string | null;
  returnComment: string;
  reopenReason: string;
}

const draft: PeriodReportView = { state: "draft", version: 0, lastTransitionBy: null, lastTransitionAt: null, returnComment: "", reopenReason: "" };

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
      { state: report.state, version: report.version, lastTransitionBy: byName, lastTransitionAt: report.lastTransitionAt, returnComment: report.returnComment, reopenReason: report.reopenReason },
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
