import { describe, expect, it } from "vitest";
import type { GoalDirection, Status } from "../../shared/domain";
import { evaluateProgress, type IndicatorRuleFields } from "../../shared/progress";

/*
 * Every measure × delivery profile × direction of docs/decisions/001 and 017, judged on the rules that hold for
 * all of them: after the pilot's end a result at the goal is achieved, one far from it underperforms, none at
 * all is not reported; before the end an indicator counted at the end is never behind; a goal of zero.
 */

const pilot = { startDate: "2020-01-01", endDate: "2020-12-30" };
const HALF_WAY = "2020-07-01";
const AFTER_END = "2021-01-10";

const kinds: { name: string; fields: Pick<IndicatorRuleFields, "measure" | "cumulation" | "levelAggregation" | "entryForm">; goal: number }[] = [
  { name: "count that adds up", fields: { measure: "count", cumulation: "increments" }, goal: 400 },
  { name: "running total", fields: { measure: "count", cumulation: "to_date" }, goal: 400 },
  { name: "level, latest period", fields: { measure: "count", cumulation: "level", levelAggregation: "latest" }, goal: 50 },
  { name: "level, mean of the periods", fields: { measure: "count", cumulation: "level", levelAggregation: "mean" }, goal: 50 },
  { name: "percentage from numerator and denominator", fields: { measure: "percentage", cumulation: "to_date", entryForm: "standard" }, goal: 60 },
  { name: "percentage entered directly", fields: { measure: "percentage", cumulation: "to_date", entryForm: "direct_percentage" }, goal: 60 },
  { name: "respondent-weighted score", fields: { measure: "score", cumulation: "to_date", entryForm: "standard" }, goal: 8 },
  { name: "index on a scale", fields: { measure: "score", cumulation: "to_date", entryForm: "index" }, goal: 70 },
];

const profiles: { name: string; fields: Pick<IndicatorRuleFields, "delivery" | "milestoneShape" | "milestones">; milestoneShare?: number }[] = [
  { name: "linear", fields: { delivery: "linear" } },
  { name: "milestones, interpolated", fields: { delivery: "milestones", milestoneShape: "interpolated" }, milestoneShare: 0.4 },
  { name: "milestones, stepped", fields: { delivery: "milestones", milestoneShape: "stepped" }, milestoneShare: 0.4 },
  { name: "counted at the end", fields: { delivery: "at_end" } },
];

const directions: GoalDirection[] = ["at_least", "at_most"];

const matrix = kinds.flatMap((kind) => profiles.flatMap((profile) => directions.map((direction) => ({ kind, profile, direction }))));

function indicatorOf({ kind, profile, direction }: (typeof matrix)[number], goal = kind.goal): IndicatorRuleFields {
  const milestones = profile.milestoneShare === undefined ? undefined : [{ date: "2020-06-30", target: goal * profile.milestoneShare }];
  return { ...kind.fields, ...profile.fields, ...(milestones ? { milestones } : {}), goalDirection: direction, baseline: 0, goal };
}

function statusOf(indicator: IndicatorRuleFields, current: number | null, asOf: string, reported: boolean | null = current !== null): Status {
  const referenceDate = asOf === AFTER_END ? pilot.endDate : HALF_WAY;
  return evaluateProgress({ indicator, pilot, tolerancePercent: 15, asOf, current, referenceDate, latestDuePeriodReported: reported }).status;
}

const label = ({ kind, profile, direction }: (typeof matrix)[number]) => `${kind.name} · ${profile.name} · ${direction}`;

describe("every measure × delivery profile × direction", () => {
  it("covers 8 kinds × 4 profiles × 2 directions", () => {
    expect(matrix).toHaveLength(64);
  });

  it.each(matrix.map((cell) => [label(cell), cell] as const))("%s: after the end, a result at the goal is achieved", (_, cell) => {
    expect(statusOf(indicatorOf(cell), cell.kind.goal, AFTER_END)).toBe("achieved");
  });

  it.each(matrix.map((cell) => [label(cell), cell] as const))("%s: after the end, a result far from the goal underperforms", (_, cell) => {
    const far = cell.direction === "at_least" ? cell.kind.goal * 0.5 : cell.kind.goal * 1.5;
    expect(statusOf(indicatorOf(cell), far, AFTER_END)).toBe("underperforming");
  });

  it.each(matrix.map((cell) => [label(cell), cell] as const))("%s: after the end, no result at all is not reported", (_, cell) => {
    expect(statusOf(indicatorOf(cell), null, AFTER_END, false)).toBe("not_reported");
  });

  it.each(matrix.filter((cell) => cell.profile.fields.delivery === "at_end").map((cell) => [label(cell), cell] as const))(
    "%s: half-way, nothing yet is due at the end, never behind",
    (_, cell) => {
      expect(statusOf(indicatorOf(cell), null, HALF_WAY, false)).toBe("due_at_end");
    },
  );

  it.each(matrix.filter((cell) => cell.direction === "at_most").map((cell) => [label(cell), cell] as const))(
    "%s: a goal of zero, at most, is achieved at zero after the end",
    (_, cell) => {
      expect(statusOf(indicatorOf(cell, 0), 0, AFTER_END)).toBe("achieved");
    },
  );
});
