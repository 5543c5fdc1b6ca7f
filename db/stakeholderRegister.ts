import { and, eq, inArray, isNull } from "drizzle-orm";
import type { AppDatabase } from "./client";
import { stakeholderPeriods, stakeholders } from "./schema";

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

/** The periods in which a stakeholder has entries: those whose results change when it is archived or restored. */
export function periodsOfStakeholder(tx: Transaction | AppDatabase, stakeholderId: number): number[] {
  return tx
    .select({ periodId: stakeholderPeriods.periodId })
    .from(stakeholderPeriods)
    .where(eq(stakeholderPeriods.stakeholderId, stakeholderId))
    .all()
    .map((r) => r.periodId);
}
