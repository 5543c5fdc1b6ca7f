import { asc, eq, inArray, sql } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { periodReports, pilots, reportingPeriods } from "../../db/schema";
import type { IsoDate } from "../../shared/dates";
import type { Message } from "../../shared/i18n/message";
import { periodLabel } from "../../shared/periods";
import { periodDuty } from "../../shared/todo";

export interface OverdueReport {
  periodId: number;
  pilot: { id: number; title: string; projectName: string; isFictional: boolean };
  periodLabel: Message;
  deadline: IsoDate;
  daysLate: number;
  state: "draft" | "returned";
  /** Nothing entered for the period yet: the report is missing, not only late. */
  missing: boolean;
}

/**
 * The reports of these pilots past their deadline on `today`, by the same rule as the to-do page and the
 * reminders (periodDuty, shared/todo.ts), longest overdue first.
 */
export function overdueReports(db: AppDatabase, pilotList: readonly { id: number; title: string; projectName: string; isFictional: boolean }[], today: IsoDate): OverdueReport[] {
  if (pilotList.length === 0) return [];
  const byId = new Map(pilotList.map((p) => [p.id, p]));
  return db
    .select({
      period: reportingPeriods,
      state: periodReports.state,
      frequency: pilots.reportingFrequency,
      entered: sql<number>`EXISTS (SELECT 1 FROM results r WHERE r.period_id = ${reportingPeriods.id})`,
    })
    .from(reportingPeriods)
    .innerJoin(pilots, eq(pilots.id, reportingPeriods.pilotId))
    .leftJoin(periodReports, eq(periodReports.periodId, reportingPeriods.id))
    .where(inArray(reportingPeriods.pilotId, [...byId.keys()]))
    .orderBy(asc(reportingPeriods.endDate), asc(reportingPeriods.id))
    .all()
    .flatMap(({ period, state, frequency, entered }) => {
      const owed = state ?? "draft";
      const duty = periodDuty(period, owed, today);
      if (duty?.kind !== "overdue") return [];
      const pilot = byId.get(period.pilotId)!;
      return [
        {
          periodId: period.id,
          pilot: { id: pilot.id, title: pilot.title, projectName: pilot.projectName, isFictional: pilot.isFictional },
          periodLabel: periodLabel(period, frequency),
          deadline: duty.deadline,
          daysLate: duty.daysLate,
          state: owed as "draft" | "returned",
          missing: !entered,
        },
      ];
    });
}
