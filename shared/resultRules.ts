import { addDays, type IsoDate } from "./dates";
import { message, type Message } from "./i18n/message";
import { roundTo } from "./numbers";
import {
  currentResult,
  evaluateProgress,
  totalResults,
  type IndicatorProgress,
  type IndicatorRuleFields,
  type PeriodResultValues,
  type PilotSpan,
  type ResultTotals,
} from "./progress";

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

/** Field errors are catalogue messages (section "resultRules"): the form, the server and the import each say them in their reader's language. */
export type ResultFieldErrors = Partial<Record<ResultField, Message>>;

export type ValuesCheck = { ok: true; values: StoredValues } | { ok: false; fieldErrors: ResultFieldErrors };

export interface IndicatorForEntry extends IndicatorRuleFields {
  scaleMin: number | null;
  scaleMax: number | null;
  /** Counts of people and things: a result must be a whole number. Absent: any number. */
  wholeNumbers?: boolean;
}

/**
 * Checks the values a period entry gives for its indicator's measure and derives what is stored:
 * the count, the mean score with its respondents, or the percentage from numerator and denominator.
 * Entered directly, a percentage is stored as typed with its optional base in `respondents` (the weight
 * a roll-up pools it by); an index is a score without respondents.
 */
export function checkEnteredValues(indicator: IndicatorForEntry, entered: EnteredValues): ValuesCheck {
  const errors: ResultFieldErrors = {};
  if (indicator.measure === "percentage" && indicator.entryForm === "direct_percentage") {
    if (entered.value === null) errors.value = message("resultRules.enterPercentage");
    else if (entered.value < 0 || entered.value > 100) errors.value = message("resultRules.percentageOutOfRange");
    if (entered.respondents !== null && (!Number.isInteger(entered.respondents) || entered.respondents < 1)) errors.respondents = message("resultRules.baseWholeNumber");
    if (entered.numerator !== null || entered.denominator !== null) errors.value ??= message("resultRules.directNoFraction");
    if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };
    return { ok: true, values: { value: entered.value!, respondents: entered.respondents, numerator: null, denominator: null } };
  }
  if (indicator.measure === "score" && indicator.entryForm === "index") {
    const min = indicator.scaleMin ?? -Infinity;
    const max = indicator.scaleMax ?? Infinity;
    if (entered.value === null) errors.value = message("resultRules.enterIndexValue");
    else if (entered.value < min || entered.value > max) errors.value = message("resultRules.scoreOffScale", { min, max });
    if (entered.respondents !== null) errors.respondents = message("resultRules.indexNoRespondents");
    if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };
    return { ok: true, values: { value: entered.value!, respondents: null, numerator: null, denominator: null } };
  }
  switch (indicator.measure) {
    case "count": {
      if (entered.value === null) errors.value = message("resultRules.enterNumber");
      else if (entered.value < 0) errors.value = message("resultRules.countNegative");
      else if (indicator.wholeNumbers && !Number.isInteger(entered.value)) errors.value = message("resultRules.wholeNumbersOnly");
      if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };
      return { ok: true, values: { value: entered.value!, respondents: null, numerator: null, denominator: null } };
    }
    case "score": {
      const min = indicator.scaleMin ?? -Infinity;
      const max = indicator.scaleMax ?? Infinity;
      if (entered.value === null) errors.value = message("resultRules.enterMeanScore");
      else if (entered.value < min || entered.value > max) errors.value = message("resultRules.scoreOffScale", { min, max });
      if (entered.respondents === null) errors.respondents = message("resultRules.enterRespondents");
      else if (!Number.isInteger(entered.respondents) || entered.respondents < 1) errors.respondents = message("resultRules.respondentsWholeNumber");
      if (Object.keys(errors).length) return { ok: false, fieldErrors: errors };
      return { ok: true, values: { value: entered.value!, respondents: entered.respondents, numerator: null, denominator: null } };
    }
    case "percentage": {
      if (entered.numerator === null) errors.numerator = message("resultRules.enterNumerator");
      else if (entered.numerator < 0) errors.numerator = message("resultRules.numeratorNegative");
      if (entered.denominator === null) errors.denominator = message("resultRules.enterDenominator");
      else if (entered.denominator <= 0) errors.denominator = message("resultRules.denominatorNotPositive");
      if (!errors.numerator && !errors.denominator && entered.numerator! > entered.denominator!) errors.numerator = message("resultRules.numeratorAboveDenominator");
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

/** What one result adds to its indicator's running totals (everything but `latest`). */
export type TotalsContribution = Omit<ResultTotals, "latest">;

export function contributionOf(values: StoredValues | null): TotalsContribution {
  if (values === null) return { reportedCount: 0, valueSum: 0, weightedValueSum: 0, respondentSum: 0, periodsWithRespondents: 0, numeratorSum: 0, denominatorSum: 0 };
  return {
    reportedCount: 1,
    valueSum: values.value,
    weightedValueSum: values.respondents === null ? 0 : values.value * values.respondents,
    respondentSum: values.respondents ?? 0,
    periodsWithRespondents: values.respondents === null ? 0 : 1,
    numeratorSum: values.numerator ?? 0,
    denominatorSum: values.denominator ?? 0,
  };
}

/** Totals after adding one more (later) period's values. */
export function appendToTotals(totals: ResultTotals, values: StoredValues, periodEndDate: IsoDate): ResultTotals {
  const added = contributionOf(values);
  return {
    reportedCount: totals.reportedCount + added.reportedCount,
    valueSum: totals.valueSum + added.valueSum,
    weightedValueSum: totals.weightedValueSum + added.weightedValueSum,
    respondentSum: totals.respondentSum + added.respondentSum,
    periodsWithRespondents: totals.periodsWithRespondents + added.periodsWithRespondents,
    numeratorSum: totals.numeratorSum + added.numeratorSum,
    denominatorSum: totals.denominatorSum + added.denominatorSum,
    latest: { value: values.value, periodEndDate },
  };
}

interface AtPeriodEndArgs {
  indicator: IndicatorRuleFields;
  pilot: PilotSpan;
  tolerancePercent: number;
  period: PeriodRef;
  values: StoredValues;
}

/**
 * The status the indicator has at the end of `period` if `values` are saved for it, given the totals of
 * the periods before it. The server reads those totals from the stored running totals.
 */
export function progressAtPeriodEndFromTotals(args: AtPeriodEndArgs & { totalsBefore: ResultTotals }): IndicatorProgress {
  const totals = appendToTotals(args.totalsBefore, args.values, args.period.endDate);
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

/**
 * The same, from the other periods' results: the form shows it while the coordinator types. Later
 * periods do not count towards an earlier period's status.
 */
export function progressAtPeriodEnd(args: AtPeriodEndArgs & { otherResults: readonly PeriodResultValues[] }): IndicatorProgress {
  const totalsBefore = totalResults(args.otherResults.filter((r) => r.periodSequence < args.period.sequence));
  return progressAtPeriodEndFromTotals({ ...args, totalsBefore });
}

/**
 * Why a value needs a comment before it can be saved: it is below its goal or its expected progress at the
 * period's end and nobody explained it. Null when the comment is given or not needed.
 */
export function missingExplanation(progress: Pick<IndicatorProgress, "needsExplanation">, comment: string): Message | null {
  return progress.needsExplanation && comment.trim() === "" ? message("resultRules.explanationRequired") : null;
}

/** A stored result as a message, "46 of 60 (76.67 %)", with its numbers formatted in the reader's language. */
export function storedValueMessage(indicator: { measure: IndicatorForEntry["measure"]; unit: string; entryForm?: IndicatorForEntry["entryForm"] }, stored: StoredValues): Message {
  if (indicator.measure === "percentage" && indicator.entryForm === "direct_percentage")
    return stored.respondents === null
      ? message("resultRules.storedPercent", { share: roundTo(stored.value, 2) })
      : message("resultRules.storedPercentOfBase", { share: roundTo(stored.value, 2), base: stored.respondents });
  if (indicator.measure === "percentage" && stored.numerator !== null && stored.denominator !== null)
    return message("resultRules.storedShare", { numerator: stored.numerator, denominator: stored.denominator, share: roundTo(stored.value, 2) });
  if (indicator.measure === "score" && stored.respondents !== null) return message("resultRules.storedScore", { value: stored.value, count: stored.respondents });
  return indicator.unit ? message("resultRules.storedAmount", { value: stored.value, unit: indicator.unit }) : message("resultRules.storedNumber", { value: stored.value });
}
