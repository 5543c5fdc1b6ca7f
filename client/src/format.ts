import type { Measure } from "../../shared/domain";
import { formatNumber, formatPercent } from "../../shared/numbers";

/** "405 hours", "8.6 / 10", "65.22 %": a value with the unit its measure implies. */
export function formatValue(value: number | null | undefined, indicator: { measure: Measure; unit: string; scaleMax?: number | null }): string {
  if (value === null || value === undefined) return "–";
  if (indicator.measure === "percentage") return formatPercent(value, 2);
  if (indicator.measure === "score") return `${formatNumber(value)}${indicator.scaleMax != null ? ` / ${formatNumber(indicator.scaleMax)}` : ""}`;
  return `${formatNumber(value)}${indicator.unit ? ` ${indicator.unit}` : ""}`;
}

export function formatGoal(indicator: { measure: Measure; unit: string; goal: number; goalDirection: "at_least" | "at_most"; scaleMax?: number | null }): string {
  return `${indicator.goalDirection === "at_most" ? "at most" : "at least"} ${formatValue(indicator.goal, indicator)}`;
}

export function formatDate(iso: string): string {
  const [year, month, day] = iso.slice(0, 10).split("-");
  return `${day}/${month}/${year}`;
}
