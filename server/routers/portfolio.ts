import { exceedsGoal } from "../../shared/signals";
import { signalsFor } from "../services/indicatorSignalsFor";
import { z } from "zod";
import { statuses } from "../../shared/domain";
import { explainProgress, statusSeverity } from "../../shared/progress";
import { describeProjection } from "../../shared/projection";
import { asOfInput } from "../../shared/schemas";
import { queryLatestComments } from "../services/latestComments";
import { countStatuses } from "../services/statusCounts";
import { portfolioLikelyToMiss, portfolioProgress as programmeProgress } from "../services/portfolioProgress";
import type { Context } from "../context";
import { isVisible, policy, visibleScope } from "../access";
import { translate } from "../i18n";
import { overdueReports } from "../services/overdueReports";
import { periodLabel } from "../../shared/periods";
import { queryEvidenceGaps, queryPilotEvidenceCounts } from "../queries/evidence";
import { procedure, router } from "../trpc";

const portfolioFilter = z.object({ projectId: z.number().int().positive().optional(), asOf: asOfInput }).strict().default({});
/** Needs attention narrows to a project and, within it, a pilot (kept in the page's address). */
const attentionFilter = z.object({ projectId: z.number().int().positive().optional(), pilotId: z.number().int().positive().optional(), asOf: asOfInput }).strict().default({});

const WORST_SHOWN = 3;

/** The programme's figures (kept live in server/services/portfolioProgress.ts), narrowed to the pilots this person may read. */
function portfolioProgress(ctx: Context, projectId: number | undefined, asOf: string, pilotId?: number) {
  const { pilotList, progress } = programmeProgress(ctx.db, projectId, asOf);
  const scope = visibleScope(ctx);
  return { pilotList: pilotList.filter((pilot) => isVisible(scope, pilot) && (pilotId === undefined || pilot.id === pilotId)), progress, scope };
}

export const portfolioRouter = router({
  /** Every active pilot with its status counts and worst indicators. */
  summary: procedure
    .meta(policy.read("visible"))
    .input(portfolioFilter)
    .query(({ ctx, input }) => {
      const asOf = input.asOf ?? ctx.today();
      const { pilotList, progress } = portfolioProgress(ctx, input.projectId, asOf);
      const evidence = queryPilotEvidenceCounts(
        ctx.db,
        pilotList.map((pilot) => pilot.id),
      );
      return {
        asOf,
        statuses,
        pilots: pilotList.map((pilot) => {
          const rows = progress.get(pilot.id) ?? [];
          const worst = [...rows]
            .sort((a, b) => statusSeverity[a.progress.status] - statusSeverity[b.progress.status] || b.progress.shortfallPercent - a.progress.shortfallPercent)
            .filter((r) => statusSeverity[r.progress.status] < statusSeverity.on_track)
            .slice(0, WORST_SHOWN)
            .map((r) => ({ id: r.indicator.id, name: r.indicator.name, status: r.progress.status, percentOfGoal: r.progress.percentOfGoal }));
          return {
            ...pilot,
            indicatorCount: rows.length,
            statusCounts: countStatuses(rows.map((r) => r.progress.status)),
            worstIndicators: worst,
            /** Results expecting evidence without any, and approvals with evidence pending (docs/decisions/019). */
            evidence: evidence.get(pilot.id)!,
          };
        }),
      };
    }),

  /**
   * Underperforming and at-risk indicators across pilots, worst first, with their latest explanation; and
   * the early warning: indicators not yet flagged whose trend will likely miss the goal by the pilot's end;
   * and the reports past their deadline (the to-do page's rule), marked missing when nothing was entered.
   */
  needsAttention: procedure
    .meta(policy.read("visible"))
    .input(attentionFilter)
    .query(({ ctx, input }) => {
      const asOf = input.asOf ?? ctx.today();
      const { pilotList, progress, scope } = portfolioProgress(ctx, input.projectId, asOf, input.pilotId);
      const flagged = pilotList.flatMap((pilot) =>
        (progress.get(pilot.id) ?? []).filter((r) => r.progress.status === "underperforming" || r.progress.status === "at_risk").map((r) => ({ pilot, ...r })),
      );
      // A period that has ended without a result, flagged on its own: also where the status stays "achieved".
      const missing = pilotList.flatMap((pilot) => (progress.get(pilot.id) ?? []).filter((r) => r.progress.missingPeriods).map((r) => ({ pilot, ...r })));
      // Early warning for the rest: those already flagged above are not repeated.
      const likelyToMiss = portfolioLikelyToMiss(ctx.db, input.projectId, asOf).filter(
        (w) => isVisible(scope, w.pilot) && (input.pilotId === undefined || w.pilot.id === input.pilotId),
      );
      // Over-achievement is a note, not a failure: listed apart, for the manager to ask whether the goal was too low.
      const overAchieved = pilotList.flatMap((pilot) =>
        (progress.get(pilot.id) ?? []).filter((r) => exceedsGoal(r.indicator, r.progress.current, pilot.tolerancePercent) !== null).map((r) => ({ pilot, ...r })),
      );
      const signals = signalsFor(
        ctx.db,
        [...flagged, ...overAchieved].map((f) => ({ indicator: f.indicator, progress: f.progress, tolerancePercent: f.pilot.tolerancePercent })),
        asOf,
      );
      const gaps = queryEvidenceGaps(
        ctx.db,
        pilotList.map((pilot) => pilot.id),
      );
      const pilotById = new Map(pilotList.map((pilot) => [pilot.id, pilot]));
      const pilotOf = (id: number) => {
        const pilot = pilotById.get(id)!;
        return { id: pilot.id, title: pilot.title, projectName: pilot.projectName, isFictional: pilot.isFictional };
      };
      const labelOf = (period: { sequence: number; startDate: string; endDate: string }, frequency: Parameters<typeof periodLabel>[1]) =>
        translate(ctx.language, periodLabel(period, frequency));
      const comments = queryLatestComments(
        ctx.db,
        [...flagged, ...likelyToMiss].map((f) => f.indicator.id),
      );
      return {
        asOf,
        overdueReports: overdueReports(ctx.db, pilotList, asOf).map((report) => ({ ...report, periodLabel: translate(ctx.language, report.periodLabel) })),
        likelyToMiss: likelyToMiss.map(({ pilot, indicator, progress: p, projection }) => ({
          pilot: { id: pilot.id, title: pilot.title, projectName: pilot.projectName, isFictional: pilot.isFictional },
          indicator: { id: indicator.id, name: indicator.name, unit: indicator.unit, measure: indicator.measure, goal: indicator.goal, goalDirection: indicator.goalDirection },
          progress: p,
          projection,
          projectionText: describeProjection(projection, indicator),
          explanation: explainProgress(p, indicator, pilot.tolerancePercent),
          latestComment: comments.get(indicator.id) ?? null,
        })),
        /** Evidence the reference sheet expects and nobody attached, per indicator, and approvals with evidence pending. */
        evidenceGaps: {
          missing: gaps.missing.map((gap) => ({
            pilot: pilotOf(gap.pilotId),
            indicator: { id: gap.indicatorId, name: gap.indicatorName, meansOfVerification: gap.meansOfVerification },
            periods: gap.periods.map((period) => ({ id: period.id, label: labelOf(period, gap.frequency) })),
          })),
          pending: gaps.pending.map((approval) => ({
            pilot: pilotOf(approval.pilotId),
            period: { id: approval.periodId, label: labelOf(approval, approval.frequency) },
            note: approval.note,
            approvedBy: approval.approvedBy,
          })),
        },
        missingPeriods: missing.map(({ pilot, indicator, progress: p }) => ({
          pilot: { id: pilot.id, title: pilot.title, projectName: pilot.projectName, isFictional: pilot.isFictional },
          indicator: { id: indicator.id, name: indicator.name, unit: indicator.unit, measure: indicator.measure, goal: indicator.goal, goalDirection: indicator.goalDirection },
          progress: p,
        })),
        items: flagged
          .sort((a, b) => statusSeverity[a.progress.status] - statusSeverity[b.progress.status] || b.progress.shortfallPercent - a.progress.shortfallPercent)
          .map(({ pilot, indicator, progress: p }) => ({
            pilot: { id: pilot.id, title: pilot.title, projectName: pilot.projectName, isFictional: pilot.isFictional },
            indicator: { id: indicator.id, name: indicator.name, unit: indicator.unit, measure: indicator.measure, goal: indicator.goal, goalDirection: indicator.goalDirection },
            progress: p,
            explanation: explainProgress(p, indicator, pilot.tolerancePercent),
            latestComment: comments.get(indicator.id) ?? null,
            signals: signals.get(indicator.id)?.messages ?? [],
          })),
        overAchieved: overAchieved.map(({ pilot, indicator, progress: p }) => ({
          pilot: { id: pilot.id, title: pilot.title, projectName: pilot.projectName, isFictional: pilot.isFictional },
          indicator: { id: indicator.id, name: indicator.name, unit: indicator.unit, measure: indicator.measure, goal: indicator.goal, goalDirection: indicator.goalDirection },
          progress: p,
          signals: signals.get(indicator.id)?.messages ?? [],
        })),
      };
    }),
});
