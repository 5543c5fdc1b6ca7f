import type { Message } from "../../shared/i18n/message";
import type { IntervalSignal } from "../../shared/signals";
import { signalsFor } from "./indicatorSignalsFor";
import { asc, eq, inArray } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { reportingPeriods, results } from "../../db/schema";
import { groupBy } from "../../shared/collections";
import type { IsoDate } from "../../shared/dates";
import type { GoalDirection, IndicatorKind, Measure, Status } from "../../shared/domain";
import { formattingLocaleOf } from "../../shared/i18n/languages";
import { formatNumber } from "../../shared/numbers";
import { periodLabel } from "../../shared/periods";
import { unitWithScale } from "../../shared/units";
import { translateFor, type Translate } from "../exports/localeCells";
import { computeIndicatorProgress, type PilotForProgress } from "./indicatorProgress";
import { pilots } from "../../db/schema";
import { queryIndicatorEvidenceSummaries, summaryOf, type ReferenceSheet } from "../queries/evidence";
import type { GoalRevision } from "../../shared/revisions";
import { goalRevisionsOf } from "../queries/indicatorRevisions";

/** One row of the pilot final report's indicator table (sections 4a and 4b). */
export interface IndicatorTableRow {
  projectName: string;
  pilotTitle: string;
  kind: IndicatorKind;
  code: string | null;
  name: string;
  measure: Measure;
  /** "%" for a percentage; a score's unit with its scale ("points (0–100)"): see shared/units.ts. */
  unit: string;
  baseline: number;
  goal: number;
  goalDirection: GoalDirection;
  /** "at least 400 hours" (in the table's language), or the goal as the pilot wrote it. */
  goalText: string;
  current: number | null;
  /** Fraction (0.978 = 97.8 %), so spreadsheets can format it as a percentage. */
  fractionOfGoal: number | null;
  status: Status;
  /** The status in the table's language. */
  statusLabel: string;
  comments: string;
  /** End of the latest period with a result counted in `current`. */
  reportedUpTo: IsoDate | null;
  /** The 95 % interval of a share with a known base (docs/decisions/018), shown beside the value. */
  interval: IntervalSignal | null;
  /** Notes for evaluators: the interval, over-achievement, the pace still needed (catalogue messages). */
  signals: Message[];
  /** The reference sheet (every field empty when none was saved) and the evidence by reported period. */
  reference: ReferenceSheet;
  evidence: { attachedPeriods: number; missingPeriods: number };
  /** The contracted goal and the reason, when `goal` is a revision of it (docs/decisions/022). */
  goalRevision: GoalRevision | null;
}

export interface IndicatorTable {
  asOf: IsoDate;
  rows: IndicatorTableRow[];
}

function describeGoal(
  row: { goal: number; goalDirection: GoalDirection; unit: string; measure: Measure; goalText: string; scaleMin: number | null; scaleMax: number | null },
  t: Translate,
  locale: string,
): string {
  if (row.goalText) return row.goalText;
  const written = unitWithScale(row);
  const unit = row.measure === "percentage" ? " %" : written ? ` ${written}` : "";
  const value = `${formatNumber(row.goal, 2, locale)}${unit}`;
  return row.goalDirection === "at_most" ? t("format.atMost", { value }) : t("format.atLeast", { value });
}

/**
 * Rows for the given pilots at `asOf`: quantitative indicators first, then qualitative, each in display order.
 * Statuses, described goals and the period labels before comments are in `language` (the reader's: no default,
 * so that no caller gets English by forgetting it); names and comments stay as typed.
 */
export function buildIndicatorTable(db: AppDatabase, pilotList: readonly PilotForProgress[], asOf: IsoDate, language: string): IndicatorTable {
  const t = translateFor(language);
  const locale = formattingLocaleOf(language);
  const progress = computeIndicatorProgress(db, pilotList, asOf, false);
  const pilotIds = pilotList.map((p) => p.id);
  const frequencies = new Map(
    pilotIds.length
      ? db
          .select({ id: pilots.id, frequency: pilots.reportingFrequency })
          .from(pilots)
          .where(inArray(pilots.id, pilotIds))
          .all()
          .map((p) => [p.id, p.frequency])
      : [],
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
  const evidence = queryIndicatorEvidenceSummaries(db, pilotIds, asOf);
  const signals = signalsFor(
    db,
    pilotList.flatMap((pilot) => (progress.get(pilot.id) ?? []).map((r) => ({ indicator: r.indicator, progress: r.progress, tolerancePercent: pilot.tolerancePercent }))),
    asOf,
  );
  const goalRevisions = goalRevisionsOf(
    db,
    pilotList.flatMap((pilot) => (progress.get(pilot.id) ?? []).map((r) => r.indicator)),
  );
  const rows: IndicatorTableRow[] = [];
  for (const pilot of pilotList) {
    const indicatorRows = progress.get(pilot.id) ?? [];
    const ordered = [...indicatorRows.filter((r) => r.indicator.kind === "quantitative"), ...indicatorRows.filter((r) => r.indicator.kind === "qualitative")];
    for (const { indicator, progress: p, totals } of ordered) {
      const { reference, attachedPeriods, missingPeriods } = summaryOf(evidence, indicator.id);
      const comments = (commentsByIndicator.get(indicator.id) ?? []).map((c) => {
        const frequency = frequencies.get(c.pilotId) ?? "whole_pilot";
        const label = periodLabel(c.period, frequency);
        return frequency === "whole_pilot" ? c.comment : `${t(label.key, label.values)}: ${c.comment}`;
      });
      rows.push({
        projectName: pilot.projectName,
        pilotTitle: pilot.title,
        kind: indicator.kind,
        code: indicator.code,
        name: indicator.name,
        measure: indicator.measure,
        unit: unitWithScale(indicator),
        baseline: indicator.baseline,
        goal: indicator.goal,
        goalDirection: indicator.goalDirection,
        goalText: describeGoal(indicator, t, locale),
        current: p.current,
        fractionOfGoal: p.percentOfGoal === null ? null : p.percentOfGoal / 100,
        status: p.status,
        statusLabel: t(`status.${p.status}`),
        comments: comments.join("\n"),
        reportedUpTo: totals.latest?.periodEndDate ?? null,
        interval: signals.get(indicator.id)?.interval ?? null,
        signals: signals.get(indicator.id)?.messages ?? [],
        reference,
        evidence: { attachedPeriods, missingPeriods },
        goalRevision: goalRevisions.get(indicator.id) ?? null,
      });
    }
  }
  return { asOf, rows };
}
