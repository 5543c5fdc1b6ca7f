import { clockFromSetting, type Clock } from "../shared/clock";

/**
 * The server process's clock, read once from PILOT_MONITOR_TODAY. Code that has a request context uses
 * `ctx.clock`; code below it (services, imports, the demo data) uses this one, which tests may replace
 * with `useClock`.
 */
let current: Clock = clockFromSetting(process.env.PILOT_MONITOR_TODAY);

export function processClock(): Clock {
  return current;
}

/** Replaces the process clock (tests); returns the one it replaced. */
export function useClock(clock: Clock): Clock {
  const previous = current;
  current = clock;
  return previous;
}

export function nowTimestamp(): string {
  return current.timestamp();
}

export function today(): string {
  return current.today();
}
