import { and, asc, eq, gte, isNull, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import { evidenceChecks, periodReports, pilots, projects, reportingPeriods, resultComments, results } from "../../db/schema";
import { message } from "../../shared/i18n/message";
import { periodLabel } from "../../shared/periods";
import { translate } from "../i18n";
import { canTakeStep, needsComment, reviewSteps, submissionCheck, type ReviewStep } from "../../shared/review";
import { reviewTransition } from "../../shared/schemas";
import { uncheckedEvidence } from "../../shared/evidence";
import { queryPeriodEvidence } from "../queries/evidence";
import { isVisible, policy, visibleScope } from "../access";
import { actorOf, type Context } from "../context";
import { enqueueNotice, holdersOf } from "../notices/outbox";
import { recordAudit } from "../services/audit";
import { nowTimestamp } from "../clock";
import { loadPeriodReport, periodCompleteness } from "../services/periodReports";
import { procedure, router } from "../trpc";
import { conflict, invalidInput, notFound, userError } from "../errors";

const stepInput = reviewTransition.omit({ action: true });

/** One workflow step in one transaction: state check, version check, the step's own rules, the change and its audit line. */
function takeStep(
  ctx: Context,
  step: ReviewStep,
  input: { periodId: number; version: number; comment: string; confirmIncomplete: boolean; evidenceChecked?: number[]; evidenceNote?: string },
) {
  const comment = input.comment.trim();
  if (needsComment(step) && comment === "") {
    const missing = message(step === "return" ? "reviews.sayWhatToCorrect" : "reviews.giveReopenReason");
    throw invalidInput(missing, { comment: missing });
  }
  return ctx.db.transaction((tx) => {
    const period = tx.select().from(reportingPeriods).where(eq(reportingPeriods.id, input.periodId)).get();
    if (!period) throw notFound(message("shell.notFound.reportingPeriod"));
    const before = loadPeriodReport(tx, period.id);
    if (before.version !== input.version)
      throw conflict(
        before.lastTransitionBy
          ? message("reviews.changedByOthersNamed", { state: before.state, name: before.lastTransitionBy })
          : message("reviews.changedByOthers", { state: before.state }),
      );
    if (!canTakeStep(step, before.state)) throw userError("PRECONDITION_FAILED", message("reviews.stepNotAllowed", { state: before.state, step }));
    // Read in the step's transaction, so that what was checked is what gets submitted.
    const completeness = step === "submit" ? periodCompleteness(ctx.db, period.id) : null;
    if (completeness) {
      const check = submissionCheck(completeness, input.confirmIncomplete);
      if (check === "empty") throw userError("PRECONDITION_FAILED", message("reviews.nothingToSubmit"));
      if (check === "needsConfirmation")
        throw invalidInput(
          message("reviews.incompleteNeedsConfirmation", { count: completeness.missing.length, names: completeness.missing.map((i) => `"${i.name}"`).join(", ") }),
          { confirmIncomplete: message("reviews.confirmIncompleteRequired") },
        );
    }
    const evidenceNote = (input.evidenceNote ?? "").trim();
    if (step === "approve") {
      // Approving ties the reviewer to the evidence: each indicator expecting or having evidence is
      // ticked as checked, or a note says what is pending (docs/decisions/019-evidence.md).
      const toCheck = queryPeriodEvidence(ctx.db, period.id)
        .filter((item) => item.hasResult)
        .map((item) => ({ indicatorId: item.indicatorId, name: item.name, status: item.status }));
      const unchecked = uncheckedEvidence(toCheck, input.evidenceChecked ?? [], evidenceNote);
      if (unchecked.length > 0) {
        const refusal = message("evidence.review.uncheckedRefusal", { count: unchecked.length, names: unchecked.map((i) => `"${i.name}"`).join(", ") });
        throw invalidInput(refusal, { evidenceChecked: refusal });
      }
      const checkedAt = nowTimestamp();
      const checkable = new Set(toCheck.filter((i) => i.status !== "notExpected").map((i) => i.indicatorId));
      for (const indicatorId of new Set(input.evidenceChecked ?? [])) {
        if (!checkable.has(indicatorId)) continue;
        tx.insert(evidenceChecks)
          .values({ periodId: period.id, indicatorId, checkedById: ctx.user!.id, checkedBy: ctx.user!.name, checkedAt })
          .onConflictDoUpdate({ target: [evidenceChecks.periodId, evidenceChecks.indicatorId], set: { checkedById: ctx.user!.id, checkedBy: ctx.user!.name, checkedAt } })
          .run();
      }
    }
    if (step === "withdraw" && reviewerHasReplied(ctx, period.id, before.submittedAt)) throw userError("PRECONDITION_FAILED", message("reviews.withdrawAfterReview"));
    const at = nowTimestamp();
    const change = {
      state: reviewSteps[step].to,
      lastTransitionBy: ctx.user!.id,
      lastTransitionAt: at,
      ...(step === "submit" ? { submittedAt: at } : {}),
      ...(step === "return" ? { returnComment: comment } : {}),
      ...(step === "reopen" ? { reopenReason: comment } : {}),
      ...(step === "approve" ? { evidenceNote } : {}),
    };
    const row =
      before.version === 0
        ? tx
            .insert(periodReports)
            .values({ periodId: period.id, pilotId: period.pilotId, ...change })
            .returning()
            .get()
        : tx
            .update(periodReports)
            .set({ ...change, version: sql`${periodReports.version} + 1` })
            .where(and(eq(periodReports.periodId, period.id), eq(periodReports.version, input.version)))
            .returning()
            .get()!;
    recordAudit(tx, actorOf(ctx), {
      entityType: "period_report",
      entityId: row.id,
      action: step,
      before: { state: before.state },
      after: {
        state: row.state,
        ...(comment ? { comment } : {}),
        ...(step === "approve" && input.evidenceChecked?.length ? { evidenceChecked: input.evidenceChecked.length } : {}),
        ...(step === "approve" && evidenceNote ? { evidenceNote } : {}),
        periodSequence: period.sequence,
        // The reviewer, and the history, keep what was missing when it was submitted.
        ...(completeness
          ? {
              reported: completeness.reported,
              expected: completeness.expected,
              ...(completeness.missing.length ? { missing: completeness.missing.map((i) => i.name).join(", ") } : {}),
            }
          : {}),
      },
      pilotId: period.pilotId,
    });
    tellOfStep(tx, step, { reportId: row.id, version: row.version, period, comment });
    return { state: row.state, version: row.version };
  });
}

/** Who hears of a step (docs/decisions/020): reviewers of a submission, coordinators of a return or an approval. */
const noticeOfStep: Partial<Record<ReviewStep, { kind: "submitted" | "returned" | "approved"; to: "project_manager" | "pilot_coordinator" }>> = {
  submit: { kind: "submitted", to: "project_manager" },
  return: { kind: "returned", to: "pilot_coordinator" },
  approve: { kind: "approved", to: "pilot_coordinator" },
};

/** Puts the step's notices in the outbox, in the step's transaction: a step rolled back tells nobody. */
function tellOfStep(
  tx: Parameters<Parameters<Context["db"]["transaction"]>[0]>[0],
  step: ReviewStep,
  fact: { reportId: number; version: number; period: { id: number; pilotId: number; sequence: number }; comment: string },
) {
  const notice = noticeOfStep[step];
  if (!notice) return;
  const pilot = tx.select({ title: pilots.title }).from(pilots).where(eq(pilots.id, fact.period.pilotId)).get();
  for (const recipient of holdersOf(tx, notice.to, fact.period.pilotId))
    enqueueNotice(tx, {
      kind: notice.kind,
      dedupeKey: `${notice.kind}:${fact.reportId}:${fact.version}:${recipient.id}`,
      recipient,
      payload: {
        pilot: pilot?.title ?? "",
        period: fact.period.sequence,
        comment: fact.comment,
        path: step === "submit" ? "/reviews" : `/pilots/${fact.period.pilotId}/periods/${fact.period.id}`,
      },
    });
}

/**
 * Whether someone other than the person withdrawing replied on one of the period's results since it was
 * submitted: the review has begun, and withdrawing would pull the report from under the reviewer.
 */
function reviewerHasReplied(ctx: Context, periodId: number, submittedAt: string | null): boolean {
  if (submittedAt === null) return false;
  const reply = ctx.db
    .select({ id: resultComments.id })
    .from(resultComments)
    .innerJoin(results, eq(results.id, resultComments.resultId))
    .where(and(eq(results.periodId, periodId), gte(resultComments.at, submittedAt), or(isNull(resultComments.authorId), ne(resultComments.authorId, ctx.user!.id))))
    .limit(1)
    .get();
  return reply !== undefined;
}

export const reviewsRouter = router({
  submit: procedure
    .meta(policy.enterResults({ period: "periodId" }))
    .input(stepInput)
    .mutation(({ ctx, input }) => takeStep(ctx, "submit", input)),
  /** Back to draft before any reviewer acted: the coordinator found something to correct. */
  withdraw: procedure
    .meta(policy.enterResults({ period: "periodId" }))
    .input(stepInput)
    .mutation(({ ctx, input }) => takeStep(ctx, "withdraw", input)),
  return: procedure
    .meta(policy.review({ period: "periodId" }))
    .input(stepInput)
    .mutation(({ ctx, input }) => takeStep(ctx, "return", input)),
  approve: procedure
    .meta(policy.review({ period: "periodId" }))
    .input(stepInput)
    .mutation(({ ctx, input }) => takeStep(ctx, "approve", input)),
  reopen: procedure
    .meta(policy.review({ period: "periodId" }))
    .input(stepInput)
    .mutation(({ ctx, input }) => takeStep(ctx, "reopen", input)),

  /** What the review page shows above the results: n of m indicators reported, which are missing, which lack an explanation. */
  completeness: procedure
    .meta(policy.read({ period: "periodId" }))
    .input(z.object({ periodId: z.number().int().positive() }).strict())
    .query(({ ctx, input }) => {
      const period = ctx.db.select({ id: reportingPeriods.id }).from(reportingPeriods).where(eq(reportingPeriods.id, input.periodId)).get();
      if (!period) throw notFound(message("shell.notFound.reportingPeriod"));
      return periodCompleteness(ctx.db, period.id);
    }),

  /** The manager's queue: submitted reports of the pilots they review, oldest first, with how complete each is. */
  queue: procedure.meta(policy.review("visible")).query(({ ctx }) => {
    const scope = visibleScope(ctx, "review");
    return ctx.db
      .select({
        report: periodReports,
        period: reportingPeriods,
        pilot: { id: pilots.id, projectId: pilots.projectId, title: pilots.title, reportingFrequency: pilots.reportingFrequency },
        projectName: projects.name,
      })
      .from(periodReports)
      .innerJoin(reportingPeriods, eq(reportingPeriods.id, periodReports.periodId))
      .innerJoin(pilots, eq(pilots.id, periodReports.pilotId))
      .innerJoin(projects, eq(projects.id, pilots.projectId))
      .where(eq(periodReports.state, "submitted"))
      .orderBy(asc(periodReports.submittedAt))
      .all()
      .filter((row) => isVisible(scope, row.pilot))
      .map(({ report, period, pilot, projectName }) => ({
        periodId: period.id,
        pilotId: pilot.id,
        pilotTitle: pilot.title,
        projectName,
        periodLabel: translate(ctx.language, periodLabel(period, pilot.reportingFrequency)),
        submittedAt: report.submittedAt,
        version: report.version,
        completeness: periodCompleteness(ctx.db, period.id),
      }));
  }),
});
