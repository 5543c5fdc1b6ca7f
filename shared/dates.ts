/**
 * Calendar dates are ISO strings (YYYY-MM-DD) everywhere: they sort as text, store as text in SQLite
 * and carry no time zone, which is what a reporting period is.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function toUtc(date: IsoDate): Date {
  if (!isIsoDate(date)) throw new Error(`Not an ISO date: ${date}`);
  return new Date(`${date}T00:00:00Z`);
}

function fromUtc(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** Adds calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const d = toUtc(date);
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return fromUtc(target);
}

/**
 * Days since 1970-01-01 of an ISO date that was validated at the boundary. It parses by position,
 * without a regular expression or a Date object, because the portfolio calls it for every indicator.
 */
function epochDay(date: IsoDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
}

/** Number of days from `from` to `to`, both included (a one-day period has 1). */
export function daysInclusive(from: IsoDate, to: IsoDate): number {
  return epochDay(to) - epochDay(from) + 1;
}

export function todayIso(now: Date = new Date()): IsoDate {
  return fromUtc(new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())));
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

/** Adds calendar years (29 Feb + 1 year = 28 Feb). */
export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, 12 * years);
}

/* The domain's bounds for project and pilot dates (docs/decisions/014-text-at-the-door.md). */
export const EARLIEST_PLAN_DATE: IsoDate = "1990-01-01";
export const LATEST_PLAN_DATE: IsoDate = "2100-12-31";
export const MAX_PILOT_YEARS = 15;
export const MAX_REPORTING_PERIODS = 500;
