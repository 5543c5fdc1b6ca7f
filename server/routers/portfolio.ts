import { z } from "zod";
import { statuses } from "../../shared/domain";
import { explainProgress, statusSeverity } from "../../shared/progress";
import { describeProjection } from "../../shared/projection";
import { asOfInput } from "../../shared/schemas";
import { queryLatestComments } from "../services/latestComments";
import { countStatuses } from "../services/statusCounts";
import { portfolioLikelyToMiss, portfolioProgress } from "../services/portfolioProgress";
import { publicProcedure, router } from "../trpc";

const portfolioFilter = z
  .object({ projectId: z.number().int().positive().optional(), asOf: asOfInput })
  .strict()
  .default({});

const WORST_SHOWN = 3;

export const portfolioRouter = router({
  /** Every active pilot with its status counts and worst indicators. */
  summary: publicProcedure.input(portfolioFilter).query(({ ctx, input }) => {
    const asOf = input.asOf ?? ctx.today();
    const { pilotList, progress } = portfolioProgress(ctx.db, input.projectId, asOf);
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
        };
      }),
    };
  }),

  /**
   * Underperforming and at-risk indicators across pilots, worst first, with their latest explanation; and
   * the early warning: indicators not yet flagged whose trend will likely miss the goal by the pilot's end.
   */
  needsAttention: publicProcedure.input(portfolioFilter).query(({ ctx, input }) => {
    const asOf = input.asOf ?? ctx.today();
    const { pilotList, progress } = portfolioProgress(ctx.db, input.projectId, asOf);
    const flagged = pilotList.flatMap((pilot) =>
      (progress.get(pilot.id) ?? [])
        .filter((r) => r.progress.status === "underperforming" || r.progress.status === "at_risk")
        .map((r) => ({ pilot, ...r })),
    );
    // Early warning for the rest: those already flagged above are not repeated.
    const likelyToMiss = portfolioLikelyToMiss(ctx.db, input.projectId, asOf);
    const comments = queryLatestComments(ctx.db, [...flagged, ...likelyToMiss].map((f) => f.indicator.id));
    return {
      asOf,
      likelyToMiss: likelyToMiss.map(({ pilot, indicator, progress: p, projection }) => ({
        pilot: { id: pilot.id, title: pilot.title, projectName: pilot.projectName, isFictional: pilot.isFictional },
        indicator: { id: indicator.id, name: indicator.name, unit: indicator.unit, measure: indicator.measure, goal: indicator.goal, goalDirection: indicator.goalDirection },
        progress: p,
        projection,
        projectionText: describeProjection(projection, indicator),
        explanation: explainProgress(p, indicator, pilot.tolerancePercent),
        latestComment: comments.get(indicator.id) ?? null,
      })),
      items: flagged
        .sort((a, b) => statusSeverity[a.progress.status] - statusSeverity[b.progress.status] || b.progress.shortfallPercent - a.progress.shortfallPercent)
        .map(({ pilot, indicator, progress: p }) => ({
          pilot: { id: pilot.id, title: pilot.title, projectName: pilot.projectName, isFictional: pilot.isFictional },
          indicator: { id: indicator.id, name: indicator.name, unit: indicator.unit, measure: indicator.measure, goal: indicator.goal, goalDirection: indicator.goalDirection },
          progress: p,
          explanation: explainProgress(p, indicator, pilot.tolerancePercent),
          latestComment: comments.get(indicator.id) ?? null,
        })),
    };
  }),
});
