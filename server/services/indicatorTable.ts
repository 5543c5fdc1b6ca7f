import { asc, eq, inArray } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { reportingPeriods, results } from "../../db/schema";
import { groupBy } from "../../shared/collections";
import type { IsoDate } from "../../shared/dates";
import type { GoalDirection, IndicatorKind, Measure, Status } from "../../shared/domain";
import { formatNumber } from "../../shared/numbers";
import { periodLabel } from "../../shared/periods";
import { DEFAULT_LANGUAGE } from "../../shared/i18n/languages";
import { translate } from "../i18n";
import { statusLabels } from "../../shared/progress";
import { computeIndicatorProgress, type PilotForProgress } from "./indicatorProgress";
import { pilots } from "../../db/schema";

/** One row of the pilot final report's indicator table (sections 4a and 4b). */
export interface IndicatorTableRow {
  projectName: string;
  pilotTitle: string;
  kind: IndicatorKind;
  code: string | null;
  name: string;
  measure: Measure;
  unit: string;
  baseline: number;
  goal: number;
  goalDirection: GoalDirection;
  /** "at least 400 hours", or the goal as the pilot wrote it. */
  goalText: string;
  current: number | null;
  /** Fraction (0.978 = 97.8 %), so spreadsheets can format it as a percentage. */
  fractionOfGoal: number | null;
  status: Status;
  statusLabel: string;
  comments: string;
  /** End of the latest period with a result counted in `current`. */
  reportedUpTo: IsoDate | null;
}

export interface IndicatorTable {
  asOf: IsoDate;
  rows: IndicatorTableRow[];
}

function describeGoal(row: { goal: number; goalDirection: GoalDirection; unit: string; measure: Measure; goalText: string }): string {
  if (row.goalText) return row.goalText;
  const unit = row.measure === "percentage" ? " %" : row.unit ? ` ${row.unit}` : "";
  return `${row.goalDirection === "at_most" ? "at most" : "at least"} ${formatNumber(row.goal)}${unit}`;
}

/** Rows for the given pilots at `asOf`: quantitative indicators first, then qualitative, each in display order. */
export function buildIndicatorTable(db: AppDatabase, pilotList: readonly PilotForProgress[], asOf: IsoDate): IndicatorTable {
  const progress = computeIndicatorProgress(db, pilotList, asOf, false);
  const pilotIds = pilotList.map((p) => p.id);
  const frequencies = new Map(
    pilotIds.length ? db.select({ id: pilots.id, frequency: pilots.reportingFrequency }).from(pilots).where(inArray(pilots.id, pilotIds)).all().map((p) => [p.id, p.frequency]) : [],
  );
  const commentRows = pilotIds.length
    ? db
        .select({ indicatorId: results.indicatorId, comment: results.comment, period: reportingPeriods, pilotId: results.pilotId })
        .from(results)
        .innerJoin(reportingPeriods, eq(reportingPeriods.id, results.periodId))
        .where(inArray(results.pilotId, pilotIds))
        .orderBy(asc(results.periodSequence))
        .all()
        .filter((r) => r.comment.trim() !== "" && r.period.startDate <= asOf)
    : [];
  const commentsByIndicator = groupBy(commentRows, (r) => r.indicatorId);
  const rows: IndicatorTableRow[] = [];
  for (const pilot of pilotList) {
    const indicatorRows = progress.get(pilot.id) ?? [];
    const ordered = [...indicatorRows.filter((r) => r.indicator.kind === "quantitative"), ...indicatorRows.filter((r) => r.indicator.kind === "qualitative")];
    for (const { indicator, progress: p, totals } of ordered) {
      const comments = (commentsByIndicator.get(indicator.id) ?? []).map((c) => {
        const frequency = frequencies.get(c.pilotId) ?? "whole_pilot";
        return frequency === "whole_pilot" ? c.comment : `${translate(DEFAULT_LANGUAGE, periodLabel(c.period, frequency))}: ${c.comment}`;
      });
      rows.push({
        projectName: pilot.projectName,
        pilotTitle: pilot.title,
        kind: indicator.kind,
        code: indicator.code,
        name: indicator.name,
        measure: indicator.measure,
        unit: indicator.measure === "percentage" ? "%" : indicator.unit,
        baseline: indicator.baseline,
        goal: indicator.goal,
        goalDirection: indicator.goalDirection,
        goalText: describeGoal(indicator),
        current: p.current,
        fractionOfGoal: p.percentOfGoal === null ? null : p.percentOfGoal / 100,
        status: p.status,
        statusLabel: statusLabels[p.status],
        comments: comments.join("\n"),
        reportedUpTo: totals.latest?.periodEndDate ?? null,
      });
    }
  }
  return { asOf, rows };
}
