import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { AppDatabase } from "./client";
import { refreshCumulativeTotals } from "./cumulativeTotals";
import { indicators, reportingPeriods, results, stakeholderPeriods, stakeholders } from "./schema";
import { registerShare } from "../shared/stakeholders";

type Transaction = Parameters<Parameters<AppDatabase["transaction"]>[0]>[0];

/** The register's entries of active stakeholders in the given periods of a pilot. */
export function loadRegisterEntries(db: Transaction | AppDatabase, pilotId: number, periodIds?: readonly number[]) {
  return db
    .select({
      periodId: stakeholderPeriods.periodId,
      stakeholderId: stakeholderPeriods.stakeholderId,
      organisation: stakeholders.organisation,
      involved: stakeholderPeriods.involved,
      plansToContinue: stakeholderPeriods.plansToContinue,
      enteredBy: stakeholderPeriods.enteredBy,
      enteredAt: stakeholderPeriods.enteredAt,
    })
    .from(stakeholderPeriods)
    .innerJoin(stakeholders, eq(stakeholders.id, stakeholderPeriods.stakeholderId))
    .where(and(eq(stakeholders.pilotId, pilotId), isNull(stakeholders.archivedAt), periodIds ? inArray(stakeholderPeriods.periodId, [...periodIds]) : undefined))
    .orderBy(stakeholders.organisation)
    .all();
}

/**
 * Writes the results of the pilot's register-linked indicators for the given periods from the register:
 * numerator = involved and continuing, denominator = mapped (active stakeholders with an entry). A period
 * whose register is empty has no result. Call it inside the transaction that changed the register, so the
 * indicator never disagrees with it; it refreshes the running totals itself.
 */
export function writeRegisterResults(
  tx: Transaction,
  pilotId: number,
  periodIds: readonly number[],
  author: { enteredBy: string; enteredAt: string; comment?: string },
): void {
  if (periodIds.length === 0) return;
  const linked = tx
    .select({ id: indicators.id })
    .from(indicators)
    .where(and(eq(indicators.pilotId, pilotId), eq(indicators.fromStakeholderRegister, true), isNull(indicators.archivedAt)))
    .all()
    .map((i) => i.id);
  if (linked.length === 0) return;
  const periods = tx.select().from(reportingPeriods).where(and(eq(reportingPeriods.pilotId, pilotId), inArray(reportingPeriods.id, [...periodIds]))).all();
  const entries = loadRegisterEntries(tx, pilotId, periodIds);
  for (const period of periods) {
    const share = registerShare(entries.filter((e) => e.periodId === period.id));
    for (const indicatorId of linked) {
      const existing = tx.select().from(results).where(and(eq(results.indicatorId, indicatorId), eq(results.periodId, period.id))).get();
      if (share.percentage === null) {
        if (existing) tx.delete(results).where(eq(results.id, existing.id)).run();
        continue;
      }
      const values = { value: share.percentage, respondents: null, numerator: share.numerator, denominator: share.denominator };
      const comment = author.comment?.trim() ?? existing?.comment ?? "";
      if (existing) {
        tx.update(results)
          .set({ ...values, comment, enteredBy: author.enteredBy, enteredAt: author.enteredAt, version: sql`${results.version} + 1` })
          .where(eq(results.id, existing.id))
          .run();
      } else {
        tx.insert(results)
          .values({ ...values, comment, indicatorId, periodId: period.id, pilotId, periodSequence: period.sequence, enteredBy: author.enteredBy, enteredAt: author.enteredAt })
          .run();
      }
    }
  }
  const fromSequence = Math.min(...periods.map((p) => p.sequence));
  refreshCumulativeTotals(tx, linked, Number.isFinite(fromSequence) ? fromSequence : 0);
}

/** The periods in which a stakeholder has entries: those whose results change when it is archived or restored. */
export function periodsOfStakeholder(tx: Transaction, stakeholderId: number): number[] {
  return tx
    .select({ periodId: stakeholderPeriods.periodId })
    .from(stakeholderPeriods)
    .where(eq(stakeholderPeriods.stakeholderId, stakeholderId))
    .all()
    .map((r) => r.periodId);
}
