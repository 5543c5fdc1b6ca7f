import { FICTIONAL_LANGUAGE_HOURS, fictionalPilotSpan } from "../../server/demo/demo";
import { translate } from "../../server/i18n";
import { generateReportingPeriods } from "../../shared/periods";
import { describeProjection, projectIndicator } from "../../shared/projection";

/** The project's tolerance the demo's fictional project keeps (the schema's default). */
const DEMO_TOLERANCE_PERCENT = 15;

/**
 * What the fictional pilot's language hours are projected to reach when the demo is loaded on `today`.
 * The story (on track, likely to miss, 81 % of the goal) is the same on every day; the projected hours
 * follow the lengths of the months the pilot spans, 389 to 391 (docs/decisions/012-clock-and-demo-dates.md),
 * so a test that shows the figure reads it from here rather than from the calendar it was written on.
 */
export function expectedLanguageHoursProjection(today: string) {
  const pilot = fictionalPilotSpan(today);
  const periods = generateReportingPeriods(pilot.startDate, pilot.endDate, "quarterly");
  const indicator = { measure: "count", cumulation: "increments", goalDirection: "at_least", baseline: 0, goal: FICTIONAL_LANGUAGE_HOURS.goal } as const;
  const projection = projectIndicator({
    indicator,
    pilot,
    tolerancePercent: DEMO_TOLERANCE_PERCENT,
    asOf: today,
    results: FICTIONAL_LANGUAGE_HOURS.quarters.map((value, i) => ({ periodSequence: i + 1, periodEndDate: periods[i]!.endDate, value })),
  });
  if (projection.kind !== "count") throw new Error(`The fictional pilot's language hours have no projection on ${today}`);
  return {
    projected: Math.round(projection.projected),
    low: Math.round(projection.low),
    high: Math.round(projection.high),
    percentOfGoal: Math.round(projection.percentOfGoal!),
    likelyToMiss: projection.likelyToMiss,
    /** The sentence the pilot page and the "needs attention" list show, in English. */
    text: translate("en", describeProjection(projection, { ...indicator, unit: "hours" })),
  };
}
