import { z } from "zod";
import { statuses } from "../../shared/domain";
import { explainProgress, statusSeverity } from "../../shared/progress";
import { asOfInput } from "../../shared/schemas";
import { computeIndicatorProgress, loadPilotsForProgress } from "../services/indicatorProgress";
import { queryLatestComments } from "../services/latestComments";
import { countStatuses } from "../services/statusCounts";
import type { Context } from "../context";
import { createReadCache } from "../services/dataVersion";
import { isVisible, policy, visibleScope } from "../access";
import { procedure, router } from "../trpc";

const portfolioFilter = z
  .object({ projectId: z.number().int().positive().optional(), asOf: asOfInput })
  .strict()
  .default({});

const WORST_SHOWN = 3;

// The portfolio is read far more often than results are written; recompute it only after a change.
const cachedProgress = createReadCache<ReturnType<typeof computeIndicatorProgress>>(8);
const cachedPilots = createReadCache<ReturnType<typeof loadPilotsForProgress>>(8);

function portfolioProgress(ctx: Context, projectId: number | undefined, asOf: string) {
  const key = `${projectId ?? "all"}|${asOf}`;
  const allPilots = cachedPilots(ctx.db, key, () => loadPilotsForProgress(ctx.db, { projectId }));
  const progress = cachedProgress(ctx.db, key, () => computeIndicatorProgress(ctx.db, allPilots, asOf, projectId === undefined));
  // The cache holds everybody's pilots; each person sees only the pilots they may read.
  const scope = visibleScope(ctx);
  return { pilotList: allPilots.filter((pilot) => isVisible(scope, pilot)), progress };
}

export const portfolioRouter = router({
  /** Every active pilot with its status counts and worst indicators. */
  summary: procedure.meta(policy.read("visible")).input(portfolioFilter).query(({ ctx, input }) => {
    const asOf = input.asOf ?? ctx.today();
    const { pilotList, progress } = portfolioProgress(ctx, input.projectId, asOf);
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

  /** Underperforming and at-risk indicators across pilots, worst first, with their latest explanation. */
  needsAttention: procedure.meta(policy.read("visible")).input(portfolioFilter).query(({ ctx, input }) => {
    const asOf = input.asOf ?? ctx.today();
    const { pilotList, progress } = portfolioProgress(ctx, input.projectId, asOf);
    const flagged = pilotList.flatMap((pilot) =>
      (progress.get(pilot.id) ?? [])
        .filter((r) => r.progress.status === "underperforming" || r.progress.status === "at_risk")
        .map((r) => ({ pilot, ...r })),
    );
    const comments = queryLatestComments(ctx.db, flagged.map((f) => f.indicator.id));
    return {
      asOf,
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
