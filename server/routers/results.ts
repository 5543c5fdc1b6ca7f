import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { indicators } from "../../db/schema";
import { groupBy } from "../../shared/collections";
import { periodLabel } from "../../shared/periods";
import { translate } from "../i18n";
import { message } from "../../shared/i18n/message";
import { queryPilotPeriods, queryPilotResultsUpTo } from "../queries/pilotPage";
import { queryPeriodContext } from "../queries/periodResults";
import { savePeriodResults, type SavePeriodResults } from "../../shared/schemas";
import { nowTimestamp } from "../clock";
import { policy } from "../access";
import { actorOf, type Context } from "../context";
import { loadPeriodReport } from "../services/periodReports";
import { procedure, router } from "../trpc";
import { userError } from "../errors";
import { writeResults, writeTransaction, type ResultRoute } from "../writes/results";
import type { AppDatabase } from "../../db/client";

function loadPeriodContext(db: AppDatabase, periodId: number) {
  const context = queryPeriodContext(db, periodId);
  if (!context) throw userError("NOT_FOUND", message("entry.errors.periodNotFound"));
  return context;
}

export const resultsRouter = router({
  /** The period form: every active indicator of the pilot, its result for this period if any, and the other periods' results for the live status preview. */
  periodForm: procedure
    .meta(policy.read({ period: "periodId" }))
    .input(z.object({ periodId: z.number().int().positive() }).strict())
    .query(({ ctx, input }) => {
      const { period, pilot, project } = loadPeriodContext(ctx.db, input.periodId);
      const indicatorRows = ctx.db
        .select()
        .from(indicators)
        .where(and(eq(indicators.pilotId, pilot.id), isNull(indicators.archivedAt)))
        .orderBy(asc(indicators.displayOrder), asc(indicators.id))
        .all();
      const allPeriods = queryPilotPeriods(ctx.db, pilot.id);
      const byIndicator = groupBy(queryPilotResultsUpTo(ctx.db, pilot.id, period.sequence, allPeriods), (r) => r.indicatorId);
      return {
        period: { ...period, label: translate(ctx.language, periodLabel(period, pilot.reportingFrequency)), isDue: period.endDate < ctx.today() },
        report: loadPeriodReport(ctx.db, period.id),
        periods: allPeriods.map((p) => ({ id: p.id, sequence: p.sequence, label: translate(ctx.language, periodLabel(p, pilot.reportingFrequency)) })),
        pilot,
        tolerancePercent: project.tolerancePercent,
        projectId: project.id,
        projectName: project.name,
        indicators: indicatorRows.map((indicator) => {
          const own = byIndicator.get(indicator.id) ?? [];
          return {
            indicator,
            existing: own.find((r) => r.periodId === period.id) ?? null,
            otherResults: own
              .filter((r) => r.periodId !== period.id)
              .map(({ periodSequence, periodEndDate, value, respondents, numerator, denominator }) => ({
                periodSequence,
                periodEndDate,
                value,
                respondents,
                numerator,
                denominator,
              })),
          };
        }),
      };
    }),

  /**
   * Saves one period's results in one transaction. Every entry is checked first (values for the
   * indicator's measure, a comment when the value is below goal or expected progress); any problem
   * rejects the whole save with field errors. A result changed by someone else since the form was
   * opened is never overwritten.
   */
  savePeriod: procedure
    .meta(policy.enterResults({ period: "periodId" }))
    .input(savePeriodResults)
    .mutation(({ ctx, input }) => {
      const { outcome: _outcome, ...answer } = savePeriodThroughWritePath(ctx, input, "form");
      return answer;
    }),
});

/**
 * One period's entries through the one write path, for the period form and the HTTP API (which states
 * its own route, "api"): the caller has checked the enterResults policy on the period.
 */
export function savePeriodThroughWritePath(ctx: Context, input: SavePeriodResults, route: ResultRoute) {
  return writeTransaction(ctx.db, () => {
    loadPeriodContext(ctx.db, input.periodId);
    const outcome = writeResults(ctx.db, {
      actor: actorOf(ctx),
      route,
      today: ctx.today(),
      at: nowTimestamp(),
      language: ctx.language,
      fieldPrefix: "entries",
      changes: input.entries.map(({ indicatorId, expectedVersion, value, respondents, numerator, denominator, comment, plausibilityConfirmed }) => ({
        indicatorId,
        periodId: input.periodId,
        values: { value, respondents, numerator, denominator },
        comment,
        expectedVersion,
        plausibilityConfirmed,
      })),
    });
    /** The version each result now has, so the form can go on editing without reloading. */
    const versions: Record<number, number> = {};
    for (const r of outcome.results) if (r.version !== null) versions[r.indicatorId] = r.version;
    return { saved: outcome.created + outcome.changed, unchanged: outcome.unchanged, versions, outcome };
  });
}
