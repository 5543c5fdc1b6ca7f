import { and, eq, isNull, sql } from "drizzle-orm";
import { sortByNames } from "../../shared/collation";
import { goalRevisionsOf } from "../queries/indicatorRevisions";
import { z } from "zod";
import { pilots, projects } from "../../db/schema";
import { groupBy } from "../../shared/collections";
import { message } from "../../shared/i18n/message";
import { periodLabel, periodNumberLabel } from "../../shared/periods";
import { aggregationOf, explainProgress, statusSeverity } from "../../shared/progress";
import { describeProjection, projectIndicator } from "../../shared/projection";
import { asOfInput, pilotFields, pilotUpdate } from "../../shared/schemas";
import { progressSeries } from "../../shared/series";
import { countsForInvolvement, registerShare } from "../../shared/stakeholders";
import { loadRegisterEntries } from "../../db/stakeholderRegister";
import { computeIndicatorProgress, loadPilotsForProgress } from "../services/indicatorProgress";
import { assertVersionedUpdate } from "../services/optimisticUpdate";
import { nowTimestamp } from "../clock";
import { syncReportingPeriods } from "../services/reportingPeriods";
import { countStatuses } from "../services/statusCounts";
import { indicatorSignals } from "../../shared/indicatorSignals";
import { queryPilotIndicators, queryPilotPeriods, queryPilotResultsUpTo } from "../queries/pilotPage";
import { queryIndicatorEvidenceSummaries, summaryOf } from "../queries/evidence";
import { assertCan, isVisible, policy, visibleScope } from "../access";
import { actorOf } from "../context";
import { recordAudit } from "../services/audit";
import { loadPeriodReports } from "../services/periodReports";
import { translate } from "../i18n";
import { procedure, router } from "../trpc";
import { invalidInput, userError } from "../errors";
import { inviteToPilot, type InvitationOutcome } from "../writes/invitations";
import type { InnerContext } from "../context";
import type { AppDatabase } from "../../db/client";

/**
 * The coordinator's e-mail on the pilot form grants what it says (docs/decisions/020): a new or changed
 * address goes through the same rule as an invitation, in the pilot's own transaction. An empty one grants nothing.
 */
function grantCoordinator(
  tx: Pick<AppDatabase, "select" | "insert">,
  ctx: InnerContext,
  pilot: { id: number; title: string },
  fields: { coordinatorName: string; coordinatorEmail: string },
  previousEmail: string | null,
): InvitationOutcome | null {
  const email = fields.coordinatorEmail.trim().toLowerCase();
  if (email === "" || email === previousEmail?.trim().toLowerCase()) return null;
  return inviteToPilot(tx, ctx, { pilot, email, name: fields.coordinatorName.trim() || email, role: "pilot_coordinator", field: "coordinatorEmail" });
}

const pilotId = z.object({ id: z.number().int().positive() }).strict();

const pilotColumns = {
  id: pilots.id,
  projectId: pilots.projectId,
  title: pilots.title,
  partnerOrganisation: pilots.partnerOrganisation,
  location: pilots.location,
  country: pilots.country,
  startDate: pilots.startDate,
  endDate: pilots.endDate,
  reportingFrequency: pilots.reportingFrequency,
  coordinatorName: pilots.coordinatorName,
  coordinatorEmail: pilots.coordinatorEmail,
  description: pilots.description,
  isFictional: pilots.isFictional,
  archivedAt: pilots.archivedAt,
  version: pilots.version,
};

export const pilotsRouter = router({
  list: procedure
    .meta(policy.read("visible"))
    .input(
      z
        .object({ projectId: z.number().int().positive().optional(), includeArchived: z.boolean().default(false) })
        .strict()
        .default({ includeArchived: false }),
    )
    .query(({ ctx, input }) =>
      sortByNames(
        ctx.db
          .select({ ...pilotColumns, projectName: projects.name })
          .from(pilots)
          .innerJoin(projects, eq(projects.id, pilots.projectId))
          .where(and(input.projectId ? eq(pilots.projectId, input.projectId) : undefined, input.includeArchived ? undefined : isNull(pilots.archivedAt)))
          .all()
          .filter((pilot) => isVisible(visibleScope(ctx), pilot)),
        ctx.language,
        (pilot) => pilot.projectName,
        (pilot) => pilot.title,
      ),
    ),

  get: procedure
    .meta(policy.read({ pilot: "id" }))
    .input(pilotId)
    .query(({ ctx, input }) => {
      const pilot = ctx.db.select(pilotColumns).from(pilots).where(eq(pilots.id, input.id)).get();
      if (!pilot) throw userError("NOT_FOUND", message("pilot.errors.notFound"));
      return pilot;
    }),

  create: procedure
    .meta(policy.setUp({ project: "projectId" }))
    .input(pilotFields)
    .mutation(({ ctx, input }) => {
      const project = ctx.db.select({ id: projects.id, archivedAt: projects.archivedAt }).from(projects).where(eq(projects.id, input.projectId)).get();
      if (!project) throw invalidInput(message("pilotForm.errors.noSuchProject"), { projectId: message("pilotForm.errors.chooseProject") });
      return ctx.db.transaction((tx) => {
        const created = tx.insert(pilots).values(input).returning({ id: pilots.id }).get();
        syncReportingPeriods(tx, created.id, input.startDate, input.endDate, input.reportingFrequency);
        recordAudit(tx, actorOf(ctx), { entityType: "pilot", entityId: created.id, action: "create", after: input, pilotId: created.id });
        return { id: created.id, coordinator: grantCoordinator(tx, ctx, { id: created.id, title: input.title }, input, null) };
      });
    }),

  update: procedure
    .meta(policy.setUp({ pilot: "id" }))
    .input(pilotUpdate)
    .mutation(({ ctx, input }) =>
      ctx.db.transaction((tx) => {
        const before = tx.select(pilotColumns).from(pilots).where(eq(pilots.id, input.id)).get();
        // Moving a pilot to another project needs the right to set up pilots there too.
        if (before && before.projectId !== input.fields.projectId) assertCan(ctx, "setUp", { projectId: input.fields.projectId });
        const outcome = tx
          .update(pilots)
          .set({ ...input.fields, version: sql`${pilots.version} + 1`, updatedAt: nowTimestamp() })
          .where(and(eq(pilots.id, input.id), eq(pilots.version, input.version)))
          .run();
        assertVersionedUpdate(
          outcome.changes,
          !!before,
          "Pilot",
          before && message("conflict.now.pilot", { title: before.title, startDate: before.startDate, endDate: before.endDate, frequency: before.reportingFrequency }),
        );
        syncReportingPeriods(tx, input.id, input.fields.startDate, input.fields.endDate, input.fields.reportingFrequency);
        recordAudit(tx, actorOf(ctx), { entityType: "pilot", entityId: input.id, action: "change", before, after: input.fields, pilotId: input.id });
        return { id: input.id, coordinator: grantCoordinator(tx, ctx, { id: input.id, title: input.fields.title }, input.fields, before!.coordinatorEmail) };
      }),
    ),

  setArchived: procedure
    .meta(policy.setUp({ pilot: "id" }))
    .input(z.object({ id: z.number().int().positive(), archived: z.boolean() }).strict())
    .mutation(({ ctx, input }) =>
      ctx.db.transaction((tx) => {
        const outcome = tx
          .update(pilots)
          .set({ archivedAt: input.archived ? nowTimestamp() : null, version: sql`${pilots.version} + 1`, updatedAt: nowTimestamp() })
          .where(eq(pilots.id, input.id))
          .run();
        if (outcome.changes === 0) throw userError("NOT_FOUND", message("pilot.errors.notFound"));
        recordAudit(tx, actorOf(ctx), { entityType: "pilot", entityId: input.id, action: input.archived ? "archive" : "restore", pilotId: input.id });
        return { id: input.id, archived: input.archived };
      }),
    ),

  /** Everything the pilot page shows: indicators with progress, latest comments, chart series and periods. */
  page: procedure
    .meta(policy.read({ pilot: "id" }))
    .input(z.object({ id: z.number().int().positive(), asOf: asOfInput }).strict())
    .query(({ ctx, input }) => {
      const asOf = input.asOf ?? ctx.today();
      const pilot = ctx.db
        .select({ ...pilotColumns, projectName: projects.name, tolerancePercent: projects.tolerancePercent })
        .from(pilots)
        .innerJoin(projects, eq(projects.id, pilots.projectId))
        .where(eq(pilots.id, input.id))
        .get();
      if (!pilot) throw userError("NOT_FOUND", message("pilot.errors.notFound"));
      const [forProgress] = loadPilotsForProgress(ctx.db, { pilotIds: [pilot.id], includeArchived: true });
      const progressRows = computeIndicatorProgress(ctx.db, [forProgress!], asOf, false).get(pilot.id) ?? [];

      const periods = queryPilotPeriods(ctx.db, pilot.id);
      const lastStarted = periods.filter((p) => p.startDate <= asOf).at(-1)?.sequence ?? 0;
      const resultRows = queryPilotResultsUpTo(ctx.db, pilot.id, lastStarted, periods);
      const resultsByIndicator = groupBy(resultRows, (r) => r.indicatorId);
      const periodBySequence = new Map(periods.map((p) => [p.sequence, p]));
      const labelOf = (sequence: number) => {
        const period = periodBySequence.get(sequence);
        return translate(ctx.language, period ? periodLabel(period, pilot.reportingFrequency) : periodNumberLabel(sequence));
      };

      const registerByPeriod = groupBy(loadRegisterEntries(ctx.db, pilot.id), (e) => e.periodId);
      const fullIndicators = new Map(queryPilotIndicators(ctx.db, pilot.id).map((row) => [row.id, row]));
      // Register-linked indicators show who counts, from the latest period the register records.
      const registerPeriod = [...periods].reverse().find((p) => p.startDate <= asOf && registerByPeriod.has(p.id));
      const registerEntries = registerPeriod ? registerByPeriod.get(registerPeriod.id)! : [];
      const register = registerPeriod
        ? {
            periodLabel: labelOf(registerPeriod.sequence),
            ...registerShare(registerEntries),
            counted: registerEntries.filter(countsForInvolvement).map((e) => e.organisation),
            notCounted: registerEntries.filter((e) => !countsForInvolvement(e)).map((e) => e.organisation),
          }
        : null;
      const evidence = queryIndicatorEvidenceSummaries(ctx.db, [pilot.id], asOf);
      const goalRevisions = goalRevisionsOf(ctx.db, [...fullIndicators.values()]);
      const indicatorViews = progressRows.map(({ indicator: summary, progress, totals }) => {
        const indicator = fullIndicators.get(summary.id)!;
        const explanation = explainProgress(progress, indicator, pilot.tolerancePercent);
        const own = resultsByIndicator.get(indicator.id) ?? [];
        const comments = own
          .filter((r) => r.comment.trim() !== "")
          .reverse()
          .map((r) => ({ periodSequence: r.periodSequence, periodLabel: labelOf(r.periodSequence), comment: r.comment, enteredBy: r.enteredBy, enteredAt: r.enteredAt }));
        const projection = projectIndicator({ indicator, pilot, tolerancePercent: pilot.tolerancePercent, asOf, results: own });
        const lastReported = own.at(-1)?.periodSequence ?? 0;
        const signals = indicatorSignals({
          indicator,
          frequency: pilot.reportingFrequency,
          tolerancePercent: pilot.tolerancePercent,
          status: progress.status,
          current: progress.current,
          results: own,
          remainingPeriods: progress.isFinal ? 0 : periods.filter((p) => p.sequence > lastReported).length,
        });
        return {
          indicator,
          progress,
          explanation,
          /** The contracted goal and the reason, when the current goal is a revision of it (docs/decisions/022); the status is judged against the current one. */
          goalRevision: goalRevisions.get(indicator.id) ?? null,
          /** How the current result was made from the periods (sum, latest, mean, pooled or a plain mean): the page says which. */
          aggregation: totals.reportedCount === 0 ? null : aggregationOf(indicator, totals),
          /** Early warning: where the trend ends at the pilot's end (counts) or whether it worsens (scores, percentages). */
          projection,
          projectionText: describeProjection(projection, indicator),
          comments,
          /** Notes for managers and evaluators (docs/decisions/018): the interval, over-achievement, the pace still needed. */
          signals: signals.messages,
          interval: signals.interval,
          /** Unusual figures the coordinator confirmed, latest first. */
          confirmations: own
            .filter((r) => r.plausibilityConfirmation !== null)
            .reverse()
            .map((r) => ({ periodLabel: labelOf(r.periodSequence), enteredBy: r.enteredBy, messages: r.plausibilityConfirmation!.messages })),
          /** The latest result needs an explanation and has none. */
          explanationMissing: progress.needsExplanation && (own.at(-1)?.comment.trim() ?? "") === "",
          series: progressSeries(indicator, pilot, periods, own),
          /** For an indicator computed from the stakeholder register: which stakeholders count. */
          register: indicator.fromStakeholderRegister ? register : null,
          /** The reference sheet and the evidence by reported period (docs/decisions/019). */
          ...summaryOf(evidence, indicator.id),
        };
      });

      const reportedByPeriod = groupBy(resultRows, (r) => r.periodSequence);
      const reports = loadPeriodReports(
        ctx.db,
        periods.map((p) => p.id),
      );
      const indicatorCount = indicatorViews.length;
      return {
        asOf,
        pilot,
        statusCounts: countStatuses(indicatorViews.map((v) => v.progress.status)),
        indicators: indicatorViews,
        periods: periods.map((p) => ({
          id: p.id,
          sequence: p.sequence,
          startDate: p.startDate,
          endDate: p.endDate,
          label: translate(ctx.language, periodLabel(p, pilot.reportingFrequency)),
          isDue: p.endDate < asOf,
          hasStarted: p.startDate <= asOf,
          reportedCount: reportedByPeriod.get(p.sequence)?.length ?? 0,
          report: reports.get(p.id)!,
          indicatorCount,
        })),
        worstFirst: [...indicatorViews].sort((a, b) => statusSeverity[a.progress.status] - statusSeverity[b.progress.status]).map((v) => v.indicator.id),
      };
    }),
});
