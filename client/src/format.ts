import type { Measure } from "../../shared/domain";
import { formatNumber, formatPercent } from "../../shared/numbers";

/** "405 hours", "8.6 / 10", "65.22%" (65,22 % in Italian): a value with the unit its measure implies. */
export function formatValue(value: number | null | undefined, indicator: { measure: Measure; unit: string; scaleMax?: number | null }, locale: string): string {
  if (value === null || value === undefined) return "–";
  if (indicator.measure === "percentage") return formatPercent(value, 2, locale);
  if (indicator.measure === "score") return `${formatNumber(value, 2, locale)}${indicator.scaleMax != null ? ` / ${formatNumber(indicator.scaleMax, 2, locale)}` : ""}`;
  return `${formatNumber(value, 2, locale)}${indicator.unit ? ` ${indicator.unit}` : ""}`;
}

/** "at least 400 hours": the words come from the catalogue, the value is written the locale's way. */
export function formatGoal(
  indicator: { measure: Measure; unit: string; goal: number; goalDirection: "at_least" | "at_most"; scaleMax?: number | null },
  locale: string,
  words: (direction: "at_least" | "at_most", value: string) => string,
): string {
  return words(indicator.goalDirection, formatValue(indicator.goal, indicator, locale));
}
