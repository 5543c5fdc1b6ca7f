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

/** How long a submitted report waits before its managers are reminded (`REVIEW_REMINDER_HOURS`). */
export const DEFAULT_REVIEW_REMINDER_HOURS = 48;

/**
 * The managers of a pilot are reminded once of a report submitted more than `hours` ago and still
 * waiting: keyed by the report and the version the submission made, so a report returned and submitted
 * again earns a reminder of its own, and a run repeated (restart, second process) earns none.
 */
export function enqueueAwaitingReview(db: AppDatabase, clock: Clock, hours: number): number {
  const cutoff = new Date(clock.now().getTime() - hours * 3_600_000).toISOString();
  const waiting = db
    .select({
      reportId: periodReports.id,
      version: periodReports.version,
      submittedAt: periodReports.submittedAt,
      periodId: reportingPeriods.id,
      pilotId: reportingPeriods.pilotId,
      sequence: reportingPeriods.sequence,
      pilotTitle: pilots.title,
    })
    .from(periodReports)
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, periodReports.periodId))
    .innerJoin(pilots, eq(pilots.id, reportingPeriods.pilotId))
    .innerJoin(projects, eq(projects.id, pilots.projectId))
    .where(and(eq(periodReports.state, "submitted"), lte(periodReports.submittedAt, cutoff), isNull(pilots.archivedAt), isNull(projects.archivedAt)))
    .all();
  let enqueued = 0;
  db.transaction((tx) => {
    for (const report of waiting) {
      const days = Math.floor((clock.now().getTime() - new Date(report.submittedAt!).getTime()) / 86_400_000);
      for (const recipient of holdersOf(tx, "project_manager", report.pilotId)) {
        const isNew = enqueueNotice(tx, {
          kind: "awaitingReview",
          dedupeKey: `awaitingReview:${report.reportId}:${report.version}:${recipient.id}`,
          recipient,
          payload: { pilot: report.pilotTitle, period: report.sequence, days, hours, path: `/pilots/${report.pilotId}/periods/${report.periodId}` },
        });
        if (isNew) enqueued++;
      }
    }
  });
  return enqueued;
}
