import { and, asc, desc, eq, or } from "drizzle-orm";
import { z } from "zod";
import { auditLog, indicators, pilots, reportingPeriods, resultComments, results } from "../../db/schema";
import { message } from "../../shared/i18n/message";
import { periodLabel } from "../../shared/periods";
import { resultCommentInput } from "../../shared/schemas";
import { policy } from "../access";
import { actorOf } from "../context";
import type { AppDatabase } from "../../db/client";
import { recordAudit } from "../services/audit";
import { nowTimestamp } from "../clock";
import { translate } from "../i18n";
import { procedure, router } from "../trpc";
import { revisionsByIndicator } from "../queries/indicatorRevisions";
import { countsAsRevision, goalRevisionOf } from "../../shared/revisions";
import { userError } from "../errors";

const id = z.number().int().positive();

type AuditRow = typeof auditLog.$inferSelect;
const parseJson = (text: string | null): Record<string, unknown> | null => (text === null ? null : (JSON.parse(text) as Record<string, unknown>));
const entryView = (row: AuditRow) => ({ ...row, before: parseJson(row.before), after: parseJson(row.after) });

function loadResult(db: AppDatabase, resultId: number) {
  const row = db
    .select({ result: results, indicator: indicators, period: reportingPeriods, frequency: pilots.reportingFrequency, pilotTitle: pilots.title, projectId: pilots.projectId })
    .from(results)
    .innerJoin(indicators, eq(indicators.id, results.indicatorId))
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, results.periodId))
    .innerJoin(pilots, eq(pilots.id, results.pilotId))
    .where(eq(results.id, resultId))
    .get();
  if (!row) throw userError("NOT_FOUND", message("history.errors.resultNotFound"));
  return row;
}

/** The thread of a result: its explanation (the result's own comment) first, then the replies. */
function threadOf(db: AppDatabase, result: typeof results.$inferSelect) {
  const replies = db.select().from(resultComments).where(eq(resultComments.resultId, result.id)).orderBy(asc(resultComments.at), asc(resultComments.id)).all();
  const explanation = result.comment.trim() ? [{ id: 0, kind: "explanation" as const, authorName: result.enteredBy, at: result.enteredAt, body: result.comment }] : [];
  return [...explanation, ...replies.map((r) => ({ id: r.id, kind: "reply" as const, authorName: r.authorName, at: r.at, body: r.body }))];
}

export const historyRouter = router({
  /** One result: its value, the conversation about it, and every change with the value before and after. */
  result: procedure
    .meta(policy.read({ result: "resultId" }))
    .input(z.object({ resultId: id }).strict())
    .query(({ ctx, input }) => {
      const { result, indicator, period, frequency, pilotTitle, projectId } = loadResult(ctx.db, input.resultId);
      const entries = ctx.db
        .select()
        .from(auditLog)
        .where(or(and(eq(auditLog.entityType, "result"), eq(auditLog.entityId, result.id)), and(eq(auditLog.entityType, "result_comment"), eq(auditLog.indicatorId, indicator.id))))
        .orderBy(desc(auditLog.id))
        .all()
        .filter((row) => row.entityType === "result" || parseJson(row.after)?.resultId === result.id)
        .map(entryView);
      return {
        result,
        indicator,
        pilotTitle,
        projectId,
        period: { ...period, label: translate(ctx.language, periodLabel(period, frequency)) },
        thread: threadOf(ctx.db, result),
        entries,
      };
    }),

  /** One indicator: changes to its set-up and to every one of its results, newest first. */
  indicator: procedure
    .meta(policy.read({ indicator: "indicatorId" }))
    .input(z.object({ indicatorId: id }).strict())
    .query(({ ctx, input }) => {
      const indicator = ctx.db.select().from(indicators).where(eq(indicators.id, input.indicatorId)).get();
      if (!indicator) throw userError("NOT_FOUND", message("indicatorForm.errors.notFound"));
      const pilot = ctx.db
        .select({ id: pilots.id, title: pilots.title, reportingFrequency: pilots.reportingFrequency })
        .from(pilots)
        .where(eq(pilots.id, indicator.pilotId))
        .get()!;
      const periods = ctx.db
        .select({ resultId: results.id, period: reportingPeriods })
        .from(results)
        .innerJoin(reportingPeriods, eq(reportingPeriods.id, results.periodId))
        .where(eq(results.indicatorId, indicator.id))
        .orderBy(asc(results.periodSequence))
        .all();
      const entries = ctx.db.select().from(auditLog).where(eq(auditLog.indicatorId, indicator.id)).orderBy(desc(auditLog.id)).all().map(entryView);
      const revisions = revisionsByIndicator(ctx.db, [indicator.id]).get(indicator.id) ?? [];
      return {
        indicator,
        pilot,
        /** Every change of goal, baseline or milestones with its reason, oldest first; corrections of errors say so. */
        revisions: revisions.map((r) => ({ ...r, countsAsRevision: countsAsRevision(r.reasonCode) })),
        goalRevision: goalRevisionOf(indicator.goal, revisions),
        results: periods.map((p) => ({ resultId: p.resultId, sequence: p.period.sequence, label: translate(ctx.language, periodLabel(p.period, pilot.reportingFrequency)) })),
        entries,
      };
    }),

  /** Everything that happened in a pilot, oldest first: the evaluators' export of the audit trail. */
  pilot: procedure
    .meta(policy.read({ pilot: "pilotId" }))
    .input(z.object({ pilotId: id }).strict())
    .query(({ ctx, input }) => {
      const pilot = ctx.db.select({ id: pilots.id, title: pilots.title, reportingFrequency: pilots.reportingFrequency }).from(pilots).where(eq(pilots.id, input.pilotId)).get();
      if (!pilot) throw userError("NOT_FOUND", message("pilot.errors.notFound"));
      // The names a reader needs to follow the trail: whose result, which period (archived indicators too).
      const indicatorNames = ctx.db.select({ id: indicators.id, name: indicators.name }).from(indicators).where(eq(indicators.pilotId, pilot.id)).orderBy(asc(indicators.id)).all();
      const periods = ctx.db.select().from(reportingPeriods).where(eq(reportingPeriods.pilotId, pilot.id)).orderBy(asc(reportingPeriods.sequence)).all();
      return {
        pilot: { id: pilot.id, title: pilot.title },
        indicators: indicatorNames,
        periods: periods.map((period) => ({ sequence: period.sequence, label: translate(ctx.language, periodLabel(period, pilot.reportingFrequency)) })),
        entries: ctx.db.select().from(auditLog).where(eq(auditLog.pilotId, pilot.id)).orderBy(asc(auditLog.id)).all(),
      };
    }),

  /** Adds a reply to a result's thread (a manager's question, the coordinator's answer). */
  addComment: procedure
    .meta(policy.comment({ result: "resultId" }))
    .input(resultCommentInput)
    .mutation(({ ctx, input }) =>
      ctx.db.transaction((tx) => {
        const result = tx.select({ id: results.id, pilotId: results.pilotId, indicatorId: results.indicatorId }).from(results).where(eq(results.id, input.resultId)).get();
        if (!result) throw userError("NOT_FOUND", message("history.errors.resultNotFound"));
        const actor = actorOf(ctx);
        const created = tx
          .insert(resultComments)
          .values({ resultId: result.id, authorId: actor.id, authorName: actor.name, at: nowTimestamp(), body: input.body })
          .returning()
          .get();
        recordAudit(tx, actor, {
          entityType: "result_comment",
          entityId: created.id,
          action: "comment",
          after: { resultId: result.id, body: input.body },
          pilotId: result.pilotId,
          indicatorId: result.indicatorId,
        });
        return { id: created.id };
      }),
    ),
});
