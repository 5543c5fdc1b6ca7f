import { and, eq, inArray, isNull, lte, or } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { periodReports, pilots, projects, reportingPeriods } from "../../db/schema";
import type { Clock } from "../../shared/clock";
import { addDays } from "../../shared/dates";
import { REMIND_BEFORE_DAYS, REPORTING_WINDOW_DAYS, reminderStep, reportDeadline } from "../../shared/todo";
import { enqueueNotice, holdersOf } from "./outbox";

/**
 * The daily reminder run: every period whose report is owed earns at most one reminder per step of
 * shared/todo.ts, per coordinator. The step is in the notice's key, so running twice a day, after a
 * restart or in two processes at once enqueues each reminder once (docs/decisions/020).
 */
export function enqueueReminders(db: AppDatabase, clock: Clock): number {
  const today = clock.today();
  // A period earns its first reminder REMIND_BEFORE_DAYS before its deadline: none ending later can.
  const latestEnd = addDays(today, REMIND_BEFORE_DAYS - REPORTING_WINDOW_DAYS);
  const owed = db
    .select({
      periodId: reportingPeriods.id,
      pilotId: reportingPeriods.pilotId,
      sequence: reportingPeriods.sequence,
      endDate: reportingPeriods.endDate,
      pilotTitle: pilots.title,
      state: periodReports.state,
    })
    .from(reportingPeriods)
    .innerJoin(pilots, eq(pilots.id, reportingPeriods.pilotId))
    .innerJoin(projects, eq(projects.id, pilots.projectId))
    .leftJoin(periodReports, eq(periodReports.periodId, reportingPeriods.id))
    .where(
      and(
        lte(reportingPeriods.endDate, latestEnd),
        isNull(pilots.archivedAt),
        isNull(projects.archivedAt),
        or(isNull(periodReports.state), inArray(periodReports.state, ["draft", "returned"])),
      ),
    )
    .all();
  let enqueued = 0;
  db.transaction((tx) => {
    for (const period of owed) {
      const step = reminderStep(period, period.state ?? "draft", today);
      if (!step) continue;
      const kind = step === "dueSoon" ? "dueSoon" : "overdue";
      for (const recipient of holdersOf(tx, "pilot_coordinator", period.pilotId)) {
        const isNew = enqueueNotice(tx, {
          kind,
          dedupeKey: `reminder:${period.periodId}:${step}:${recipient.id}`,
          recipient,
          payload: {
            pilot: period.pilotTitle,
            period: period.sequence,
            deadline: reportDeadline(period.endDate),
            path: `/pilots/${period.pilotId}/periods/${period.periodId}`,
          },
        });
        if (isNew) enqueued++;
      }
    }
  });
  return enqueued;
}
