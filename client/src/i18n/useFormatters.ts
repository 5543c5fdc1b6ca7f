import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { Measure } from "../../../shared/domain";
import { formattingLocaleOf } from "../../../shared/i18n/languages";
import { isMessage, type Message } from "../../../shared/i18n/message";
import { formatIsoDate, formatNumber, formatPercent } from "../../../shared/numbers";
import { formatGoal, formatValue } from "../format";

type ValueIndicator = { measure: Measure; unit: string; scaleMax?: number | null };
type GoalIndicator = ValueIndicator & { goal: number; goalDirection: "at_least" | "at_most" };

/**
 * Numbers, percentages, dates and goals in the chosen language's way ("8,6" and "65,22 %" in Italian,
 * "8.6" and "65.22%" in English), and messages from shared rules or the server in its words.
 */
export function useFormatters() {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? "en";
  return useMemo(() => {
    const locale = formattingLocaleOf(language);
    return {
      language,
      locale,
      number: (value: number | null | undefined, maxDecimals = 2) => formatNumber(value, maxDecimals, locale),
      percent: (value: number | null | undefined, maxDecimals = 2) => formatPercent(value, maxDecimals, locale),
      date: (iso: string) => formatIsoDate(iso, locale),
      value: (value: number | null | undefined, indicator: ValueIndicator) => formatValue(value, indicator, locale),
      goal: (indicator: GoalIndicator) =>
        formatGoal(indicator, locale, (direction, value) => (direction === "at_most" ? t("format.atMost", { value }) : t("format.atLeast", { value }))),
      /** A Message from shared rules or the server; a plain string is shown as it is. */
      message: (text: Message | string | null | undefined) =>
        text == null ? "" : isMessage(text) ? (t as (key: string, values?: object) => string)(text.key, text.values ?? {}) : text,
    };
  }, [language, t]);
}
