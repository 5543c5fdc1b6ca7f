import { and, asc, eq, inArray, isNull, or } from "drizzle-orm";
import { z } from "zod";
import { periodReports, pilots, projects, reportingPeriods } from "../../db/schema";
import type { Role } from "../../shared/domain";
import { periodLabel } from "../../shared/periods";
import { daysWaiting, owesReport, periodDuty } from "../../shared/todo";
import { policy } from "../access";
import type { Context } from "../context";
import { translate } from "../i18n";
import { queryEvidenceGaps } from "../queries/evidence";
import { likelyToMissWithPace } from "../services/likelyToMissPace";
import { periodCompleteness } from "../services/periodReports";
import { procedure, router } from "../trpc";

const filterInput = z.object({ projectId: z.number().int().positive().optional(), pilotId: z.number().int().positive().optional() }).strict().default({});

/** The pilots where the signed-in person holds a role themselves (an administrator's to-do is not every pilot's). */
function pilotsHeldAs(ctx: Context, role: Role, filter: z.infer<typeof filterInput>) {
  const held = ctx.user!.memberships.filter((m) => m.role === role);
  const projectIds = held.flatMap((m) => (m.projectId === null ? [] : [m.projectId]));
  const pilotIds = held.flatMap((m) => (m.pilotId === null ? [] : [m.pilotId]));
  if (projectIds.length === 0 && pilotIds.length === 0) return [];
  return ctx.db
    .select({ id: pilots.id, title: pilots.title, projectId: pilots.projectId, projectName: projects.name, reportingFrequency: pilots.reportingFrequency })
    .from(pilots)
    .innerJoin(projects, eq(projects.id, pilots.projectId))
    .where(
      and(
        isNull(pilots.archivedAt),
        isNull(projects.archivedAt),
        or(projectIds.length ? inArray(pilots.projectId, projectIds) : undefined, pilotIds.length ? inArray(pilots.id, pilotIds) : undefined),
        filter.projectId ? eq(pilots.projectId, filter.projectId) : undefined,
        filter.pilotId ? eq(pilots.id, filter.pilotId) : undefined,
      ),
    )
    .all();
}

/**
 * Everyone's to-do page, derived from the data each time (nothing to keep in step): for coordinators the
 * periods due soon or overdue, the reports returned to them, and their open periods' missing comments and
 * evidence; for managers the reports awaiting their review and their pilots' indicators likely to miss the
 * goal, with the pace needed. The rules are shared/todo.ts (the same the reminders follow), the review's
 * completeness check, "needs attention"'s evidence gaps and the weekly summary's early warning.
 */
export const todoRouter = router({
  mine: procedure
    .meta(policy.signedIn)
    .input(filterInput)
    .query(({ ctx, input }) => {
      const today = ctx.today();
      const coordinated = pilotsHeldAs(ctx, "pilot_coordinator", input);
      const byId = new Map(coordinated.map((p) => [p.id, p]));
      const labelOf = (period: Parameters<typeof periodLabel>[0], pilot: (typeof coordinated)[number]) => translate(ctx.language, periodLabel(period, pilot.reportingFrequency));
      const rows = coordinated.length
        ? ctx.db
            .select({ period: reportingPeriods, state: periodReports.state, returnComment: periodReports.returnComment })
            .from(reportingPeriods)
            .leftJoin(periodReports, eq(periodReports.periodId, reportingPeriods.id))
            .where(inArray(reportingPeriods.pilotId, [...byId.keys()]))
            .orderBy(asc(reportingPeriods.endDate))
            .all()
        : [];
      const periods = rows.flatMap(({ period, state, returnComment }) => {
        const duty = periodDuty(period, state ?? "draft", today);
        if (!duty) return [];
        const pilot = byId.get(period.pilotId)!;
        return [
          {
            periodId: period.id,
            pilotId: pilot.id,
            pilotTitle: pilot.title,
            projectName: pilot.projectName,
            periodLabel: labelOf(period, pilot),
            state: state ?? "draft",
            returnComment: state === "returned" ? (returnComment ?? "") : "",
            ...duty,
          },
        ];
      });
      // The open periods (draft or returned, begun): what the coordinator can still complete before submitting.
      const open = rows.filter(({ period, state }) => owesReport(state ?? "draft") && period.startDate <= today);
      const evidenceMissing = new Map<number, { id: number; name: string; meansOfVerification: string }[]>();
      for (const gap of queryEvidenceGaps(ctx.db, [...byId.keys()]).missing)
        for (const period of gap.periods) {
          const list = evidenceMissing.get(period.id) ?? [];
          list.push({ id: gap.indicatorId, name: gap.indicatorName, meansOfVerification: gap.meansOfVerification });
          evidenceMissing.set(period.id, list);
        }
      const gaps = open.flatMap(({ period, state }) => {
        const missingComments = periodCompleteness(ctx.db, period.id).unexplained;
        const missingEvidence = evidenceMissing.get(period.id) ?? [];
        if (missingComments.length === 0 && missingEvidence.length === 0) return [];
        const pilot = byId.get(period.pilotId)!;
        return [
          {
            periodId: period.id,
            pilotId: pilot.id,
            pilotTitle: pilot.title,
            projectName: pilot.projectName,
            periodLabel: labelOf(period, pilot),
            state: state ?? "draft",
            missingComments,
            missingEvidence,
          },
        ];
      });
      const reviewed = pilotsHeldAs(ctx, "project_manager", input);
      const reviewedById = new Map(reviewed.map((p) => [p.id, p]));
      const reviews = reviewed.length
        ? ctx.db
            .select({ period: reportingPeriods, submittedAt: periodReports.submittedAt })
            .from(periodReports)
            .innerJoin(reportingPeriods, eq(reportingPeriods.id, periodReports.periodId))
            .where(and(eq(periodReports.state, "submitted"), inArray(periodReports.pilotId, [...reviewedById.keys()])))
            .orderBy(asc(periodReports.submittedAt))
            .all()
            .map(({ period, submittedAt }) => {
              const pilot = reviewedById.get(period.pilotId)!;
              return {
                periodId: period.id,
                pilotId: pilot.id,
                pilotTitle: pilot.title,
                projectName: pilot.projectName,
                periodLabel: translate(ctx.language, periodLabel(period, pilot.reportingFrequency)),
                daysWaiting: submittedAt ? daysWaiting(submittedAt, today) : 0,
              };
            })
        : [];
      const likelyToMiss = reviewed.length
        ? likelyToMissWithPace(ctx.db, today, new Set(reviewedById.keys())).map((w) => ({
            pilotId: w.pilot.id,
            pilotTitle: w.pilot.title,
            projectName: w.pilot.projectName,
            indicatorId: w.indicator.id,
            indicatorName: w.indicator.name,
            projection: translate(ctx.language, w.projectionText),
            pace: w.pace ? translate(ctx.language, w.pace) : null,
          }))
        : [];
      return { periods, gaps, reviews, likelyToMiss, count: periods.length + gaps.length + reviews.length + likelyToMiss.length };
    }),
});
