import { isIsoDate, todayIso, type IsoDate } from "./dates";

/**
 * Where "now" comes from. The server, the demo data and the tests all read the one clock they are given,
 * so that a run gives the same answers whatever the calendar says (docs/decisions/012-clock-and-demo-dates.md).
 */
export interface Clock {
  now(): Date;
  /** Today's calendar date. */
  today(): IsoDate;
  /** An ISO timestamp (UTC) for `entered_at`, `updated_at` and audit lines. */
  timestamp(): string;
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => todayIso(),
  timestamp: () => new Date().toISOString(),
};

/**
 * A clock whose day is fixed and whose time of day runs on, so that timestamps written in one run still
 * follow each other in order.
 */
export function fixedDayClock(day: IsoDate): Clock {
  if (!isIsoDate(day)) throw new Error(`Not an ISO date (YYYY-MM-DD): ${day}`);
  const now = () => new Date(`${day}T${new Date().toISOString().slice(11)}`);
  return { now, today: () => day, timestamp: () => now().toISOString() };
}

/** The clock a process runs on: `PILOT_MONITOR_TODAY=2026-02-28` fixes the day (tests, demos); unset, the system's. */
export function clockFromSetting(setting: string | undefined): Clock {
  const day = setting?.trim();
  return day ? fixedDayClock(day) : systemClock;
}
