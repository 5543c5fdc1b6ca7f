import { addDays, daysInclusive, type IsoDate } from "./dates";
import type { ReviewState } from "./domain";

/**
 * When a period's report is due, and which reminders it earns (docs/decisions/020-people-and-reminders.md).
 * A report is due REPORTING_WINDOW_DAYS after its period ends: the coordinator needs the period's last
 * days' figures. Pure rules: the to-do page and the reminder run both read them, so that the page and
 * the e-mails never disagree.
 */
export const REPORTING_WINDOW_DAYS = 30;

/** Whole days from `from` to `to` (0 on the same day, negative when `to` is earlier). */
const daysBetween = (from: IsoDate, to: IsoDate) => daysInclusive(from, to) - 1;
/** A period appears on the to-do page this many days before it ends. */
export const UPCOMING_DAYS = 7;
/** The first reminder goes this many days before the deadline. */
export const REMIND_BEFORE_DAYS = 7;
/** After the deadline, one reminder the day after, then one a week. */
export const OVERDUE_EVERY_DAYS = 7;
/** Weekly overdue reminders stop after this many: a pilot abandoned for a year should not write every week. */
export const MAX_OVERDUE_REMINDERS = 8;

export const reportDeadline = (periodEnd: IsoDate): IsoDate => addDays(periodEnd, REPORTING_WINDOW_DAYS);

/** States in which the coordinator still owes the report. */
export const owesReport = (state: ReviewState) => state === "draft" || state === "returned";

export type PeriodDuty =
  | { kind: "upcoming"; deadline: IsoDate; daysLeft: number }
  | { kind: "due"; deadline: IsoDate; daysLeft: number }
  | { kind: "overdue"; deadline: IsoDate; daysLate: number };

/** What a period asks of its coordinator today, or null (not yet near, or already submitted or approved). */
export function periodDuty(period: { endDate: IsoDate }, state: ReviewState, today: IsoDate): PeriodDuty | null {
  if (!owesReport(state)) return null;
  const deadline = reportDeadline(period.endDate);
  if (today > deadline) return { kind: "overdue", deadline, daysLate: daysBetween(deadline, today) };
  if (today > period.endDate) return { kind: "due", deadline, daysLeft: daysBetween(today, deadline) };
  if (daysBetween(today, period.endDate) <= UPCOMING_DAYS) return { kind: "upcoming", deadline, daysLeft: daysBetween(today, deadline) };
  return null;
}

/**
 * The reminder a period earns on a day, named so that it is sent once: "dueSoon" from REMIND_BEFORE_DAYS
 * before the deadline, "overdue:0" from the day after, "overdue:1" a week later, and so on. A run that
 * missed days (the server was down) still finds the reminder of the current step, never an earlier one:
 * a restart catches up without sending a backlog. After MAX_OVERDUE_REMINDERS weeks, nothing more.
 */
export function reminderStep(period: { endDate: IsoDate }, state: ReviewState, today: IsoDate): string | null {
  if (!owesReport(state)) return null;
  const deadline = reportDeadline(period.endDate);
  if (today > deadline) {
    const week = Math.floor((daysBetween(deadline, today) - 1) / OVERDUE_EVERY_DAYS);
    return week < MAX_OVERDUE_REMINDERS ? `overdue:${week}` : null;
  }
  if (daysBetween(today, deadline) <= REMIND_BEFORE_DAYS) return "dueSoon";
  return null;
}

/** Days a submitted report has waited for its reviewer. */
export const daysWaiting = (submittedAt: string, today: IsoDate) => Math.max(0, daysBetween(submittedAt.slice(0, 10) as IsoDate, today));

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;
