import { and, eq, inArray, isNull } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { indicators, reportingPeriods } from "../../db/schema";
import { loadRegisterEntries } from "../../db/stakeholderRegister";
import { registerShare } from "../../shared/stakeholders";
import { writeResults, type ResultChange, type ResultWriteOutcome, type ResultWriteRequest } from "./results";

/**
 * The results of a pilot's register-linked indicators follow from its stakeholder register:
 * numerator = involved and continuing, denominator = mapped (active stakeholders with an entry); a
 * period whose register is empty has no result. Every register route (saving a period, archiving or
 * restoring a stakeholder, linking an indicator) calls this inside its own transaction, and the results
 * are written through the one door with the route "register" (docs/decisions/006, 013).
 */
export function writeRegisterResults(
  db: AppDatabase,
  request: Omit<ResultWriteRequest, "route" | "changes">,
  pilotId: number,
  periodIds: readonly number[],
  /** Stored with the result like a coordinator's comment; undefined keeps the comment each result has. */
  comment?: string,
): ResultWriteOutcome | null {
  if (periodIds.length === 0) return null;
  const linked = db
    .select({ id: indicators.id })
    .from(indicators)
    .where(and(eq(indicators.pilotId, pilotId), eq(indicators.fromStakeholderRegister, true), isNull(indicators.archivedAt)))
    .all()
    .map((i) => i.id);
  if (linked.length === 0) return null;
  const periods = db
    .select({ id: reportingPeriods.id })
    .from(reportingPeriods)
    .where(and(eq(reportingPeriods.pilotId, pilotId), inArray(reportingPeriods.id, [...periodIds])))
    .all();
  const entries = loadRegisterEntries(db, pilotId, periodIds);
  const changes: ResultChange[] = periods.flatMap((period) => {
    const share = registerShare(entries.filter((e) => e.periodId === period.id));
    const values = share.percentage === null ? null : { value: null, respondents: null, numerator: share.numerator, denominator: share.denominator };
    return linked.map((indicatorId) => ({ indicatorId, periodId: period.id, values, comment }));
  });
  return writeResults(db, { ...request, route: "register", changes });
}
