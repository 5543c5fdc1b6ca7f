import { TRPCError } from "@trpc/server";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { refreshCumulativeTotals } from "../../db/cumulativeTotals";
import { indicators, pilots, projects, reportingPeriods, results } from "../../db/schema";
import { groupBy } from "../../shared/collections";
import { periodLabel } from "../../shared/periods";
import { emptyTotals } from "../../shared/progress";
import { checkEnteredValues, progressAtPeriodEndFromTotals, type StoredValues } from "../../shared/resultRules";
import { queryTotalsBeforePeriod } from "../queries/indicatorTotals";
import { savePeriodResults } from "../../shared/schemas";
import { nowTimestamp } from "../services/optimisticUpdate";
import { policy } from "../access";
import { actorOf } from "../context";
import { recordAudit } from "../services/audit";
import { assertPeriodEditable, loadPeriodReport } from "../services/periodReports";
import { formatStoredValue } from "../../shared/resultRules";
import { conflict, invalidInput, notFound, procedure, router } from "../trpc";
import type { AppDatabase } from "../../db/client";

function loadPeriodContext(db: AppDatabase, periodId: number) {
  const row = db
    .select({
      period: reportingPeriods,
      pilot: {
        id: pilots.id,
        title: pilots.title,
        startDate: pilots.startDate,
        endDate: pilots.endDate,
        reportingFrequency: pilots.reportingFrequency,
        archivedAt: pilots.archivedAt,
        isFictional: pilots.isFictional,
      },
      project: { id: projects.id, name: projects.name, tolerancePercent: projects.tolerancePercent },
    })
    .from(reportingPeriods)
    .innerJoin(pilots, eq(pilots.id, reportingPeriods.pilotId))
    .innerJoin(projects, eq(projects.id, pilots.projectId))
    .where(eq(reportingPeriods.id, periodId))
    .get();
  if (!row) throw notFound("The reporting period");
  return row;
}

interface PeriodFormResultRow {
  id: number;
  indicatorId: number;
  periodId: number;
  periodSequence: number;
  periodEndDate: string;
  value: number;
  respondents: number | null;
  numerator: number | null;
  denominator: number | null;
  comment: string;
  enteredBy: string;
  enteredAt: string;
  version: number;
}

/** The pilot's results up to a period: the form needs this period's and the earlier ones (for its preview). */
function loadResultsUpTo(db: AppDatabase, pilotId: number, sequence: number): PeriodFormResultRow[] {
  // Raw SQL on this hot path: the form is opened far more often than anything else is written.
  return db.$client
    .prepare(
      `SELECT r.id, r.indicator_id AS indicatorId, r.period_id AS periodId, r.period_sequence AS periodSequence, p.end_date AS periodEndDate,
              r.value, r.respondents, r.numerator, r.denominator, r.comment, r.entered_by AS enteredBy, r.entered_at AS enteredAt, r.version
       FROM results r JOIN reporting_periods p ON p.id = r.period_id
       WHERE r.pilot_id = ? AND r.period_sequence <= ?
       ORDER BY r.period_sequence`,
    )
    .all(pilotId, sequence) as PeriodFormResultRow[];
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
    const byIndicator = groupBy(loadResultsUpTo(ctx.db, pilot.id, period.sequence), (r) => r.indicatorId);
    const allPeriods = ctx.db.select().from(reportingPeriods).where(eq(reportingPeriods.pilotId, pilot.id)).orderBy(asc(reportingPeriods.sequence)).all();
    return {
      period: { ...period, label: periodLabel(period, pilot.reportingFrequency), isDue: period.endDate < ctx.today() },
      report: loadPeriodReport(ctx.db, period.id),
      periods: allPeriods.map((p) => ({ id: p.id, sequence: p.sequence, label: periodLabel(p, pilot.reportingFrequency) })),
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
    const { period, pilot, project } = loadPeriodContext(ctx.db, input.periodId);
    if (pilot.archivedAt) throw new TRPCError({ code: "PRECONDITION_FAILED", message: "This pilot is archived: restore it before entering results." });
    if (period.startDate > ctx.today()) throw invalidInput("This period has not started yet.", { periodId: `Results can be entered from ${period.startDate}.` });
    // Said first, so that nobody corrects values only to learn the period is locked; checked again in the transaction.
    assertPeriodEditable(ctx.db, period.id);

    const indicatorIds = input.entries.map((e) => e.indicatorId);
    const duplicates = indicatorIds.filter((id, i) => indicatorIds.indexOf(id) !== i);
    if (duplicates.length) throw invalidInput("An indicator appears twice in the form.", { entries: `Indicator ${duplicates[0]} appears more than once.` });
    const indicatorById = new Map(
      ctx.db
        .select()
        .from(indicators)
        .where(and(inArray(indicators.id, indicatorIds), eq(indicators.pilotId, pilot.id), isNull(indicators.archivedAt)))
        .all()
        .map((i) => [i.id, i]),
    );

    const fieldErrors: Record<string, string> = {};
    const totalsBefore = queryTotalsBeforePeriod(ctx.db, [...indicatorById.keys()], period.sequence);
    const checked = input.entries.map((entry, index) => {
      const indicator = indicatorById.get(entry.indicatorId);
      if (!indicator) {
        fieldErrors[`entries.${index}.indicatorId`] = "This indicator does not belong to the pilot, or is archived.";
        return null;
      }
      const check = checkEnteredValues(indicator, entry);
      if (!check.ok) {
        for (const [field, message] of Object.entries(check.fieldErrors)) fieldErrors[`entries.${index}.${field}`] = message;
        return null;
      }
      const progress = progressAtPeriodEndFromTotals({
        indicator,
        pilot,
        tolerancePercent: project.tolerancePercent,
        period,
        values: check.values,
        totalsBefore: totalsBefore.get(indicator.id) ?? emptyTotals,
      });
      if (progress.needsExplanation && entry.comment.trim() === "") {
        fieldErrors[`entries.${index}.comment`] = "This result is below its goal or expected progress: explain the factors behind it.";
      }
      return { entry, indicator, values: check.values };
    });
    if (Object.keys(fieldErrors).length > 0) {
      const count = Object.keys(fieldErrors).length;
      throw invalidInput(`Nothing was saved: ${count} value${count === 1 ? " needs" : "s need"} attention.`, fieldErrors);
    }

    const enteredAt = nowTimestamp();
    const enteredBy = ctx.user!.name;
    const actor = actorOf(ctx);
    return ctx.db.transaction((tx) => {
      assertPeriodEditable(tx, period.id);
      let saved = 0;
      let unchanged = 0;
      /** The version each result now has, so the form can go on editing without reloading. */
      const versions: Record<number, number> = {};
      // Read inside the transaction, so that the version check and the write see the same rows.
      const existingByIndicator = new Map(
        tx.select().from(results).where(and(eq(results.periodId, period.id), inArray(results.indicatorId, [...indicatorById.keys()]))).all().map((r) => [r.indicatorId, r]),
      );
      for (const item of checked) {
        const { entry, indicator, values } = item!;
        const existing = existingByIndicator.get(indicator.id);
        if ((existing?.version ?? null) !== entry.expectedVersion) {
          throw conflict(
            existing
              ? `"${indicator.name}" was changed by ${existing.enteredBy} at ${existing.enteredAt.slice(0, 16).replace("T", " ")} after you opened the form: it is now ${formatStoredValue(indicator, existing)}${existing.comment ? ` ("${existing.comment}")` : ""}. Nothing was saved: reload to see their values.`
              : `"${indicator.name}" no longer has the result you opened. Nothing was saved: reload the form.`,
          );
        }
        const comment = entry.comment.trim();
        if (existing && sameValues(existing, values) && existing.comment === comment) {
          unchanged++;
          versions[indicator.id] = existing.version;
          continue;
        }
        versions[indicator.id] = (existing?.version ?? 0) + 1;
        const after = { ...values, comment, periodSequence: period.sequence };
        if (existing) {
          tx.update(results)
            .set({ ...values, comment, enteredBy, enteredAt, version: sql`${results.version} + 1` })
            .where(and(eq(results.id, existing.id), eq(results.version, existing.version)))
            .run();
          const before = { value: existing.value, respondents: existing.respondents, numerator: existing.numerator, denominator: existing.denominator, comment: existing.comment, periodSequence: period.sequence };
          recordAudit(tx, actor, { entityType: "result", entityId: existing.id, action: "change", before, after, pilotId: pilot.id, indicatorId: indicator.id });
        } else {
          const created = tx
            .insert(results)
            .values({ ...values, comment, indicatorId: indicator.id, periodId: period.id, pilotId: pilot.id, periodSequence: period.sequence, enteredBy, enteredAt })
            .returning({ id: results.id })
            .get();
          recordAudit(tx, actor, { entityType: "result", entityId: created.id, action: "create", after, pilotId: pilot.id, indicatorId: indicator.id });
        }
        saved++;
      }
      refreshCumulativeTotals(tx, checked.map((item) => item!.indicator.id), period.sequence);
      return { saved, unchanged, versions };
    });
  }),
});
