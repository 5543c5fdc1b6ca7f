import type { i18n as I18n } from "i18next";
import { formatIsoDate, formatNumber, formatPercent } from "../numbers";
import { formattingLocaleOf } from "./languages";

/**
 * Formats the catalogues may use, the same in the browser and on the server:
 * {{value, number}} (at most 2 decimals), {{share, percent}} (a value in percent: 65.22 → "65.22%" / "65,22 %"),
 * {{day, date}} (an ISO date: 2021-09-30 → "30/09/2021" / "30.09.2021").
 */
export function registerFormatters(i18n: I18n): void {
  const formatter = i18n.services.formatter;
  if (!formatter) return;
  const locale = (lng: string | undefined) => formattingLocaleOf(lng ?? i18n.resolvedLanguage ?? "en");
  const decimals = (options: unknown, fallback: number) => {
    const value = (options as { maximumFractionDigits?: unknown } | undefined)?.maximumFractionDigits;
    return typeof value === "number" ? value : typeof value === "string" && value !== "" ? Number(value) : fallback;
  };
  formatter.add("number", (value, lng, options) => formatNumber(Number(value), decimals(options, 2), locale(lng)));
  formatter.add("percent", (value, lng, options) => formatPercent(Number(value), decimals(options, 2), locale(lng)));
  formatter.add("date", (value, lng) => formatIsoDate(String(value), locale(lng)));
}
