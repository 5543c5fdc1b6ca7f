import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { indicators } from "../../db/schema";
import { groupBy } from "../../shared/collections";
import { periodLabel } from "../../shared/periods";
import { translate } from "../i18n";
import { emptyTotals } from "../../shared/progress";
import { message, type Message } from "../../shared/i18n/message";
import { appendToTotals, checkEnteredValues, contributionChange, missingExplanation, progressAtPeriodEndFromTotals, storedValueMessage, type StoredValues } from "../../shared/resultRules";
import { queryTotalsBeforePeriod } from "../queries/indicatorTotals";
import { queryPilotPeriods, queryPilotResultsUpTo } from "../queries/pilotPage";
import { insertResult, queryActiveIndicatorsOfPilot, queryIndicatorsWithLaterResults, queryPeriodContext, queryPeriodResults, shiftLaterTotals, updateResult } from "../queries/periodResults";
import { savePeriodResults } from "../../shared/schemas";
import { nowTimestamp } from "../clock";
import { policy } from "../access";
import { actorOf } from "../context";
import { recordAudit } from "../services/audit";
import { assertPeriodEditable, loadPeriodReport } from "../services/periodReports";
import { procedure, router } from "../trpc";
import { conflict, invalidInput, userError } from "../errors";
import type { AppDatabase } from "../../db/client";

function loadPeriodContext(db: AppDatabase, periodId: number) {
  const context = queryPeriodContext(db, periodId);
  if (!context) throw userError("NOT_FOUND", message("entry.errors.periodNotFound"));
  return context;
}

const sameValues = (a: StoredValues, b: StoredValues) =>
  a.value === b.value && a.respondents === b.respondents && a.numerator === b.numerator && a.denominator === b.denominator;

export const resultsRouter = router({
  /** The period form: every active indicator of the pilot, its result for this period if any, and the other periods' results for the live status preview. */
  periodForm: procedure.meta(policy.read({ period: "periodId" })).input(z.object({ periodId: z.number().int().positive() }).strict()).query(({ ctx, input }) => {
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
            .map(({ periodSequence, periodEndDate, value, respondents, numerator, denominator }) => ({ periodSequence, periodEndDate, value, respondents, numerator, denominator })),
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
  savePeriod: procedure.meta(policy.enterResults({ period: "periodId" })).input(savePeriodResults).mutation(({ ctx, input }) => {
    const enteredBy = ctx.user!.name;
    const actor = actorOf(ctx);
    // Checks and writes in one IMMEDIATE transaction: the totals the status check reads are the ones the write builds on.
    return ctx.db.transaction(
      (tx) => {
        const { period, pilot, project } = loadPeriodContext(ctx.db, input.periodId);
        if (pilot.archivedAt) throw userError("PRECONDITION_FAILED", message("entry.errors.pilotArchived"));
        if (period.startDate > ctx.today())
          throw invalidInput(message("entry.errors.periodNotStarted"), { periodId: message("entry.errors.enterFrom", { day: period.startDate }) });
        // Said first, so that nobody corrects values only to learn the period is locked.
        assertPeriodEditable(tx, period.id);

        const indicatorIds = input.entries.map((e) => e.indicatorId);
        const duplicates = indicatorIds.filter((id, i) => indicatorIds.indexOf(id) !== i);
        if (duplicates.length) throw invalidInput(message("entry.errors.indicatorTwice"), { entries: message("entry.errors.indicatorMoreThanOnce", { id: duplicates[0]! }) });
        const indicatorById = new Map(queryActiveIndicatorsOfPilot(ctx.db, pilot.id, indicatorIds).map((i) => [i.id, i]));

        const linkedIndex = input.entries.findIndex((e) => indicatorById.get(e.indicatorId)?.fromStakeholderRegister);
        if (linkedIndex >= 0) {
          const refusal = message("entry.errors.fromRegister", { name: indicatorById.get(input.entries[linkedIndex]!.indicatorId)!.name });
          throw invalidInput(refusal, { [`entries.${linkedIndex}.indicatorId`]: refusal });
        }

        const fieldErrors: Record<string, Message> = {};
        const totalsBefore = queryTotalsBeforePeriod(ctx.db, [...indicatorById.keys()], period.sequence);
        const checked = input.entries.map((entry, index) => {
          const indicator = indicatorById.get(entry.indicatorId);
          if (!indicator) {
            fieldErrors[`entries.${index}.indicatorId`] = message("entry.errors.indicatorNotInPilot");
            return null;
          }
          const check = checkEnteredValues(indicator, entry);
          if (!check.ok) {
            for (const [field, problem] of Object.entries(check.fieldErrors)) fieldErrors[`entries.${index}.${field}`] = problem;
            return null;
          }
          const before = totalsBefore.get(indicator.id) ?? emptyTotals;
          const progress = progressAtPeriodEndFromTotals({ indicator, pilot, tolerancePercent: project.tolerancePercent, period, values: check.values, totalsBefore: before });
          const explanation = missingExplanation(progress, entry.comment);
          if (explanation) fieldErrors[`entries.${index}.comment`] = explanation;
          return { entry, indicator, values: check.values, totals: appendToTotals(before, check.values, period.endDate) };
        });
        if (Object.keys(fieldErrors).length > 0) {
          const count = Object.keys(fieldErrors).length;
          throw invalidInput(message("entry.errors.valuesNeedAttention", { count }), fieldErrors);
        }

        const enteredAt = nowTimestamp();
        let saved = 0;
        let unchanged = 0;
        /** The version each result now has, so the form can go on editing without reloading. */
        const versions: Record<number, number> = {};
        const withLaterResults = queryIndicatorsWithLaterResults(ctx.db, pilot.id, period.sequence);
        const existingByIndicator = new Map(queryPeriodResults(ctx.db, period.id, [...indicatorById.keys()]).map((r) => [r.indicatorId, r]));
        for (const item of checked) {
          const { entry, indicator, values, totals } = item!;
          const existing = existingByIndicator.get(indicator.id);
          // The value the colleague saved is said in the reader's language inside the refusal.
          const staleMessage = existing
            ? message(existing.comment ? "entry.errors.changedMeanwhileWithComment" : "entry.errors.changedMeanwhile", {
                name: indicator.name,
                who: existing.enteredBy,
                at: existing.enteredAt.slice(0, 16).replace("T", " "),
                now: translate(ctx.language, storedValueMessage(indicator, existing)),
                comment: existing.comment,
              })
            : message("entry.errors.resultGone", { name: indicator.name });
          if ((existing?.version ?? null) !== entry.expectedVersion) throw conflict(staleMessage);
          const comment = entry.comment.trim();
          if (existing && sameValues(existing, values) && existing.comment === comment) {
            unchanged++;
            versions[indicator.id] = existing.version;
            continue;
          }
          const write = { values, comment, enteredBy, enteredAt, totals };
          const after = { ...values, comment, periodSequence: period.sequence };
          if (existing) {
            if (!updateResult(ctx.db, existing.id, existing.version, write)) throw conflict(staleMessage);
            const before = { value: existing.value, respondents: existing.respondents, numerator: existing.numerator, denominator: existing.denominator, comment: existing.comment, periodSequence: period.sequence };
            recordAudit(tx, actor, { entityType: "result", entityId: existing.id, action: "change", before, after, pilotId: pilot.id, indicatorId: indicator.id });
          } else {
            const createdId = insertResult(ctx.db, { indicatorId: indicator.id, periodId: period.id, pilotId: pilot.id, periodSequence: period.sequence }, write);
            recordAudit(tx, actor, { entityType: "result", entityId: createdId, action: "create", after, pilotId: pilot.id, indicatorId: indicator.id });
          }
          if (withLaterResults.has(indicator.id)) shiftLaterTotals(ctx.db, indicator.id, period.sequence, contributionChange(existing ?? null, values));
          versions[indicator.id] = (existing?.version ?? 0) + 1;
          saved++;
        }
        return { saved, unchanged, versions };
      },
      { behavior: "immediate" },
    );
  }),
});
