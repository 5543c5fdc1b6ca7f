import { fixedDayClock } from "../../shared/clock";

/**
 * The day every test runs on unless PILOT_MONITOR_TODAY names another: the day the demo data's expected
 * figures were written for. `npm run test:dates` runs the suite again on a month end, a year end and a leap
 * day (docs/decisions/012-clock-and-demo-dates.md). Nothing in a test reads the machine's calendar.
 */
export const DEFAULT_TEST_DAY = "2026-11-23";

/** The test run's day: PILOT_MONITOR_TODAY when set (validated), otherwise DEFAULT_TEST_DAY. */
export function testDay(environment: NodeJS.ProcessEnv = process.env): string {
  return fixedDayClock(environment.PILOT_MONITOR_TODAY?.trim() || DEFAULT_TEST_DAY).today();
}
