import { addDays, type IsoDate } from "./dates";
import { formatNumber, roundTo } from "./numbers";
import { currentResult, evaluateProgress, totalResults, type IndicatorProgress, type IndicatorRuleFields, type PeriodResultValues, type PilotSpan } from "./progress";

/** What a period's entry holds once its numbers are parsed. */
export interface EnteredValues {
  value: number | null;
  respondents: number | null;
  numerator: number | null;
  denominator: number | null;
}

export interface StoredValues {
  value: number;
  respondents: number | null;
  numerator: number | null;
  denominator: number | null;
}

export type ResultField = "value" | "respondents" | "numerator" | "denominator" | "comment";

export type ValuesCheck = { ok: true; values: StoredValues } | { ok: false; fieldErrors: Partial<Record<ResultField, string>> };

export interface IndicatorForEntry extends IndicatorRuleFields {
  scaleMin: number | null;
  scaleMax: number | null;
}

/**
 * Checks the values a period entry gives for its indicator's measure and derives what is stored:
 * the count, the mean score with its respondents, or the percentage from numerator and denominator.
 */
export function checkEnteredValues(indicator: IndicatorForEntry, entered: EnteredValues): ValuesCheck {
  const errors: Partial<Record<ResultField, string>> = {};
  switch (indicator.measure) {
    case "count": {
      if (entered.value === null) errors.value = "Enter a number.";
      else if (entered.value < 0) errors.value = "A count cannot be negative.";
      if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };
      return { ok: true, values: { value: entered.value!, respondents: null, numerator: null, denominator: null } };
    }
    case "score": {
      const min = indicator.scaleMin ?? -Infinity;
      const max = indicator.scaleMax ?? Infinity;
      if (entered.value === null) errors.value = "Enter the mean score.";
      else if (entered.value < min || entered.value > max)
        errors.value = `The score must be on the scale from ${formatNumber(min)} to ${formatNumber(max)}.`;
      if (entered.respondents === null) errors.respondents = "Enter how many people answered.";
      else if (!Number.isInteger(entered.respondents) || entered.respondents < 1) errors.respondents = "Respondents must be a whole number of at least 1.";
      if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };
      return { ok: true, values: { value: entered.value!, respondents: entered.respondents, numerator: null, denominator: null } };
    }
    case "percentage": {
      if (entered.numerator === null) errors.numerator = "Enter the numerator.";
      else if (entered.numerator < 0) errors.numerator = "The numerator cannot be negative.";
      if (entered.denominator === null) errors.denominator = "Enter the denominator.";
      else if (entered.denominator <= 0) errors.denominator = "The denominator must be above 0.";
      if (!errors.numerator && !errors.denominator && entered.numerator! > entered.denominator!)
        errors.numerator = "The numerator cannot be above the denominator.";
      if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };
      const value = roundTo((100 * entered.numerator!) / entered.denominator!, 6);
      return { ok: true, values: { value, respondents: null, numerator: entered.numerator, denominator: entered.denominator } };
    }
  }
}

export interface PeriodRef {
  sequence: number;
  endDate: IsoDate;
}

/**
 * The status the indicator has at the end of `period` if `values` are saved for it, given the results
 * of the other periods. The form shows it while typing; the server uses it to require a comment.
 */
export function progressAtPeriodEnd(args: {
  indicator: IndicatorRuleFields;
  pilot: PilotSpan;
  tolerancePercent: number;
  period: PeriodRef;
  values: StoredValues;
  otherResults: readonly PeriodResultValues[];
}): IndicatorProgress {
  const upToPeriod = args.otherResults.filter((r) => r.periodSequence < args.period.sequence);
  const totals = totalResults([...upToPeriod, { ...args.values, periodSequence: args.period.sequence, periodEndDate: args.period.endDate }]);
  return evaluateProgress({
    indicator: args.indicator,
    pilot: args.pilot,
    tolerancePercent: args.tolerancePercent,
    asOf: addDays(args.period.endDate, 1),
    current: currentResult(args.indicator, totals),
    referenceDate: args.period.endDate,
    latestDuePeriodReported: true,
  });
}
