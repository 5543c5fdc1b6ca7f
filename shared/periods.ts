import { addDays, addMonths, type IsoDate } from "./dates";
import type { ReportingFrequency } from "./domain";
import { message, type Message } from "./i18n/message";

export interface GeneratedPeriod {
  sequence: number;
  startDate: IsoDate;
  endDate: IsoDate;
}

const monthsPerPeriod: Record<Exclude<ReportingFrequency, "whole_pilot">, number> = {
  monthly: 1,
  quarterly: 3,
  half_yearly: 6,
  yearly: 12,
};

/**
 * Reporting periods run from the pilot's start in steps of the frequency; the last one ends on the
 * pilot's end date and may therefore be short. See docs/decisions/002-reporting-periods.md.
 */
export function generateReportingPeriods(startDate: IsoDate, endDate: IsoDate, frequency: ReportingFrequency): GeneratedPeriod[] {
  if (endDate < startDate) throw new Error("The pilot ends before it starts");
  if (frequency === "whole_pilot") return [{ sequence: 1, startDate, endDate }];
  const step = monthsPerPeriod[frequency];
  const periods: GeneratedPeriod[] = [];
  for (let sequence = 1; ; sequence++) {
    // Always step from the pilot start, so that a start on the 31st does not drift to the 28th.
    const periodStart = sequence === 1 ? startDate : addMonths(startDate, step * (sequence - 1));
    if (periodStart > endDate) break;
    const naturalEnd = addDays(addMonths(startDate, step * sequence), -1);
    periods.push({ sequence, startDate: periodStart, endDate: naturalEnd < endDate ? naturalEnd : endDate });
    if (naturalEnd >= endDate) break;
  }
  return periods;
}

/** The first of the date's month, as a UTC time: the catalogues name the month and year in each language. */
function monthOf(date: IsoDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, 1);
}

/**
 * "Quarter 2 (Dec 2020 – Feb 2021)", "Trimestre 2 (dic 2020 – feb 2021)"; "Whole pilot (Sep 2020 – Sep 2021)".
 * Only the dates are stored; the label is made in the reader's language each time it is shown.
 */
export function periodLabel(period: GeneratedPeriod, frequency: ReportingFrequency): Message {
  const from = monthOf(period.startDate);
  const to = monthOf(period.endDate);
  const sequence = period.sequence;
  return from === to ? message(`periods.${frequency}.oneMonth`, { sequence, from }) : message(`periods.${frequency}.months`, { sequence, from, to });
}

/** A period the pilot no longer has (its dates changed since): named by its number only. */
export function periodNumberLabel(sequence: number): Message {
  return message("periods.numbered", { sequence });
}
