import type { Measure } from "./domain";

/**
 * The unit an indicator's figures are written with wherever no other column says it: "%" for a
 * percentage, and for a score its scale as well ("points (0–100)", "(1–10)"), so that no table, export or
 * report shows a score without the scale it is read on (issue 23: an index such as MIPEX-R on 0–100).
 */
export function unitWithScale(indicator: { measure: Measure; unit: string; scaleMin?: number | null; scaleMax?: number | null }): string {
  if (indicator.measure === "percentage") return "%";
  const { scaleMin, scaleMax } = indicator;
  if (indicator.measure === "score" && scaleMin !== null && scaleMin !== undefined && scaleMax !== null && scaleMax !== undefined)
    return `${indicator.unit.trim()} (${scaleMin}–${scaleMax})`.trim();
  return indicator.unit;
}
