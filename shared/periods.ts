import { addDays, addMonths, type IsoDate } from "./dates";
import type { ReportingFrequency } from "./domain";

export interface GeneratedPeriod {
  sequence: number;
  startDate: IsoDate;
  endDate: IsoDate;
}

const monthsPerPeriod: Record<Exclude<ReportingFrequency, "whole_pilot">, number> = {
  monthly: 1,
  quarterly: 3,
  half_yearly: 6,
};

/**
 * Reporting periods run from the pilot's start in steps of the frequency; the last one ends on the
 * pilot's end date and may therefore be short. See docs/decisions/002-reporting-periods.md.
 */
export function generateReportingPeriods(
  startDate: IsoDate,
  endDate: IsoDate,
  frequency: ReportingFrequency,
): GeneratedPeriod[] {
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

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function monthYear(date: IsoDate): string {
  return `${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

const periodNouns: Record<ReportingFrequency, string> = {
  monthly: "Month",
  quarterly: "Quarter",
  half_yearly: "Half-year",
  whole_pilot: "Whole pilot",
};

/** "Quarter 2 (Dec 2020 – Feb 2021)"; "Whole pilot (Sep 2020 – Sep 2021)". */
export function periodLabel(period: GeneratedPeriod, frequency: ReportingFrequency): string {
  const noun = frequency === "whole_pilot" ? periodNouns[frequency] : `${periodNouns[frequency]} ${period.sequence}`;
  const from = monthYear(period.startDate);
  const to = monthYear(period.endDate);
  return from === to ? `${noun} (${from})` : `${noun} (${from} – ${to})`;
}
